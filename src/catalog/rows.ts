import {
  parquetMetadataAsync,
  parquetReadObjects,
  rowIndex,
  type AsyncBuffer,
  type FileMetaData,
  type ParquetQueryFilter,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { BadRequestError } from '../errors.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { normaliseForMatch } from '../text.ts';
import {
  checkQuery,
  MAX_MATCHING_ROWS,
  MAX_QUERY_BYTES,
  type RowAnswer,
  type RowQuery,
  type RowValue,
  type TableFiles,
} from './rows-query.ts';
import type { TableSchema } from './tables.ts';
import { valueIndexesIn } from './value-search.ts';

/**
 * Reads a published table's rows from the version's Parquet file with byte ranges: the footer,
 * then only the column chunks of the row groups whose statistics can hold the filtered values.
 * A version's files never change, so footers are kept between requests. Queries and limits are
 * rows-query.ts.
 */

const FOOTERS_KEPT = 64;

/** hyparquet and its ZSTD codec, imported on the first query (the API's cold start parses neither). */
let parquetLibraries: Promise<[typeof import('hyparquet'), typeof import('hyparquet-compressors')]> | undefined;
const libraries = () => (parquetLibraries ??= Promise.all([import('hyparquet'), import('hyparquet-compressors')]));

/** TableFiles over the public bucket (read-only: `head` and ranged `get`). */
export function tableFilesIn(store: Pick<ObjectStore, 'get' | 'head'>, { maxBytes = MAX_QUERY_BYTES } = {}): TableFiles {
  const footers = new Map<string, Promise<{ byteLength: number; metadata: FileMetaData }>>();
  const indexes = valueIndexesIn(store);
  const open: ParquetOpener = async (key) => {
    let footer = footers.get(key);
    if (!footer) {
      footer = (async () => {
        const head = await store.head(key);
        if (!head) throw new Error(`the published table ${key} is missing from the bucket`);
        const file = rangedFile(store, key, head.size, { read: 0, max: Infinity });
        const [{ parquetMetadataAsync }] = await libraries();
        return { byteLength: head.size, metadata: await parquetMetadataAsync(file) };
      })();
      footers.set(key, footer);
      footer.catch(() => footers.delete(key));
      if (footers.size > FOOTERS_KEPT) footers.delete(footers.keys().next().value!);
    }
    const { byteLength, metadata } = await footer;
    return { file: rangedFile(store, key, byteLength, { read: 0, max: maxBytes }), metadata };
  };
  return {
    loadIndex: (key) => indexes.loadIndex(key),
    queryRows: (key, table, query) => queryParquet(open, key, table, query),
  };
}

/** A published Parquet file by key: its footer, and the bytes as ranged reads against one query's budget. */
type ParquetOpener = (key: string) => Promise<{ file: AsyncBuffer; metadata: FileMetaData }>;

function rangedFile(store: Pick<ObjectStore, 'get'>, key: string, byteLength: number, budget: { read: number; max: number }): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end = byteLength): Promise<ArrayBuffer> {
      budget.read += end - start;
      if (budget.read > budget.max) {
        throw new BadRequestError(
          `this query would read more than ${+(budget.max / 2 ** 20).toFixed(2)} MiB of the table: filter by a column (e.g. province_code) or download the whole file`,
        );
      }
      const response = await store.get(key, { range: `bytes=${start}-${end - 1}` });
      if (response.status !== 200 && response.status !== 206)
        throw new Error(`reading ${key} bytes ${start}-${end - 1}: ${response.status}`);
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

/** A value as the CSV writes it: dates as YYYY-MM-DD, integers as numbers, text as text. */
function plain(value: unknown): RowValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

/**
 * Runs a query over a table's Parquet file. Text filters go to the reader (row groups whose
 * min/max cannot hold the value are skipped); the others, `q`, the sort and the paging are
 * applied to the matching rows.
 */
async function queryParquet(open: ParquetOpener, key: string, table: TableSchema, query: RowQuery): Promise<RowAnswer> {
  checkQuery(table, query);
  const { file, metadata } = await open(key);
  const typeOf = new Map(table.columns.map((c) => [c.name, c.type]));
  const textFilters: ParquetQueryFilter[] = Object.entries(query.filters)
    .filter(([name]) => typeOf.get(name) === 'string')
    .map(([name, values]) => ({ [name]: { $in: values } }));
  const otherFilters = Object.entries(query.filters).filter(([name]) => typeOf.get(name) !== 'string');
  const filter: ParquetQueryFilter | undefined = textFilters.length ? { $and: textFilters } : undefined;
  const [{ parquetReadObjects, rowIndex }, { compressors }] = await libraries();
  const rows = await parquetReadObjects({ file, metadata, compressors, filter, includeRowIndex: true });
  if (rows.length > MAX_MATCHING_ROWS && (otherFilters.length || query.q || query.sort.length)) {
    throw new BadRequestError(`more than ${MAX_MATCHING_ROWS} rows match before sorting or searching: filter by a text column first`);
  }
  const words = query.q ? normaliseForMatch(query.q).split(' ').filter(Boolean) : [];
  const textColumns = table.columns.filter((c) => c.type === 'string').map((c) => c.name);
  const matching: Record<string, RowValue>[] = [];
  for (const row of rows) {
    const record: Record<string, RowValue> = { _id: Number((row as Record<symbol, unknown>)[rowIndex]) + 1 };
    for (const c of table.columns) record[c.name] = plain(row[c.name]);
    if (!otherFilters.every(([name, values]) => values.includes(String(record[name] ?? '')))) continue;
    if (words.length) {
      const text = normaliseForMatch(textColumns.map((name) => record[name] ?? '').join(' '));
      if (!words.every((w) => text.includes(w))) continue;
    }
    matching.push(record);
  }
  if (query.sort.length) matching.sort((a, b) => compareRows(a, b, query.sort));
  const page = matching.slice(query.offset, query.offset + query.limit);
  const fields = query.fields?.length ? query.fields : ['_id', ...table.columns.map((c) => c.name)];
  const records = page.map((r) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null])));
  const columns = fields.filter((f) => f !== '_id').map((f) => table.columns.find((c) => c.name === f)!);
  return { columns, records, ...(query.includeTotal ? { total: matching.length } : {}) };
}

const collator = new Intl.Collator('vi', { numeric: true });

function compareRows(a: Record<string, RowValue>, b: Record<string, RowValue>, sort: RowQuery['sort']): number {
  for (const { column, descending } of sort) {
    const x = a[column] ?? null;
    const y = b[column] ?? null;
    // Empty values (a suppressed count) last, whichever the direction.
    const order =
      x === y
        ? 0
        : x === null
          ? 1
          : y === null
            ? -1
            : typeof x === 'number' && typeof y === 'number'
              ? (x - y) * (descending ? -1 : 1)
              : collator.compare(String(x), String(y)) * (descending ? -1 : 1);
    if (order !== 0) return order;
  }
  return Number(a._id) - Number(b._id);
}
