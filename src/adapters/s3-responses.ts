import type { Readable } from 'node:stream';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type { ObjectResponse } from '../ports/object-store.ts';

/** A GetObject answer as the ObjectStore port gives it (type-only SDK import: no SDK code loads with it). */
export const objectResponse = (o: GetObjectCommandOutput): ObjectResponse => ({
  status: o.ContentRange ? 206 : 200,
  body: o.Body as Readable,
  contentLength: o.ContentLength ?? 0,
  contentRange: o.ContentRange,
  etag: o.ETag,
  lastModified: o.LastModified,
  headers: {
    contentType: o.ContentType,
    contentDisposition: o.ContentDisposition,
    cacheControl: o.CacheControl,
    contentLanguage: o.ContentLanguage,
  },
});
