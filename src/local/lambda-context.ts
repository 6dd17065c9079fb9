import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
const ignore = (): void => {};
// Every local invocation has the whole 15 minutes, and no clock counts them down: nothing local
// needs one (middy only schedules its early timeout from it), and a closure per request is what
// the local server's profile showed.
const wholeTimeout = (): number => FIFTEEN_MINUTES_MS;

/**
 * A Lambda context for invoking the real handlers locally (the shape Powertools' testing context
 * has). The local server makes one per request, so it shares what it can: its functions are
 * module-level (middy calls them unbound).
 */
export function localLambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '2048',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: wholeTimeout,
    done: ignore,
    fail: ignore,
    succeed: ignore,
  };
}
