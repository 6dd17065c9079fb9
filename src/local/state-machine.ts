import { availableParallelism } from 'node:os';
import { StateMachine } from 'aws-local-stepfunctions';
import { distributedPublishDefinition, TASK_STATES } from '../pipeline/distributed/state-machine.ts';
import { localLambdaContext } from './lambda-context.ts';

// The interpreter is written for Node.js 22 and uses only this of it; Node.js 20 lacks it.
(Promise as unknown as { withResolvers?: unknown }).withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

/** Definitions (as JSON) this process has already validated. */
const validated = new Set<string>();

type StepsHandler = (event: unknown, context: ReturnType<typeof localLambdaContext>) => Promise<unknown>;

/**
 * The distributed publish run locally: the state machine definition the CDK app deploys, run by
 * an Amazon States Language interpreter (aws-local-stepfunctions) whose Task states call the
 * publish-steps handler in this process; the Distributed Map counts as many partitions at once as
 * there are cores. Resolves to the Finish state's output; rejects with the step's own error.
 */
export function createLocalStateMachine(handler: StepsHandler, options: { maxConcurrency?: number } = {}) {
  const definition = distributedPublishDefinition({
    stepsFunction: 'arn:aws:lambda:ap-southeast-1:000000000000:function:publish-steps',
    maxConcurrency: options.maxConcurrency ?? availableParallelism(),
  });
  // Checked against the States Language once per process: the validator compiles its JSON
  // schemas on every call (0.2 s), and a run makes its own machine.
  const json = JSON.stringify(definition);
  const noValidate = validated.has(json);
  // The definition is plain JSON (as deployed); the interpreter's types want literal state types.
  const machine = new StateMachine(definition as unknown as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { checkPaths: true, checkArn: true, noValidate },
  });
  validated.add(json);
  // The steps still running: when one partition fails, the interpreter rejects at once while the
  // others go on (Step Functions' own Lambdas would too). A run ends only when they have, so that
  // nothing writes into the work directory once the caller has the error (and may remove it).
  const running = new Set<Promise<unknown>>();
  // `any`: the interpreter types a handler over its own JSON types.
  const call = (event: any): Promise<any> => {
    const step = handler(event, localLambdaContext('publish-steps'));
    running.add(step);
    void step.then(
      () => running.delete(step),
      () => running.delete(step),
    );
    return step;
  };
  const taskResourceLocalHandlers = Object.fromEntries(Object.values(TASK_STATES).map((state) => [state, call]));
  return async (input: { datasetId: string }): Promise<unknown> => {
    const execution = machine.run(input, { overrides: { taskResourceLocalHandlers } });
    try {
      return await execution.result;
    } catch (error) {
      execution.abort();
      while (running.size) await Promise.allSettled([...running]);
      throw stepError(error);
    }
  };
}

/** The interpreter wraps a failed state's error (a map's, twice): the step's own error is the innermost cause. */
function stepError(error: unknown): unknown {
  let inner = error;
  while (inner instanceof Error && inner.cause !== undefined && /Execution|States\.|Map/.test(inner.constructor.name + inner.name))
    inner = inner.cause;
  return inner;
}
