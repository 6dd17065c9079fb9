import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { ensureBucket } from '../../src/adapters/provisioning.ts';
import { createS3Client } from '../../src/adapters/s3-client.ts';
import { startProtocolServers, type ProtocolServers } from '../../src/local/servers.ts';

/**
 * The embedded S3 server keeps its buckets and each bucket's configuration in memory
 * (src/local/servers.ts): every change must show in the very next request, as on S3.
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
});
