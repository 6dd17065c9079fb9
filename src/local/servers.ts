import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver, { type S3rverStore } from 's3rver';
import dynalite from 'dynalite';

export interface ProtocolServers {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  close(): Promise<void>;
}

export interface ProtocolServerOptions {
  /**
   * Where dynalite keeps its tables: LevelDB files under dataDir (the default, which outlives the
   * process), or memory, for a throw-away stack (a test's own): a request then costs about half.
   */
  dynamodb?: 'disk' | 'memory';
}

/**
 * The embedded S3-protocol (s3rver) and DynamoDB-protocol (dynalite) servers, on 127.0.0.1 only,
 * on free ports, persisting under dataDir.
 */
export async function startProtocolServers(dataDir: string, options: ProtocolServerOptions = {}): Promise<ProtocolServers> {
  const s3Dir = join(dataDir, 's3');
  const dynamoDir = join(dataDir, 'dynamodb');
  await mkdir(s3Dir, { recursive: true });
  await mkdir(dynamoDir, { recursive: true });

  const s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: s3Dir, silent: true });
  writeObjectsBeforeAnswering(s3.store);
  keepBucketConfigurationInMemory(s3.store);
  keepBucketsInMemory(s3.store);
  keepObjectMetadataInMemory(s3.store);
  const s3Address = await s3.run();

  const dynamo = dynalite({
    ...(options.dynamodb === 'memory' ? {} : { path: dynamoDir }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      dynamo.once('error', reject);
      dynamo.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  const dynamoAddress = dynamo.address() as AddressInfo;

  return {
    s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
    dynamodbEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
    close: async () => {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

/**
 * s3rver's putObject answers once it has hashed the body, without waiting for its file to be
 * written: a GET right after a PUT could read the object empty or cut short (seen: an empty body
 * under the new object's ETag). This is its putObject (same files, same answer) with the answer
 * after the file is complete.
 */
function writeObjectsBeforeAnswering(store: S3rverStore): void {
  store.putObject = async (object) => {
    const file = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(file), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content, counting, createWriteStream(file));
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

/**
 * s3rver reads a bucket's CORS and website configuration from disk on every request: two failed
 * reads, each an exception, when the bucket has none. Only its own store writes them, so they are
 * kept in memory and forgotten whenever the store writes or removes any.
 */
function keepBucketConfigurationInMemory(store: S3rverStore): void {
  const cache = new Map<string, Promise<unknown>>();
  const { getSubresource, putSubresource, deleteSubresource, deleteBucket, reset } = store;
  store.getSubresource = (bucket, key, type) => {
    if (key !== undefined) return getSubresource.call(store, bucket, key, type);
    const cacheKey = `${bucket}/${type}`;
    let config = cache.get(cacheKey);
    if (!config) {
      config = getSubresource.call(store, bucket, key, type);
      cache.set(cacheKey, config);
      config.catch(() => cache.delete(cacheKey));
    }
    return config;
  };
  const forget = () => cache.clear();
  store.putSubresource = forgettingAround(store, putSubresource, forget);
  store.deleteSubresource = forgettingAround(store, deleteSubresource, forget);
  store.deleteBucket = forgettingAround(store, deleteBucket, forget);
  store.reset = () => {
    cache.clear();
    reset.call(store);
  };
}

/**
 * s3rver looks its bucket up on disk (a stat) for every request; only its own store makes or
 * removes buckets, so a bucket found is remembered until the store makes or removes any.
 */
function keepBucketsInMemory(store: S3rverStore): void {
  const found = new Map<string, Promise<unknown>>();
  const { getBucket, putBucket, deleteBucket, reset } = store;
  store.getBucket = (bucket) => {
    let lookup = found.get(bucket);
    if (!lookup) {
      lookup = getBucket.call(store, bucket);
      found.set(bucket, lookup);
      // Not found (or failed): asked again next time.
      lookup.then(
        (b) => b || found.delete(bucket),
        () => found.delete(bucket),
      );
    }
    return lookup;
  };
  const forget = () => found.clear();
  store.putBucket = forgettingAround(store, putBucket, forget);
  store.deleteBucket = forgettingAround(store, deleteBucket, forget);
  store.reset = () => {
    found.clear();
    reset.call(store);
  };
}

/**
 * For every GET, HEAD and each key of a listing, s3rver stats the object and reads two more files
 * (its metadata and its MD5): most of the cost of a request here. Only its own store writes them,
 * so what it read is remembered per object and forgotten when the store writes or removes that
 * object (before and after the write), or anything at all in between the read's start and end.
 */
function keepObjectMetadataInMemory(store: S3rverStore): void {
  const known = new Map<string, Promise<Record<string, unknown>>>();
  let writes = 0;
  const id = (bucket: string, key: string) => `${bucket}/${key}`;
  const { getMetadata, putObject, copyObject, deleteObject, deleteBucket, reset } = store;
  store.getMetadata = (bucket, key) => {
    const cached = known.get(id(bucket, key));
    if (cached) return cached.then((metadata) => ({ ...metadata }));
    const writesBefore = writes;
    const reading = getMetadata.call(store, bucket, key);
    reading.then(
      () => {
        if (writes === writesBefore) known.set(id(bucket, key), reading);
      },
      () => {},
    );
    return reading;
  };
  const forget = (key?: string) => {
    writes += 1;
    if (key === undefined) known.clear();
    else known.delete(key);
  };
  store.putObject = forgettingAround(store, putObject, (object) => forget(id(object.bucket, object.key)));
  store.copyObject = forgettingAround(store, copyObject, (_srcBucket, _srcKey, destBucket, destKey) => forget(id(destBucket, destKey)));
  store.deleteObject = forgettingAround(store, deleteObject, (bucket, key) => forget(id(bucket, key)));
  store.deleteBucket = forgettingAround(store, deleteBucket, () => forget());
  store.reset = () => {
    forget();
    reset.call(store);
  };
}

/**
 * One of the store's writes, calling `forget` with the write's arguments just before it and again
 * once it has ended, whatever the outcome: an answer read while the write ran is never kept past it.
 */
function forgettingAround<A extends unknown[], R>(
  store: S3rverStore,
  write: (...args: A) => Promise<R>,
  forget: (...args: A) => void,
): (...args: A) => Promise<R> {
  return async (...args) => {
    forget(...args);
    try {
      return await write.apply(store, args);
    } finally {
      forget(...args);
    }
  };
}
