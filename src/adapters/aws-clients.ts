import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../config.ts';

/**
 * The real SDK clients. Locally only the endpoint and the (dummy) credentials differ; on AWS the
 * default credential chain applies.
 */
export function createS3Client(config: Pick<AppConfig, 'region' | 's3Endpoint'>): S3Client {
  return new S3Client({
    region: config.region,
    // s3rver stores the SDK's chunked-checksum framing inside objects unless checksums are only
    // sent when an operation requires them; S3 itself is fine either way.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
  });
}

export function createDocumentClient(config: Pick<AppConfig, 'region' | 'dynamodbEndpoint'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    maxAttempts: 5,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
