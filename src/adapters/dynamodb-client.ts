import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config.ts';
import { LOCAL_CREDENTIALS } from './local-credentials.ts';

/**
 * The real DynamoDB document client. Its own module (not beside the S3 client) so the API
 * Lambda's bundle carries no S3 code.
 */
export function createDocumentClient(config: Pick<AppConfig, 'region' | 'dynamodbEndpoint'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    maxAttempts: 5,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
