import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createPublishHandler } from '../handlers/publish.ts';
import { createPublishStepsHandler } from '../handlers/publish-steps.ts';
import type { PublishDeps, PublishReport } from '../pipeline/publish.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { localLambdaContext } from './lambda-context.ts';
import { createLocalStateMachine } from './state-machine.ts';

/** Whether a dataset is published by the distributed path's state machine (pipeline/distributed/). */
export const isDistributed = (definition: DatasetDefinition): boolean =>
  definition.kind === 'aggregate' && definition.execution === 'distributed';

/**
 * A dataset's publish run as on AWS: the publish function's handler, or for a distributed dataset
 * its state machine, run by the local ASL interpreter with the steps function's handler.
 */
export function createLocalPublisher(deps: PublishDeps, observability: { logger: Logger; metrics: Metrics }) {
  const publish = createPublishHandler(deps, observability);
  const runStateMachine = createLocalStateMachine(createPublishStepsHandler(deps, observability));
  return async (definition: DatasetDefinition): Promise<PublishReport> =>
    (isDistributed(definition)
      ? await runStateMachine({ datasetId: definition.id })
      : await publish({ datasetId: definition.id }, localLambdaContext(`publish-${definition.id}`))) as PublishReport;
}
