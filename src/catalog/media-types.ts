import type { FileFormat } from './model.ts';

export const MEDIA_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  datapackage: 'application/json',
  'quality-report': 'application/json',
  'search-index': 'application/json',
};

/** Pinned versions never change: caches may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Catalog answers (pages, catalog JSON) change when a version is published: short caching. */
export const CATALOG_CACHE = 'public, max-age=60';

/** Harvesters poll the catalog documents; five minutes keeps a new version visible soon without refetching on every poll. */
export const METADATA_CACHE = 'public, max-age=300';
