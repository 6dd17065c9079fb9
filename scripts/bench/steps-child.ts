/**
 * Child process: one invocation of the publish-steps function (what one Lambda invocation of the
 * distributed path runs: plan, count one partition, or finish), against the local stack named by
 * the environment. The event is read from `--event`; writes the step's output with the process's
 * wall time, CPU and peak RSS. `--force-distributed` runs any aggregate on the distributed path.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { findDataset } from '../../datasets/index.ts';
import { createPublishDeps } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createPublishStepsHandler } from '../../src/handlers/publish-steps.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { arg, requiredArg, round, usageNow, usageSince, type ChildUsage } from './lib.ts';

export interface StepChildResult extends ChildUsage {
  output: unknown;
  seconds: number;
}

const event = JSON.parse(await readFile(requiredArg('event'), 'utf8')) as { datasetId: string };
const forced = process.argv.includes('--force-distributed');
const now = arg('now');
const datasets = (id: string): DatasetDefinition | undefined => {
  const definition = findDataset(id);
  return forced && definition?.kind === 'aggregate' ? { ...definition, execution: 'distributed' } : definition;
};
const handler = createPublishStepsHandler(
  { ...createPublishDeps(loadConfig()), ...(now ? { now: () => new Date(now) } : {}) },
  {
    logger: new Logger({ serviceName: 'publish-steps', logLevel: 'ERROR' }),
    metrics: new Metrics({ namespace: 'bench', serviceName: 'publish' }),
  },
  datasets,
);
const start = usageNow();
const t0 = performance.now();
const output = await handler(event, localLambdaContext('publish-steps'));
const result: StepChildResult = { output, seconds: round((performance.now() - t0) / 1000, 3), ...usageSince(start) };
await writeFile(requiredArg('result'), JSON.stringify(result));
