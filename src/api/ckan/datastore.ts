import { stableUuid } from '../../catalog/ids.ts';
import type { VersionRecord } from '../../catalog/model.ts';
import { goneError, type CatalogEntry } from '../../catalog/queries.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, rowsCsv, type RowAnswer, type RowQuery, type TableFiles } from '../../catalog/rows-query.ts';
import type { TableSchema } from '../../catalog/tables.ts';
import { CkanValidationError, notFound } from './errors.ts';
import { boolParam, intParam, listParam, requiredString, stringParam, type CkanParams } from './params.ts';

/** A published table of one version, as `datastore_search` names it. */
export interface DatastoreResource {
  /** The CKAN resource id of the table's Parquet file (the id `package_show` lists for it). */
  id: string;
  entry: CatalogEntry;
  version: VersionRecord;
  table: TableSchema;
  parquetKey: string;
}

/**
 * The table a `resource_id` names: the id of any of a table's files (CSV, Parquet, XLSX) in a
 * visible version, as `package_show` lists them, or the table's name (`births-by-month-province-sex`,
 * the file stem) for the latest version. A withdrawn version's table is gone (410).
 */
export function findDatastoreResource(entries: CatalogEntry[], resourceId: string): DatastoreResource {
  for (const entry of entries) {
    const m = entry.dataset.metadata;
    for (const version of [entry.latest, ...entry.versions, ...entry.withdrawn]) {
      for (const table of m.tables) {
        const parquet = version.files.find((f) => f.name === `${table.name}.parquet`);
        if (!parquet) continue;
        const named =
          (version === entry.latest && resourceId === table.name) ||
          version.files.some((f) => f.name.startsWith(`${table.name}.`) && stableUuid(m.id, version.version, f.name) === resourceId);
        if (!named) continue;
        if (version.state === 'withdrawn') throw goneError(version);
        return { id: stableUuid(m.id, version.version, parquet.name), entry, version, table, parquetKey: parquet.key };
      }
    }
  }
  throw notFound('Resource', resourceId);
}

/** `filters`: a JSON object (or its text) of column → value or list of values. */
function filtersParam(params: CkanParams): Record<string, string[]> {
  let raw = params.filters;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new CkanValidationError('filters', 'Not a valid JSON object');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CkanValidationError('filters', 'Not a JSON object');
  const out: Record<string, string[]> = {};
  for (const [column, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number') || values.length === 0 || values.length > 100) {
      throw new CkanValidationError('filters', `"${column.slice(0, 60)}" takes a value or a list of 1 to 100 values`);
    }
    out[column] = values.map(String);
  }
  return out;
}

/** `sort`: "column", "column desc", several joined by commas (CKAN's form), or a list of those. */
function sortParam(params: CkanParams): RowQuery['sort'] {
  const raw = params.sort;
  if (raw === undefined || raw === null || raw === '') return [];
  const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!parts || !parts.every((p) => typeof p === 'string')) throw new CkanValidationError('sort', 'Must be a string');
  return (parts as string[])
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const match = /^"?([^"\s]+)"?(?:\s+(asc|desc))?$/i.exec(p);
      if (!match) throw new CkanValidationError('sort', `Cannot sort by "${p.slice(0, 60)}": give a column, then asc or desc`);
      return { column: match[1]!, descending: match[2]?.toLowerCase() === 'desc' };
    });
}

export type DatastoreFormat = 'json' | 'csv';

/** The parameters of `datastore_search` this API takes. */
export interface DatastoreRequest {
  resourceId: string;
  query: RowQuery;
  format: DatastoreFormat;
}

export function datastoreRequest(params: CkanParams): DatastoreRequest {
  const q = stringParam(params, 'q');
  if (q !== undefined && q.length > 200) throw new CkanValidationError('q', 'At most 200 characters');
  const recordsFormat = stringParam(params, 'records_format') ?? 'objects';
  if (recordsFormat !== 'objects')
    throw new CkanValidationError('records_format', 'Only "objects" is served here; for CSV give format=csv');
  const format = (stringParam(params, 'format') ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'csv') throw new CkanValidationError('format', 'Must be json or csv');
  return {
    resourceId: requiredString(params, 'resource_id'),
    format,
    query: {
      filters: filtersParam(params),
      ...(q?.trim() ? { q: q.trim() } : {}),
      ...(listParam(params, 'fields') ? { fields: listParam(params, 'fields') } : {}),
      sort: sortParam(params),
      limit: intParam(params, 'limit', DEFAULT_LIMIT, { max: MAX_LIMIT }),
      offset: intParam(params, 'offset', 0),
      includeTotal: boolParam(params, 'include_total', true),
    },
  };
}

const CKAN_TYPES = { string: 'text', integer: 'int', date: 'date' } as const;

/** CKAN's `datastore_search` result: the fields with their titles, the records, the total and paging links. */
export async function datastoreSearch(files: TableFiles, resource: DatastoreResource, request: DatastoreRequest) {
  const { query } = request;
  const answer = await files.queryRows(resource.parquetKey, resource.table, query);
  const path = '/api/3/action/datastore_search';
  const link = (offset: number) => {
    const p = new URLSearchParams({ resource_id: resource.id });
    if (Object.keys(query.filters).length) p.set('filters', JSON.stringify(query.filters));
    if (query.q) p.set('q', query.q);
    if (query.fields) p.set('fields', query.fields.join(','));
    if (query.sort.length) p.set('sort', query.sort.map((s) => `${s.column}${s.descending ? ' desc' : ''}`).join(','));
    if (query.limit !== DEFAULT_LIMIT) p.set('limit', String(query.limit));
    if (offset) p.set('offset', String(offset));
    return `${path}?${p}`;
  };
  return {
    resource_id: resource.id,
    fields: fieldsOf(answer, query),
    records: answer.records,
    records_format: 'objects',
    filters: query.filters,
    ...(query.q ? { q: query.q } : {}),
    ...(query.sort.length ? { sort: query.sort.map((s) => `${s.column} ${s.descending ? 'desc' : 'asc'}`).join(', ') } : {}),
    limit: query.limit,
    offset: query.offset,
    include_total: query.includeTotal,
    ...(answer.total !== undefined ? { total: answer.total, total_was_estimated: false } : {}),
    _links: { start: link(0), next: link(query.offset + query.limit) },
    // Not CKAN's: which version and table answered, so that a result can be cited.
    dataset_id: resource.entry.dataset.id,
    version: resource.version.version,
    table: resource.table.name,
  };
}

function fieldsOf(answer: RowAnswer, query: RowQuery) {
  const id = !query.fields?.length || query.fields.includes('_id') ? [{ id: '_id', type: 'int' }] : [];
  return [
    ...id,
    ...answer.columns.map((c) => ({
      id: c.name,
      type: CKAN_TYPES[c.type],
      info: { label: c.title.vi, notes: `${c.description.vi} / ${c.description.en}` },
    })),
  ];
}

/** The matching rows as a CSV like the published one, without `_id` unless asked. */
export async function datastoreCsv(files: TableFiles, resource: DatastoreResource, request: DatastoreRequest): Promise<string> {
  const answer = await files.queryRows(resource.parquetKey, resource.table, request.query);
  return rowsCsv(answer, request.query.fields);
}
