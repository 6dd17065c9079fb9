import { stringify } from 'csv-stringify/sync';
import { BadRequestError } from '../errors.ts';
import { defuse } from './formats/common.ts';
import type { TableColumn, TableSchema } from './tables.ts';
import type { ValueIndexes } from './value-search.ts';

/**
 * Row-level queries over a published table (CKAN's `datastore_search`, the pages' filtered
 * downloads): what a query is, its limits and its answers. The reading itself (hyparquet over S3
 * byte ranges, rows.ts) sits behind TableFiles, so that the API loads it on its first row query
 * and not at every cold start.
 */

/** What one query may read from the bucket: beyond it the caller is asked to filter more. */
export const MAX_QUERY_BYTES = 48 * 2 ** 20;
/** Matching rows one query may hold to sort and count (a filter keeps most queries far below). */
export const MAX_MATCHING_ROWS = 250_000;
/** Rows one answer may return (CKAN's default is 100; a filtered download takes up to this). */
export const MAX_LIMIT = 50_000;
export const DEFAULT_LIMIT = 100;

export interface RowQuery {
  /** Column → accepted values (any of them). */
  filters: Record<string, string[]>;
  /** Words every matching row holds in its text columns, diacritics and case ignored. */
  q?: string;
  /** The columns to return, in this order; all by default. */
  fields?: string[];
  sort: { column: string; descending: boolean }[];
  limit: number;
  offset: number;
  includeTotal: boolean;
}

export type RowValue = string | number | null;

export interface RowAnswer {
  columns: TableColumn[];
  /** Each row with `_id`, its position in the file (1-based): stable within a version. */
  records: Record<string, RowValue>[];
  total?: number;
}

/** The published tables as the API reads them: row queries over a version's Parquet file, and its search index. */
export interface TableFiles extends ValueIndexes {
  queryRows(key: string, table: TableSchema, query: RowQuery): Promise<RowAnswer>;
}

/** Checks a query's column names against the table: a misspelt column is an error, not an empty answer. */
export function checkQuery(table: TableSchema, query: RowQuery): void {
  const names = new Set(table.columns.map((c) => c.name));
  const unknown = (where: string, name: string) =>
    new BadRequestError(`${where}: "${name.slice(0, 60)}" is not a column of ${table.name} (its columns: ${[...names].join(', ')})`);
  for (const name of Object.keys(query.filters)) if (!names.has(name)) throw unknown('filters', name);
  for (const name of query.fields ?? []) if (!names.has(name) && name !== '_id') throw unknown('fields', name);
  for (const { column } of query.sort) if (!names.has(column) && column !== '_id') throw unknown('sort', column);
}

/** Rows as a CSV like the published one (BOM, CRLF, formulas defused): the table's columns, or the fields asked for. */
export function rowsCsv(answer: RowAnswer, fields?: string[]): string {
  const columns = fields?.length ? fields : answer.columns.map((c) => c.name);
  const rows = answer.records.map((r) => columns.map((c) => (typeof r[c] === 'string' ? defuse(r[c]) : (r[c] ?? ''))));
  return stringify([columns, ...rows], { bom: true, record_delimiter: '\r\n' });
}

/** Rows as text, one value per column of the table (the workbook writer's input). */
export const textRows = (answer: RowAnswer, table: TableSchema): (string | null)[][] =>
  answer.records.map((r) => table.columns.map((c) => (r[c.name] === null || r[c.name] === undefined ? null : String(r[c.name]))));
