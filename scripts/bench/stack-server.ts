/**
 * Child process: the embedded S3 (s3rver) and DynamoDB (dynalite) servers on `--data-dir`, with the
 * buckets and the catalog table provisioned. Kept out of the measured processes, as S3 and
 * DynamoDB are out of the Lambda's process on AWS. Prints `READY {"s3Endpoint", "dynamodbEndpoint"}`
 * and runs until its stdin closes.
 */
import { loadConfig } from '../../src/config.ts';
import { localEnvironment, provisionLocalResources, startLocalStack } from '../../src/local/stack.ts';
import { onParentGone, requiredArg } from './lib.ts';

const dataDir = requiredArg('data-dir');
const stack = await startLocalStack(dataDir);
await provisionLocalResources(loadConfig(localEnvironment(stack, 'http://127.0.0.1:8080', dataDir)));
onParentGone(() => stack.close());
process.stdout.write(`READY ${JSON.stringify({ s3Endpoint: stack.s3Endpoint, dynamodbEndpoint: stack.dynamodbEndpoint })}\n`);
