import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbCatalogStore } from '../../src/adapters/dynamodb-catalog-store.ts';
import { createDocumentClient } from '../../src/adapters/dynamodb-client.ts';
import { MemoryCatalogStore } from '../../src/adapters/memory-catalog-store.ts';
import { MemoryObjectStore } from '../../src/adapters/memory-object-store.ts';
import { ensureBucket, ensureCatalogTable } from '../../src/adapters/provisioning.ts';
import { createS3Client } from '../../src/adapters/s3-client.ts';
import { S3ObjectStore } from '../../src/adapters/s3-object-store.ts';
import type { DatasetMetadata, VersionRecord } from '../../src/catalog/model.ts';
import { ConcurrentPublishError } from '../../src/errors.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';
import type { ObjectStore } from '../../src/ports/object-store.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * One contract, two implementations of each port: the in-memory ones the unit tests use
 * (src/adapters/memory-*.ts) and the real adapters on the protocol servers (S3ObjectStore on
 * s3rver, DynamoDbCatalogStore on dynalite, through the AWS SDK). A behaviour the fake gets wrong
 * fails here, next to the real answer.
 */
let stack: TestStack;
let fresh = 0;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

/** Each test gets an empty bucket / table of its own. */
const objectStores: [string, () => Promise<ObjectStore>][] = [
  ['MemoryObjectStore', async () => new MemoryObjectStore()],
  [
    'S3ObjectStore on s3rver',
    async () => {
      const s3 = createS3Client(stack.config);
      const bucket = `contract-${(fresh += 1)}`;
      await ensureBucket(s3, bucket);
      return new S3ObjectStore(s3, bucket);
    },
  ],
];
const catalogStores: [string, () => Promise<CatalogStore>][] = [
  ['MemoryCatalogStore', async () => new MemoryCatalogStore()],
  [
    'DynamoDbCatalogStore on dynalite',
    async () => {
      const client = createDocumentClient(stack.config);
      const table = `contract-${(fresh += 1)}`;
      await ensureCatalogTable(client, table);
      return new DynamoDbCatalogStore(client, table);
    },
  ],
];

const text = async (body: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};
const md5 = (s: string) => `"${createHash('md5').update(s).digest('hex')}"`;

