import type { FileFormat } from './model.ts';

export const MEDIA_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  datapackage: 'application/json',
  'quality-report': 'application/json',
};

/** Pinned versions never change: caches may keep them for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
