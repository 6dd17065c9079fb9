import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/adapters/s3-client.ts';
import { S3ObjectStore } from '../../src/adapters/s3-object-store.ts';

interface Copy {
  key: string;
  versionId: string;
  deleteMarker?: boolean;
}

/**
 * A versioned bucket, for the one path of S3ObjectStore.eraseEveryVersion that s3rver 3.7.1 cannot
 * run (it has no versioning and answers ListObjectVersions 405; test/integration/purge.test.ts runs
 * the rest against it). Like test/unit/edge-cache.test.ts does for CloudFront, this endpoint answers
 * GetBucketVersioning, ListObjectVersions and DeleteObjects as the S3 API reference shows — versions
 * and delete markers listed together in key order, `maxKeys` entries a page, with NextKeyMarker and
 * NextVersionIdMarker; DeleteObjects in Quiet mode answering only its refusals — and keeps what the
 * real SDK client sent. Keys here need no XML escaping.
 */
async function withVersionedBucket<T>(
  copies: Copy[],
  options: { maxKeys: number; denied?: Set<string> },
  run: (store: S3ObjectStore, log: { method: string; url: URL; body: string }[], stored: Copy[]) => Promise<T>,
): Promise<T> {
  const stored = [...copies];
  const log: { method: string; url: URL; body: string }[] = [];
  const xml = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url!, 'http://s3.local');
    log.push({ method: req.method!, url, body });
    const q = url.searchParams;
    if (req.method === 'GET' && q.has('versioning')) {
      return xml(
        res,
        '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>',
      );
    }
    if (req.method === 'GET' && q.has('versions')) {
      const prefix = q.get('prefix') ?? '';
      const matching = stored.filter((c) => c.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key));
      const after = q.get('key-marker')
        ? matching.findIndex((c) => c.key === q.get('key-marker') && c.versionId === q.get('version-id-marker')) + 1
        : 0;
      const page = matching.slice(after, after + options.maxKeys);
      const truncated = after + page.length < matching.length;
      const last = page[page.length - 1];
      const entries = page.map((c) =>
        c.deleteMarker
          ? `<DeleteMarker><Key>${c.key}</Key><VersionId>${c.versionId}</VersionId><IsLatest>false</IsLatest><LastModified>2026-11-25T00:00:00.000Z</LastModified></DeleteMarker>`
          : `<Version><Key>${c.key}</Key><VersionId>${c.versionId}</VersionId><IsLatest>false</IsLatest><LastModified>2026-11-25T00:00:00.000Z</LastModified><ETag>"0"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Version>`,
      );
      return xml(
        res,
        `<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>public</Name><Prefix>${prefix}</Prefix><MaxKeys>${options.maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
          truncated ? `<NextKeyMarker>${last!.key}</NextKeyMarker><NextVersionIdMarker>${last!.versionId}</NextVersionIdMarker>` : ''
        }${entries.join('')}</ListVersionsResult>`,
      );
    }
    if (req.method === 'POST' && q.has('delete')) {
      const objects = [...body.matchAll(/<Object><Key>([^<]*)<\/Key>(?:<VersionId>([^<]*)<\/VersionId>)?<\/Object>/g)];
      const errors: string[] = [];
      for (const [, key, versionId] of objects) {
        if (options.denied?.has(`${key}@${versionId}`)) {
          errors.push(
            `<Error><Key>${key}</Key><VersionId>${versionId}</VersionId><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
          );
          continue;
        }
        const at = stored.findIndex((c) => c.key === key && c.versionId === versionId);
        if (at >= 0) stored.splice(at, 1);
      }
      return xml(res, `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errors.join('')}</DeleteResult>`);
    }
    res.writeHead(501).end();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return await run(new S3ObjectStore(createS3Client({ region: 'ap-southeast-1', s3Endpoint: endpoint }), 'public'), log, stored);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

const PREFIX = 'datasets/births/20261125T215222Z/';
const BUCKET: Copy[] = [
  { key: `${PREFIX}births.csv`, versionId: 'csv3' },
  { key: `${PREFIX}births.csv`, versionId: 'csv2' },
  { key: `${PREFIX}births.csv`, versionId: 'csv1' },
  // Withdrawn plainly before: a delete marker over the content.
  { key: `${PREFIX}births.parquet`, versionId: 'pq-marker', deleteMarker: true },
  { key: `${PREFIX}births.parquet`, versionId: 'pq1' },
  { key: `${PREFIX}datapackage.json`, versionId: 'dp1' },
  // Another version of the dataset.
  { key: 'datasets/births/20261126T000000Z/births.csv', versionId: 'other1' },
];
const deleted = (log: { method: string; body: string }[]) =>
  log
    .filter((r) => r.method === 'POST')
    .flatMap((r) => [...r.body.matchAll(/<Object><Key>([^<]*)<\/Key><VersionId>([^<]*)<\/VersionId><\/Object>/g)].map((m) => m[2]));

describe('S3ObjectStore.eraseEveryVersion on a versioned bucket', () => {
  it('lists every version and delete marker under the prefix page by page, and deletes each by its VersionId', async () => {
    await withVersionedBucket(BUCKET, { maxKeys: 2 }, async (store, log, stored) => {
      const erased = await store.eraseEveryVersion({ prefix: PREFIX });

      expect(erased).toEqual({
        keys: [`${PREFIX}births.csv`, `${PREFIX}births.parquet`, `${PREFIX}datapackage.json`],
        objectVersions: 5,
        deleteMarkers: 1,
      });
      expect(stored).toEqual([BUCKET[6]]);
      expect(deleted(log).sort()).toEqual(['csv1', 'csv2', 'csv3', 'dp1', 'pq-marker', 'pq1']);
      // Three pages, the later ones from the markers of the one before; then the check that nothing is left.
      const listings = log.filter((r) => r.url.searchParams.has('versions')).map((r) => r.url.searchParams);
      expect(listings.map((q) => [q.get('prefix'), q.get('key-marker'), q.get('version-id-marker')])).toEqual([
        [PREFIX, null, null],
        [PREFIX, `${PREFIX}births.csv`, 'csv2'],
        [PREFIX, `${PREFIX}births.parquet`, 'pq-marker'],
        [PREFIX, null, null],
      ]);
      expect(log.filter((r) => r.url.searchParams.has('versioning'))).toHaveLength(1);
    });
  });

  it('erases exactly the keys given, with all their versions', async () => {
    await withVersionedBucket(
      [...BUCKET, { key: `${PREFIX}births.csv.bak`, versionId: 'bak1' }],
      { maxKeys: 1000 },
      async (store, _log, stored) => {
        expect(await store.eraseEveryVersion({ keys: [`${PREFIX}births.csv`] })).toEqual({
          keys: [`${PREFIX}births.csv`],
          objectVersions: 3,
          deleteMarkers: 0,
        });
        expect(stored.map((c) => c.versionId).sort()).toEqual(['bak1', 'dp1', 'other1', 'pq-marker', 'pq1']);
      },
    );
  });

  it('sends at most 1,000 copies per DeleteObjects', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ key: `${PREFIX}births.csv`, versionId: `v${String(i).padStart(4, '0')}` }));
    await withVersionedBucket(many, { maxKeys: 1000 }, async (store, log, stored) => {
      expect((await store.eraseEveryVersion({ prefix: PREFIX })).objectVersions).toBe(1001);
      expect(stored).toEqual([]);
      expect(log.filter((r) => r.method === 'POST').map((r) => (r.body.match(/<Object>/g) ?? []).length)).toEqual([1000, 1]);
    });
  });

  it('throws naming each copy S3 refused (AccessDenied: not the purge role), after erasing the others', async () => {
    await withVersionedBucket(BUCKET, { maxKeys: 2, denied: new Set([`${PREFIX}births.csv@csv1`]) }, async (store, _log, stored) => {
      const error = await store.eraseEveryVersion({ prefix: PREFIX }).catch((e: unknown) => e as Error);

      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(
        `refused to erase 1 stored copies: ${PREFIX}births.csv (version csv1): AccessDenied Access Denied`,
      );
      expect(stored.map((c) => c.versionId).sort()).toEqual(['csv1', 'other1']);
    });
  });
});
