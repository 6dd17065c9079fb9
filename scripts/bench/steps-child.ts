/**
 * Child process: a warm instance of the publish-steps function (what a Lambda container of the
 * distributed path is), against the local stack named by the environment. Reads one event per
 * line on stdin and answers each with one line on stdout: the step's output, its wall and CPU
 * time, and the process's peak RSS so far. `--force-distributed` runs any aggregate on the
 * distributed path; `--now` fixes the run's date.
 */
import { createInterface } from 'node:readline';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { findDataset } from '../../datasets/index.ts';
import { createPublishDeps } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createPublishStepsHandler } from '../../src/handlers/publish-steps.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { arg, round, usageNow, usageSince, type ChildUsage } from './lib.ts';

export interface StepChildResult extends ChildUsage {
  output?: unknown;
  error?: string;
  seconds: number;
}

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
process.stdout.write('READY {}\n');
for await (const line of createInterface({ input: process.stdin })) {
  const start = usageNow();
  const t0 = performance.now();
  let result: StepChildResult;
  try {
    const output = await handler(JSON.parse(line), localLambdaContext('publish-steps'));
    result = { output, seconds: round((performance.now() - t0) / 1000, 3), ...usageSince(start) };
  } catch (error) {
    result = { error: String((error as Error).stack ?? error), seconds: round((performance.now() - t0) / 1000, 3), ...usageSince(start) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
