import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import * as z from 'zod';
import { findDataset } from '../../datasets/index.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { countPartition, finishRun, planRun, type PlannedRun } from '../pipeline/distributed/steps.ts';
import type { PartialCountFiles } from '../pipeline/distributed/partial-counts.ts';
import type { PublishDeps, PublishReport } from '../pipeline/publish.ts';
import { recordFailure, recordRun } from './publish.ts';

const run = { datasetId: z.string().min(1), runId: z.string().min(1), asOf: z.iso.datetime() };
const stepEvent = z.discriminatedUnion('step', [
  z.object({ step: z.literal('plan'), datasetId: z.string().min(1) }),
  z.object({
    step: z.literal('count'),
    ...run,
    partition: z.object({
      index: z.number().int().min(0),
      key: z.string().min(1),
      partition: z.string(),
      provinceCode: z.string().optional(),
      size: z.number().int().min(0),
    }),
  }),
  z.object({ step: z.literal('finish'), ...run, partials: z.array(z.object({ parquet: z.string(), json: z.string() })).min(1) }),
]);

/** Problems a finished run hands back to the state machine (its payload is capped at 256 KB); the log has them all. */
const LISTED_PROBLEMS = 20;

/**
 * The distributed publish's steps (pipeline/distributed/), one function for all three: the state
 * machine sends `{ step: 'plan' | 'count' | 'finish', … }`. Built from its dependencies so that the
 * local stack's ASL interpreter runs the same handler (src/local/state-machine.ts).
 */
export function createPublishStepsHandler(
  deps: PublishDeps,
  { logger, metrics }: { logger: Logger; metrics: Metrics },
  datasets: (id: string) => DatasetDefinition | undefined = findDataset,
) {
  return middy(async (event: unknown): Promise<PlannedRun | PartialCountFiles | PublishReport> => {
    const parsed = stepEvent.safeParse(event);
    if (!parsed.success)
      throw new BadRequestError(`not a publish step: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`);
    const step = parsed.data;
    const definition = datasets(step.datasetId);
    if (!definition) throw new NotFoundError(`unknown dataset "${step.datasetId}"`);
    if (definition.kind !== 'aggregate' || definition.execution !== 'distributed') {
      throw new BadRequestError(`"${definition.id}" is not published on the distributed path (execution: 'distributed')`);
    }
    logger.appendKeys({ datasetId: definition.id, step: step.step });
    metrics.addDimension('dataset', definition.id);
    switch (step.step) {
      case 'plan': {
        const planned = await planRun(definition, deps);
        metrics.addMetric('PartitionsPlanned', MetricUnit.Count, planned.partitions.length);
        return planned;
      }
      case 'count': {
        const counted = await countPartition(definition, step, step.partition, deps);
        metrics.addMetric('PartitionsCounted', MetricUnit.Count, 1);
        return counted;
      }
      case 'finish': {
        const report = await finishRun(definition, step, step.partials, deps);
        recordRun(report, { logger, metrics });
        return { ...report, problems: report.problems.slice(0, LISTED_PROBLEMS), withheld: [] };
      }
    }
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .onError(async (request) => recordFailure(request.error, { logger, metrics }));
}
