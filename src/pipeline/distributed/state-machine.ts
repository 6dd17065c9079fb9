/**
 * The distributed path's Amazon States Language definition, one source for both runs: the CDK app
 * deploys it with the step function's ARN (infra/), and the local stack runs the same JSON with an
 * ASL interpreter whose Task states call the same handler in-process (src/local/state-machine.ts).
 *
 * Plan → CountPartitions (a Distributed Map: each landing partition counted in its own child
 * execution and Lambda invocation) → Finish (one publish from the summed counts). A failure
 * anywhere fails the execution: nothing is published, and the run's partial counts expire.
 */
/**
 * Where the map step writes each partition's counts: `<prefix><dataset>/<run>/` in the landing
 * bucket (private, like the exports), deleted by the finish step and expired by a lifecycle rule.
 */
export const RUNS_PREFIX = '_runs/';

export interface StateMachineOptions {
  /** The publish-steps function (on AWS its ARN). */
  stepsFunction: string;
  /** Partitions counted at once. */
  maxConcurrency: number;
}

/** State names, which the local interpreter binds to the handler. */
export const TASK_STATES = { plan: 'Plan', count: 'CountPartition', finish: 'Finish' } as const;

/** Lambda's own transient failures, retried with backoff (the steps are idempotent). */
const RETRY = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

export function distributedPublishDefinition({ stepsFunction, maxConcurrency }: StateMachineOptions) {
  return {
    Comment: 'Publish an aggregate dataset from many landing partitions (Decree 102/2025/ND-CP open health data)',
    StartAt: TASK_STATES.plan,
    States: {
      [TASK_STATES.plan]: {
        Type: 'Task',
        Resource: stepsFunction,
        Parameters: { step: 'plan', 'datasetId.$': '$.datasetId' },
        Retry: RETRY,
        Next: 'CountPartitions',
      },
      CountPartitions: {
        Type: 'Map',
        ItemsPath: '$.partitions',
        ItemSelector: {
          step: 'count',
          'datasetId.$': '$.datasetId',
          'runId.$': '$.runId',
          'asOf.$': '$.asOf',
          'partition.$': '$$.Map.Item.Value',
        },
        MaxConcurrency: maxConcurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: TASK_STATES.count,
          States: {
            [TASK_STATES.count]: { Type: 'Task', Resource: stepsFunction, Retry: RETRY, End: true },
          },
        },
        ResultPath: '$.partials',
        Next: TASK_STATES.finish,
      },
      [TASK_STATES.finish]: {
        Type: 'Task',
        Resource: stepsFunction,
        Parameters: {
          step: 'finish',
          'datasetId.$': '$.datasetId',
          'runId.$': '$.runId',
          'asOf.$': '$.asOf',
          'partials.$': '$.partials',
        },
        Retry: RETRY,
        End: true,
      },
    },
  };
}
