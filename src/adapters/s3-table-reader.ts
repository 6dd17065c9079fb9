import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config.ts';
import type { ObjectResponse, ObjectStore, StoredObject } from '../ports/object-store.ts';
import { s3ClientConfig } from './s3-client-config.ts';
import { objectResponse } from './s3-responses.ts';

/**
 * The API's read-only view of the public bucket for row queries: `head` and ranged `get`, with the
 * S3 SDK imported on the first call. Pages and catalog documents never need it, and a Lambda cold
 * start then parses none of it (the SDK is installed beside the API's bundle, infra API_LAZY_MODULES).
 */
export function lazyS3Reader(config: Pick<AppConfig, 'region' | 's3Endpoint'>, bucket: string): Pick<ObjectStore, 'get' | 'head'> {
  let sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3') }> | undefined;
  const load = () => {
    sdk ??= import('@aws-sdk/client-s3').then((s3) => ({ s3, client: new s3.S3Client(s3ClientConfig(config)) }));
    sdk.catch(() => (sdk = undefined));
    return sdk;
  };
  return {
    async head(key): Promise<StoredObject | undefined> {
      const { s3, client } = await load();
      try {
        const o = await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { key, size: o.ContentLength ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag };
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }
    },
    async get(key, options = {}): Promise<ObjectResponse> {
      const { s3, client } = await load();
      return objectResponse(await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key, Range: options.range })));
    },
  };
}
