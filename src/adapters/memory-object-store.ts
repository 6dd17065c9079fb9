import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Erasure, GetOptions, ObjectHeaders, ObjectResponse, ObjectStore, StoredObject } from '../ports/object-store.ts';

interface Entry {
  body: Buffer;
  etag: string;
  lastModified: Date;
  headers: ObjectHeaders;
}

/**
 * One bucket in memory, for unit tests: the same answers as S3ObjectStore on s3rver, without a
 * server. test/integration/store-contract.test.ts runs the same checks against both, so the two
 * cannot drift apart. Imports no AWS SDK; never used in production.
 *
 * What it mirrors: keys listed in UTF-8 byte order; ETags the quoted MD5 of the content (as S3
 * gives for a single PUT); ranges `bytes=a-b`, `bytes=a-` and `bytes=-n` (the last n bytes, as
 * S3 reads them); 416 for a range that starts past the end; 304 when If-None-Match names the
 * current ETag (or `*`); no versioning, like s3rver (one stored copy per key).
 */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Entry>();

  constructor(readonly bucket: string = 'memory') {}

  async list(prefix: string): Promise<StoredObject[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([key, e]) => describe(key, e));
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const entry = this.objects.get(key);
    return entry ? describe(key, entry) : undefined;
  }

  async get(key: string, options: GetOptions = {}): Promise<ObjectResponse> {
    const entry = this.objects.get(key);
    if (!entry) throw noSuchKey(key, this.bucket);
    const size = entry.body.length;
    const range = options.range === undefined ? undefined : parseRange(options.range, size);
    if (range === 'unsatisfiable') return { status: 416, size };
    if (options.ifNoneMatch !== undefined && (options.ifNoneMatch === entry.etag || options.ifNoneMatch === '*')) {
      return { status: 304, etag: options.ifNoneMatch };
    }
    const [start, end] = range ?? [0, size - 1];
    const body = entry.body.subarray(start, end + 1);
    return {
      status: range ? 206 : 200,
      body: Readable.from([Buffer.from(body)]),
      contentLength: body.length,
      contentRange: range ? `bytes ${start}-${end}/${size}` : undefined,
      etag: entry.etag,
      lastModified: entry.lastModified,
      headers: { ...entry.headers },
    };
  }

  async downloadToFile(key: string, file: string): Promise<void> {
    const entry = this.objects.get(key);
    if (!entry) throw noSuchKey(key, this.bucket);
    await writeFile(file, entry.body);
  }

  async uploadFile(key: string, file: string, headers: ObjectHeaders = {}): Promise<void> {
    await this.put(key, await readFile(file), headers);
  }

  async put(key: string, body: Buffer | string, headers: ObjectHeaders = {}): Promise<void> {
    const bytes = Buffer.from(body);
    this.objects.set(key, {
      body: bytes,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      // S3 keeps Last-Modified to the second.
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)),
    });
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  async eraseEveryVersion(target: { prefix: string } | { keys: string[] }): Promise<Erasure> {
    if ('prefix' in target && !/^[^*]+\/$/.test(target.prefix)) {
      throw new Error(`eraseEveryVersion: prefix "${target.prefix}" must be a folder (non-empty, ending in "/")`);
    }
    const keys =
      'prefix' in target
        ? (await this.list(target.prefix)).map((o) => o.key)
        : [...new Set(target.keys)].filter((k) => this.objects.has(k)).sort();
    await this.delete(keys);
    return { keys, objectVersions: keys.length, deleteMarkers: 0 };
  }
}

const describe = (key: string, e: Entry): StoredObject => ({ key, size: e.body.length, lastModified: e.lastModified, etag: e.etag });

/** [first, last] byte of a `bytes=` range, `'unsatisfiable'`, or undefined where S3 ignores the header. */
function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return [start, end];
}

/** What the S3 client throws for a missing key. */
function noSuchKey(key: string, bucket: string): Error {
  const error = new Error(`The specified key does not exist: s3://${bucket}/${key}`) as Error & { $metadata: { httpStatusCode: number } };
  error.name = 'NoSuchKey';
  error.$metadata = { httpStatusCode: 404 };
  return error;
}
