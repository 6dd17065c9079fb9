import type { Readable } from 'node:stream';

/**
 * One bucket of objects. The only production implementation is S3 (src/adapters/s3-object-store.ts);
 * locally it talks to s3rver. Unit tests use MemoryObjectStore (src/adapters/memory-object-store.ts),
 * held to the same behaviour by test/integration/store-contract.test.ts.
 */
export interface ObjectStore {
  readonly bucket: string;
  list(prefix: string): Promise<StoredObject[]>;
  head(key: string): Promise<StoredObject | undefined>;
  /** Streams an object, honouring a byte range and a conditional ETag like S3 does. */
  get(key: string, options?: GetOptions): Promise<ObjectResponse>;
  downloadToFile(key: string, file: string): Promise<void>;
  uploadFile(key: string, file: string, headers?: ObjectHeaders): Promise<void>;
  put(key: string, body: Buffer | string, headers?: ObjectHeaders): Promise<void>;
  /** Deletes the current objects. On a versioned bucket (the public bucket on AWS) their earlier versions stay. */
  delete(keys: string[]): Promise<void>;
  /**
   * Erases every stored copy of every object under `prefix` (ending in `/`), or of the given keys:
   * each object version and each delete marker, so that nothing can be restored (personal data
   * published by mistake). Checks that nothing is left; throws naming the keys it could not erase
   * (on AWS only the purge role may delete object versions: anyone else gets AccessDenied).
   */
  eraseEveryVersion(target: { prefix: string } | { keys: string[] }): Promise<Erasure>;
}

/** What `eraseEveryVersion` erased. */
export interface Erasure {
  /** Every key that had at least one stored copy, sorted. */
  keys: string[];
  /** Object versions erased, i.e. stored copies of content (one per key where the bucket keeps no versions). */
  objectVersions: number;
  /** Delete markers erased (no content, but they keep a key's history listed). */
  deleteMarkers: number;
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  etag?: string;
}

/** HTTP headers stored with the object so that any reader (CloudFront, S3, the local server) serves them. */
export interface ObjectHeaders {
  contentType?: string;
  contentDisposition?: string;
  cacheControl?: string;
  /** The language of a page (`vi`, `en`). */
  contentLanguage?: string;
}

export interface GetOptions {
  range?: string;
  ifNoneMatch?: string;
}

export type ObjectResponse =
  | { status: 304; etag?: string }
  /** The range asked for lies outside the object. */
  | { status: 416; size: number }
  | {
      status: 200 | 206;
      body: Readable;
      contentLength: number;
      contentRange?: string;
      etag?: string;
      lastModified?: Date;
      headers: ObjectHeaders;
    };
