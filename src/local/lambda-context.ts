import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
const ignore = (): void => {};

/**
 * A Lambda context for invoking the real handlers locally (the shape Powertools' testing context
 * has). The local server makes one per request, so it shares what it can: one closure, for the
 * remaining time, which middy calls unbound.
 */
export function localLambdaContext(functionName: string): Context {
  const deadline = Date.now() + FIFTEEN_MINUTES_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '2048',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: ignore,
    fail: ignore,
    succeed: ignore,
  };
}