describe.each(objectStores)('ObjectStore contract: %s', (_name, open) => {
  it('puts, heads and lists by prefix in key order, with the MD5 ETag', async () => {
    const store = await open();
    await store.put('a/2.csv', 'two');
    await store.put('a/1.csv', 'one!');
    await store.put('b/1.csv', 'other');
    expect(await store.head('a/1.csv')).toMatchObject({ key: 'a/1.csv', size: 4, etag: md5('one!') });
    expect((await store.head('a/1.csv'))!.lastModified).toBeInstanceOf(Date);
    expect(await store.head('a/3.csv')).toBeUndefined();
    expect((await store.list('a/')).map(({ key, size, etag }) => ({ key, size, etag }))).toEqual([
      { key: 'a/1.csv', size: 4, etag: md5('one!') },
      { key: 'a/2.csv', size: 3, etag: md5('two') },
    ]);
    expect(await store.list('c/')).toEqual([]);
    await store.put('a/2.csv', 'replaced');
    expect(await store.head('a/2.csv')).toMatchObject({ size: 8, etag: md5('replaced') });
  });

  it('gets the whole object with its stored headers', async () => {
    const store = await open();
    const headers = {
      contentType: 'text/csv; charset=utf-8',
      contentDisposition: 'attachment; filename="x.csv"',
      cacheControl: 'max-age=60',
    };
    await store.put('x.csv', 'a,b\n1,2\n', headers);
    const got = await store.get('x.csv');
    if (got.status !== 200) throw new Error(`status ${got.status}`);
    expect(got.contentLength).toBe(8);
    expect(got.contentRange).toBeUndefined();
    expect(got.etag).toBe(md5('a,b\n1,2\n'));
    expect(got.headers).toEqual(headers);
    expect(await text(got.body)).toBe('a,b\n1,2\n');
  });

  it('honours byte ranges, answers 416 past the end and 304 for the current ETag', async () => {
    const store = await open();
    await store.put('r.txt', '0123456789');
    const part = await store.get('r.txt', { range: 'bytes=2-5' });
    if (part.status !== 206) throw new Error(`status ${part.status}`);
    expect([part.contentLength, part.contentRange, await text(part.body)]).toEqual([4, 'bytes 2-5/10', '2345']);
    const tail = await store.get('r.txt', { range: 'bytes=7-' });
    if (tail.status !== 206) throw new Error(`status ${tail.status}`);
    expect([tail.contentLength, tail.contentRange, await text(tail.body)]).toEqual([3, 'bytes 7-9/10', '789']);
    const beyond = await store.get('r.txt', { range: 'bytes=4-100' });
    if (beyond.status !== 206) throw new Error(`status ${beyond.status}`);
    expect([beyond.contentRange, await text(beyond.body)]).toEqual(['bytes 4-9/10', '456789']);
    expect(await store.get('r.txt', { range: 'bytes=10-' })).toEqual({ status: 416, size: 10 });
    expect(await store.get('r.txt', { ifNoneMatch: md5('0123456789') })).toEqual({ status: 304, etag: md5('0123456789') });
    const changed = await store.get('r.txt', { ifNoneMatch: md5('something else') });
    expect(changed.status).toBe(200);
    if (changed.status === 200) changed.body.destroy();
  });

  it('refuses to get a missing key (404)', async () => {
    const store = await open();
    await expect(store.get('missing.csv')).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('uploads a file and downloads it to a file', async () => {
    const store = await open();
    const dir = await mkdtemp(join(tmpdir(), 'store-contract-'));
    try {
      await writeFile(join(dir, 'in.json'), '{"a":"Hà Nội"}');
      await store.uploadFile('f/in.json', join(dir, 'in.json'), { contentType: 'application/json' });
      expect(await store.head('f/in.json')).toMatchObject({ size: Buffer.byteLength('{"a":"Hà Nội"}') });
      await store.downloadToFile('f/in.json', join(dir, 'out.json'));
      expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('{"a":"Hà Nội"}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('deletes keys (missing ones are no error)', async () => {
    const store = await open();
    for (const k of ['d/1', 'd/2', 'd/3']) await store.put(k, k);
    await store.delete(['d/1', 'd/3', 'd/none']);
    expect((await store.list('d/')).map((o) => o.key)).toEqual(['d/2']);
  });

  it('erases every copy under a folder or of exact keys, and refuses a prefix that is not a folder', async () => {
    const store = await open();
    for (const k of ['v/1/a.csv', 'v/1/b.csv', 'v/2/a.csv', 'w/a.csv', 'w/a.csv.bak']) await store.put(k, k);
    expect(await store.eraseEveryVersion({ prefix: 'v/1/' })).toEqual({
      keys: ['v/1/a.csv', 'v/1/b.csv'],
      objectVersions: 2,
      deleteMarkers: 0,
    });
    expect(await store.eraseEveryVersion({ keys: ['w/a.csv', 'w/none.csv'] })).toEqual({
      keys: ['w/a.csv'],
      objectVersions: 1,
      deleteMarkers: 0,
    });
    expect((await store.list('')).map((o) => o.key)).toEqual(['v/2/a.csv', 'w/a.csv.bak']);
    await expect(store.eraseEveryVersion({ prefix: 'v' })).rejects.toThrow(/must be a folder/);
    await expect(store.eraseEveryVersion({ prefix: '' })).rejects.toThrow(/must be a folder/);
  });
});

const metadata = (id: string): DatasetMetadata => ({
  id,
  title: { vi: `Tập ${id}`, en: `Set ${id}` },
  description: { vi: 'Mô tả', en: 'Description' },
  keywords: { vi: ['y tế'], en: ['health'] },
  categories: [{ number: 11, vi: 'Dân số', en: 'Population' }],
  scope: ['14.4.c'],
  legalBasis: { id: '102/2025/ND-CP', title: { vi: 'Nghị định 102', en: 'Decree 102' } },
  licence: { id: 'CC-BY-4.0', title: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  publisher: { name: { vi: 'Bộ Y tế', en: 'Ministry of Health' }, url: 'https://moh.gov.vn', email: 'data@moh.gov.vn' },
  source: { vi: 'Nguồn', en: 'Source' },
  updateFrequency: { vi: 'Hằng tháng', en: 'Monthly' },
  kind: 'registry',
  tables: [],
  closedFields: [],
});

const version = (datasetId: string, id: string, extra: Partial<VersionRecord> = {}): VersionRecord => ({
  datasetId,
  version: id,
  state: 'staged',
  createdAt: '2026-11-20T01:00:00.000Z',
  contentHash: `hash-${id}`,
  rowCount: 3,
  files: [
    { name: 'a.csv', format: 'csv', key: `datasets/${datasetId}/${id}/a.csv`, mediaType: 'text/csv', bytes: 9, sha256: 'f'.repeat(64) },
  ],
  stripped: [],
  unclassified: [],
  sources: [{ key: `${datasetId}/export.csv`, rowsRead: 3 }],
  quality: { rowsRead: 3, rowsRejected: 0 },
  ...extra,
});

describe.each(catalogStores)('CatalogStore contract: %s', (_name, open) => {
  it('saves dataset metadata (creation date kept), lists datasets by id', async () => {
    const store = await open();
    expect(await store.listDatasets()).toEqual([]);
    expect(await store.getDataset('b')).toBeUndefined();
    await store.saveDatasetMetadata(metadata('b'), '2026-11-01T00:00:00Z');
    await store.saveDatasetMetadata(metadata('a'), '2026-11-02T00:00:00Z');
    const changed = { ...metadata('b'), title: { vi: 'Mới', en: 'New' } };
    await store.saveDatasetMetadata(changed, '2026-11-03T00:00:00Z');
    expect(await store.getDataset('b')).toEqual({
      id: 'b',
      metadata: changed,
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
    });
    expect((await store.listDatasets()).map((d) => [d.id, d.metadata.title.en])).toEqual([
      ['a', 'Set a'],
      ['b', 'New'],
    ]);
  });

  it('stages a version once, lists versions in version order, drops undefined values', async () => {
    const store = await open();
    await store.saveDatasetMetadata(metadata('d'), '2026-11-01T00:00:00Z');
    await store.stageVersion(version('d', '20261120T020000Z', { previousVersion: undefined }));
    await store.stageVersion(version('d', '20261120T010000Z'));
    await expect(store.stageVersion(version('d', '20261120T010000Z'))).rejects.toThrow(ConcurrentPublishError);
    expect((await store.listVersions('d')).map((v) => v.version)).toEqual(['20261120T010000Z', '20261120T020000Z']);
    const got = await store.getVersion('d', '20261120T020000Z');
    expect(got).toEqual(version('d', '20261120T020000Z'));
    expect(Object.keys(got!)).not.toContain('previousVersion');
    expect(await store.getVersion('d', 'none')).toBeUndefined();
    expect(await store.listVersions('other')).toEqual([]);
    // A copy: changing what was returned changes nothing stored.
    got!.state = 'published';
    expect((await store.getVersion('d', '20261120T020000Z'))!.state).toBe('staged');
  });

  it('moves the latest pointer only from the expected version', async () => {
    const store = await open();
    const v1 = version('d', 'v1');
    const v2 = version('d', 'v2');
    await expect(store.moveLatest('d', undefined, v1, '2026-11-20T01:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await store.saveDatasetMetadata(metadata('d'), '2026-11-01T00:00:00Z');
    await store.moveLatest('d', undefined, v1, '2026-11-20T01:00:00Z');
    await expect(store.moveLatest('d', undefined, v2, '2026-11-20T02:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await expect(store.moveLatest('d', 'v0', v2, '2026-11-20T02:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await store.moveLatest('d', 'v1', v2, '2026-11-20T02:00:00Z');
    expect(await store.getDataset('d')).toMatchObject({
      latestVersion: 'v2',
      latestContentHash: 'hash-v2',
      updatedAt: '2026-11-20T02:00:00Z',
      changedAt: '2026-11-20T02:00:00Z',
      createdAt: '2026-11-01T00:00:00Z',
    });
    await expect(store.moveLatest('other', 'v1', v2, '2026-11-20T02:00:00Z')).rejects.toThrow(ConcurrentPublishError);
  });

  it('marks published (first date kept); a missing version fails the condition', async () => {
    const store = await open();
    await store.stageVersion(version('d', 'v1'));
    await store.markPublished('d', 'v1', '2026-11-20T01:00:00Z');
    await store.markPublished('d', 'v1', '2026-11-21T01:00:00Z');
    expect(await store.getVersion('d', 'v1')).toMatchObject({ state: 'published', publishedAt: '2026-11-20T01:00:00Z' });
    await expect(store.markPublished('d', 'none', '2026-11-20T01:00:00Z')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    expect(await store.getVersion('d', 'none')).toBeUndefined();
  });

  it('withdraws only a published version (first withdrawal kept), purges only a withdrawn one', async () => {
    const store = await open();
    await store.saveDatasetMetadata(metadata('d'), '2026-11-01T00:00:00Z');
    await store.stageVersion(version('d', 'v1'));
    const first = { at: '2026-11-22T00:00:00Z', reason: 'Sai địa chỉ' };
    await expect(store.markWithdrawn('d', 'v1', first)).rejects.toThrow(ConcurrentPublishError);
    await expect(store.markWithdrawn('d', 'none', first)).rejects.toThrow(ConcurrentPublishError);
    await expect(store.markPurged('d', 'v1', '2026-11-23T00:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await store.markPublished('d', 'v1', '2026-11-20T01:00:00Z');
    await expect(store.markPurged('d', 'v1', '2026-11-23T00:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await store.markWithdrawn('d', 'v1', first);
    await store.markWithdrawn('d', 'v1', { at: '2026-11-24T00:00:00Z', reason: 'again' });
    expect(await store.getVersion('d', 'v1')).toMatchObject({ state: 'withdrawn', withdrawal: first });
    expect((await store.getDataset('d'))!.changedAt).toBe('2026-11-24T00:00:00Z');
    await store.markPurged('d', 'v1', '2026-11-25T00:00:00Z');
    await store.markPurged('d', 'v1', '2026-11-26T00:00:00Z');
    expect((await store.getVersion('d', 'v1'))!.withdrawal).toEqual({ ...first, purgedAt: '2026-11-25T00:00:00Z' });
  });

  it('moves the latest pointer back to an earlier version or to none, only from the expected one', async () => {
    const store = await open();
    await store.saveDatasetMetadata(metadata('d'), '2026-11-01T00:00:00Z');
    await store.moveLatest('d', undefined, version('d', 'v2'), '2026-11-20T00:00:00Z');
    await expect(store.moveLatestBack('d', 'v1', undefined, '2026-11-21T00:00:00Z')).rejects.toThrow(ConcurrentPublishError);
    await store.moveLatestBack('d', 'v2', version('d', 'v1'), '2026-11-21T00:00:00Z');
    expect(await store.getDataset('d')).toMatchObject({
      latestVersion: 'v1',
      latestContentHash: 'hash-v1',
      changedAt: '2026-11-21T00:00:00Z',
    });
    await store.moveLatestBack('d', 'v1', undefined, '2026-11-22T00:00:00Z');
    const dataset = (await store.getDataset('d'))!;
    expect(Object.keys(dataset)).not.toContain('latestVersion');
    expect(Object.keys(dataset)).not.toContain('latestContentHash');
    expect(dataset).toMatchObject({ updatedAt: '2026-11-22T00:00:00Z', changedAt: '2026-11-22T00:00:00Z' });
    await expect(store.moveLatestBack('other', 'v1', undefined, '2026-11-22T00:00:00Z')).rejects.toThrow(ConcurrentPublishError);
  });

  it('deletes a version (a missing one is no error)', async () => {
    const store = await open();
    await store.stageVersion(version('d', 'v1'));
    await store.stageVersion(version('d', 'v2'));
    await store.deleteVersion('d', 'v1');
    await store.deleteVersion('d', 'none');
    expect((await store.listVersions('d')).map((v) => v.version)).toEqual(['v2']);
  });
});
