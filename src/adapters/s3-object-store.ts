import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { GetOptions, ObjectHeaders, ObjectResponse, ObjectStore, StoredObject } from '../ports/object-store.ts';

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const o = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: o.ContentLength ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<ObjectResponse> {
    let o: GetObjectCommandOutput;
    try {
      o = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: options.range, IfNoneMatch: options.ifNoneMatch }),
      );
    } catch (error) {
      if (httpStatus(error) === 304) return { status: 304, etag: options.ifNoneMatch };
      if (httpStatus(error) === 416) return { status: 416, size: Number((error as { ActualObjectSize?: string }).ActualObjectSize ?? 0) };
      throw error;
    }
    return {
      status: o.ContentRange ? 206 : 200,
      body: o.Body as Readable,
      contentLength: o.ContentLength ?? 0,
      contentRange: o.ContentRange,
      etag: o.ETag,
      lastModified: o.LastModified,
      headers: { contentType: o.ContentType, contentDisposition: o.ContentDisposition, cacheControl: o.CacheControl },
    };
  }

  async downloadToFile(key: string, file: string): Promise<void> {
    const o = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    await pipeline(o.Body as Readable, createWriteStream(file));
  }

  async uploadFile(key: string, file: string, headers: ObjectHeaders = {}): Promise<void> {
    const { size } = await stat(file);
    // Multipart for large files, one PUT for small ones; lib-storage decides.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: createReadStream(file), ContentLength: size, ...toS3Headers(headers) },
      partSize: 16 * 1024 * 1024,
      queueSize: 4,
    });
    await upload.done();
  }

  async put(key: string, body: Buffer | string, headers: ObjectHeaders = {}): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ...toS3Headers(headers) }));
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
    }
  }
}

const toS3Headers = (h: ObjectHeaders) => ({
  ContentType: h.contentType,
  ContentDisposition: h.contentDisposition,
  CacheControl: h.cacheControl,
});

const httpStatus = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

const isNotFound = (error: unknown): boolean => httpStatus(error) === 404 || (error as { name?: string })?.name === 'NotFound';
