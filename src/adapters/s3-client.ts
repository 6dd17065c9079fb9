import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config.ts';
import { LOCAL_CREDENTIALS } from './local-credentials.ts';

/** The real S3 client. Locally only the endpoint and the (dummy) credentials differ; on AWS the default credential chain applies. */
export function createS3Client(config: Pick<AppConfig, 'region' | 's3Endpoint'>): S3Client {
  return new S3Client({
    region: config.region,
    // s3rver stores the SDK's chunked-checksum framing inside objects unless checksums are only
    // sent when an operation requires them; S3 itself is fine either way.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    // Resolve each command's middleware stack once per command class, not on every request (about a
    // millisecond of CPU each); nothing here adds middleware to a single command. (The DynamoDB
    // document client refuses this option.)
    cacheMiddleware: true,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS } : {}),
  });
}
