import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { ensureBucket } from '../../src/adapters/provisioning.ts';
import { createS3Client } from '../../src/adapters/s3-client.ts';
import { startProtocolServers, type ProtocolServers } from '../../src/local/servers.ts';

/**
 * The embedded S3 server keeps its buckets, each bucket's configuration and each object's metadata
 * in memory (src/local/servers.ts): every change must show in the very next request, as on S3.
 */
describe('the embedded S3 server answers with the bucket configuration of the moment', () => {
  let dir: string;
  let servers: ProtocolServers;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-servers-'));
    servers = await startProtocolServers(dir);
  });
  afterAll(async () => {
    await servers?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const preflight = async (bucket: string, origin: string) =>
    fetch(`${servers.s3Endpoint}/${bucket}/a.txt`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    }).then((r) => r.status);

  it('CORS: none, then allowed for one origin, then another, then none again', async () => {
    const s3 = createS3Client({ region: 'ap-southeast-1', s3Endpoint: servers.s3Endpoint });
    await ensureBucket(s3, 'cors-test');
    const rule = (origin: string) => ({ CORSConfiguration: { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['GET'] }] } });

    // A preflight is refused (403) unless a rule of the bucket allows the origin.
    expect(await preflight('cors-test', 'https://a.example')).toBe(403);
    await s3.send(new PutBucketCorsCommand({ Bucket: 'cors-test', ...rule('https://a.example') }));
    expect(await preflight('cors-test', 'https://a.example')).toBe(200);
    await s3.send(new PutBucketCorsCommand({ Bucket: 'cors-test', ...rule('https://b.example') }));
    expect([await preflight('cors-test', 'https://a.example'), await preflight('cors-test', 'https://b.example')]).toEqual([403, 200]);
    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'cors-test' }));
    expect(await preflight('cors-test', 'https://b.example')).toBe(403);
    s3.destroy();
  });

  it('buckets: a deleted bucket is gone at once, and one made again answers again', async () => {
    const s3 = createS3Client({ region: 'ap-southeast-1', s3Endpoint: servers.s3Endpoint });
    const head = (bucket: string) =>
      s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
        () => 200,
        (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
      );
    expect(await head('bucket-test')).toBe(404);
    await ensureBucket(s3, 'bucket-test');
    expect(await head('bucket-test')).toBe(200);
    await s3.send(new DeleteBucketCommand({ Bucket: 'bucket-test' }));
    expect(await head('bucket-test')).toBe(404);
    await expect(s3.send(new PutObjectCommand({ Bucket: 'bucket-test', Key: 'a.txt', Body: 'a' }))).rejects.toThrow(/bucket/i);
    await ensureBucket(s3, 'bucket-test');
    await s3.send(new PutObjectCommand({ Bucket: 'bucket-test', Key: 'a.txt', Body: 'a' }));
    expect(await head('bucket-test')).toBe(200);
    s3.destroy();
  });

  it('objects: a rewrite, a copy over it and a delete show in the next GET, HEAD and listing', async () => {
    const s3 = createS3Client({ region: 'ap-southeast-1', s3Endpoint: servers.s3Endpoint });
    await ensureBucket(s3, 'object-test');
    const seen = async (key: string) => {
      const listed = (await s3.send(new ListObjectsV2Command({ Bucket: 'object-test' }))).Contents ?? [];
      const entry = listed.find((o) => o.Key === key);
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket: 'object-test', Key: key }));
        const got = await s3.send(new GetObjectCommand({ Bucket: 'object-test', Key: key }));
        return {
          body: await got.Body!.transformToString(),
          type: got.ContentType,
          length: head.ContentLength,
          etag: head.ETag,
          listed: entry?.ETag,
        };
      } catch (error) {
        return { status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, listed: entry?.ETag };
      }
    };
    const md5 = (text: string) => `"${createHash('md5').update(text).digest('hex')}"`;
    await s3.send(new PutObjectCommand({ Bucket: 'object-test', Key: 'd/a.txt', Body: 'first', ContentType: 'text/plain' }));
    expect(await seen('d/a.txt')).toEqual({ body: 'first', type: 'text/plain', length: 5, etag: md5('first'), listed: md5('first') });
    await s3.send(new PutObjectCommand({ Bucket: 'object-test', Key: 'd/a.txt', Body: 'the second', ContentType: 'text/csv' }));
    expect(await seen('d/a.txt')).toEqual({
      body: 'the second',
      type: 'text/csv',
      length: 10,
      etag: md5('the second'),
      listed: md5('the second'),
    });
    await s3.send(new PutObjectCommand({ Bucket: 'object-test', Key: 'd/b.txt', Body: 'third!', ContentType: 'text/html' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'object-test', Key: 'd/a.txt', CopySource: 'object-test/d/b.txt' }));
    expect(await seen('d/a.txt')).toEqual({ body: 'third!', type: 'text/html', length: 6, etag: md5('third!'), listed: md5('third!') });
    await s3.send(new DeleteObjectCommand({ Bucket: 'object-test', Key: 'd/a.txt' }));
    expect(await seen('d/a.txt')).toEqual({ status: 404, listed: undefined });
    await s3.send(new PutObjectCommand({ Bucket: 'object-test', Key: 'd/a.txt', Body: 'back', ContentType: 'text/plain' }));
    expect(await seen('d/a.txt')).toEqual({ body: 'back', type: 'text/plain', length: 4, etag: md5('back'), listed: md5('back') });
    s3.destroy();
  });
});
