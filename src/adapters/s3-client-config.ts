import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config.ts';
import { LOCAL_CREDENTIALS } from './local-credentials.ts';

/**
 * The S3 client's settings. Locally only the endpoint and the (dummy) credentials differ; on AWS
 * the default credential chain applies. Apart from the client itself (s3-client.ts) so that a
 * module can build a client on first use (s3-table-reader.ts) without importing the SDK up front.
 */
export const s3ClientConfig = (config: Pick<AppConfig, 'region' | 's3Endpoint'>): S3ClientConfig => ({
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
