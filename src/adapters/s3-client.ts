import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config.ts';
import { s3ClientConfig } from './s3-client-config.ts';

/** The real S3 client (settings in s3-client-config.ts). */
export function createS3Client(config: Pick<AppConfig, 'region' | 's3Endpoint'>): S3Client {
  return new S3Client(s3ClientConfig(config));
}
