import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { InputRefusedError } from '../errors.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import type { Province } from '../reference/provinces.ts';
import { readHeader } from './read-header.ts';
import { cleanText } from './transforms.ts';
import { ident, literal, type Sql } from '../sql.ts';

/** An export copied from the landing bucket to local disk. */
export interface StagedExport {
  /** Landing key: the name used in every report. */
  key: string;
  file: string;
  /** Known from where the export landed; otherwise taken from the data. */
  province?: Province;
}

export interface RowProblem {
  file: string;
  row: number;
  field?: string;
  message: string;
}

/** No register value is this long; a longer one is a broken export (a quote never closed, say). */
export const MAX_VALUE_LENGTH = 10_000;

/**
 * A check of each row of an export: `failed` is SQL over the columns of the export's inner query
 * (see rawValueColumns), true when the row must not be published.
 */
export interface RowCheck {
  field: string;
  /** SQL true for a row that fails the check. */
  failed: Sql;
  message: string;
}

const controlColumn = (field: string) => ident(`__control:${field}`);
const tooLongColumn = (field: string) => ident(`__too_long:${field}`);

/** Columns for an export's inner query (FROM raw_<i>) that the rawValueChecks read. */
export const rawValueColumns = (fields: string[]): string[] =>
  fields.flatMap((field) => [
    // NUL and other control characters mean a corrupted export, never a register value.
    `regexp_matches(${ident(field)}, '[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}]') AS ${controlColumn(field)}`,
    `length(${ident(field)}) > ${MAX_VALUE_LENGTH} AS ${tooLongColumn(field)}`,
  ]);

/** The checks every loaded field gets, whatever the dataset. */
export const rawValueChecks = (fields: string[]): RowCheck[] =>
  fields.flatMap((field) => [
    { field, failed: controlColumn(field), message: 'contains control characters (e.g. NUL)' },
    { field, failed: tooLongColumn(field), message: `longer than ${MAX_VALUE_LENGTH} characters` },
  ]);

/**
 * The failed checks of a row as a list (the `__errors` column of each export's SELECT), NULL for
 * a row that passes them all: the list is built only for the few rows that fail (building a list
 * of structs for every row cost about a second per million).
 */
export const errorList = (checks: RowCheck[]): string =>
  checks.length === 0
    ? `[]::STRUCT(field VARCHAR, message VARCHAR)[]`
    : `CASE WHEN ${checks.map((c) => `(${c.failed})`).join(' OR ')} THEN list_filter([${checks
        .map((c) => `CASE WHEN ${c.failed} THEN {'field': ${literal(c.field)}, 'message': ${literal(c.message)}} END`)
        .join(', ')}], e -> e IS NOT NULL) END`;

export interface LoadedExports {
  rowsRead: number;
  /** Rows the parser could not read, per export (`row` is the file's line / the JSON record). */
  parserProblems: RowProblem[];
  /** Physical lines rejected by the CSV parser, per export index, sorted: to number later rows. */
  rejectedLines: Map<number, bigint[]>;
  unclassified: { file: string; fields: string[] }[];
  sources: { key: string; province?: string; rowsRead: number }[];
}

/**
 * An export's record number (1-based) in `raw_<i>`: the engine keeps insertion order, so a row's
 * position is its rowid, with no numbering pass over the file (a window that runs on one thread).
 */
export const RECORD_NUMBER = 'rowid + 1 AS __record';

/** The column holding a field's clean text (see cleanColumns). */
export const cleanColumn = (field: string): Sql => ident(`__clean:${field}`);

/**
 * Each field's clean text (cleanText) as a column of its own, for a SELECT over allExports: every
 * value and dimension then reads it, and the clean-text regular expression (5.6 KB, from the
 * Unicode data) is compiled and run once per field, not once per expression that reads it.
 */
export const cleanColumns = (fields: string[]): string[] => fields.map((f) => `${cleanText(ident(f))} AS ${cleanColumn(f)}`);

/** The table holding a field's distinct values with their clean text and raw checks (see createFieldDictionaries). */
const dictionaryTable = (field: string): string => ident(`__dictionary:${field}`);

/** A column of `field`'s dictionary: SQL over that field's clean text alone (`cleanColumn(field)`). */
export interface FieldDerivation {
  field: string;
  /** Column name (unquoted). */
  column: string;
  expression: string;
}

/**
 * For each field, its distinct values across the exports, each with its clean text (cleanText),
 * the raw-value checks (rawValueColumns) and the `derived` columns of that field, in a table of its
 * own: a field of an aggregate holds a few hundred values in a million rows, so the clean-text
 * regular expression, NFC, the checks and the parsing of dates and categories run once per value
 * instead of once per row. Returns every export's rows (allExports: `__export`, `__record`,
 * `__partition`) with those columns joined back in place of the raw values, in no particular
 * order: for counting, not for files.
 */
export async function createFieldDictionaries(
  db: DuckDBConnection,
  exports: StagedExport[],
  fields: string[],
  derived: readonly FieldDerivation[],
): Promise<string> {
  const columnsOf = (field: string) => derived.filter((d) => d.field === field);
  for (const field of fields) {
    const values = exports.map((_, i) => `SELECT ${ident(field)} FROM raw_${i}`).join(' UNION ALL ');
    const checked = `SELECT ${ident(field)} AS __value, ${[...cleanColumns([field]), ...rawValueColumns([field])].join(', ')}
       FROM (SELECT DISTINCT ${ident(field)} FROM (${values}))`;
    const extra = columnsOf(field).map((d) => `${d.expression} AS ${ident(d.column)}`);
    await db.run(`CREATE TEMP TABLE ${dictionaryTable(field)} AS SELECT ${['*', ...extra].join(', ')} FROM (${checked})`);
  }
  const columns = fields.flatMap((f) =>
    [cleanColumn(f), controlColumn(f), tooLongColumn(f), ...columnsOf(f).map((d) => ident(d.column))].map(
      (c) => `${dictionaryTable(f)}.${c}`,
    ),
  );
  const joins = fields.map(
    (f) => `LEFT JOIN ${dictionaryTable(f)} ON __rows.${ident(f)} IS NOT DISTINCT FROM ${dictionaryTable(f)}.__value`,
  );
  return `SELECT __rows.__export, __rows.__record, __rows.__partition, ${columns.join(', ')}
   FROM ${allExports(exports, fields)} AS __rows ${joins.join(' ')}`;
}

/** The raw-check columns (rawValueColumns) by name, for a query over createFieldDictionaries' rows. */
export const rawValueColumnNames = (fields: string[]): string[] => fields.flatMap((f) => [controlColumn(f), tooLongColumn(f)]);

/**
 * Every export's rows as one relation, for a FROM clause: `__export` (its index), `__record`
 * (RECORD_NUMBER), `__partition` (the code of the province folder it landed in, '' when none),
 * then `fields`. The cleaning and checks are one SELECT over it, not one per export: DuckDB plans
 * the expressions of each branch of a UNION again, and with a branch per export the twelve
 * month partitions of an encounters sample spent 0.45 s of their 0.49 s in planning.
 */
export const allExports = (exports: StagedExport[], fields: string[]): string =>
  `(${exports
    .map(
      (staged, i) =>
        `SELECT ${[`${i} AS __export`, RECORD_NUMBER, `${literal(staged.province?.code ?? '')} AS __partition`, ...fields.map((f) => ident(f))].join(', ')} FROM raw_${i}`,
    )
    .join(' UNION ALL ')})`;

/**
 * Loads each export into `raw_<i>` (only the `used` fields, as text, in file order: see
 * RECORD_NUMBER). Fields the definition does not classify are listed, never loaded; closed
 * fields that no output needs are never loaded either.
 */
export async function loadExports(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  exports: StagedExport[],
  used: string[],
): Promise<LoadedExports> {
  const classified = new Set(definition.fields.map((f) => f.name));
  const required = definition.fields.filter((f) => f.required).map((f) => f.name);
  const result: LoadedExports = { rowsRead: 0, parserProblems: [], rejectedLines: new Map(), unclassified: [], sources: [] };

  for (const [i, staged] of exports.entries()) {
    const load = definition.source.format === 'json' ? loadJson : loadCsv;
    const { names, parserRejects, rowsLoaded } = await load(db, i, staged, used, definition.source.delimiter);
    for (const name of required) {
      if (!names.includes(name)) {
        throw definition.source.format === 'csv'
          ? new InputRefusedError({ file: staged.key, row: 1, field: name }, 'a required column is missing from the header')
          : new InputRefusedError({ file: staged.key, field: name }, 'a required field is missing from every record');
      }
    }
    const extra = names.filter((n) => !classified.has(n));
    if (extra.length) result.unclassified.push({ file: staged.key, fields: extra });

    result.rejectedLines.set(
      i,
      parserRejects.map((r) => BigInt(r.row)),
    );
    result.parserProblems.push(...parserRejects.map((r) => ({ file: staged.key, ...r })));
    const read = rowsLoaded + parserRejects.length;
    if (read === 0) throw new InputRefusedError({ file: staged.key }, 'the export holds no rows');
    result.rowsRead += read;
    result.sources.push({ key: staged.key, province: staged.province?.code, rowsRead: read });
  }
  return result;
}

type Loader = (
  db: DuckDBConnection,
  i: number,
  staged: StagedExport,
  used: string[],
  delimiter: string,
) => Promise<{ names: string[]; parserRejects: Omit<RowProblem, 'file'>[]; rowsLoaded: number }>;

/**
 * A line up to 16 MiB parses (so a 10 MB field gets a row error naming it, not a parser abort).
 * The read buffer is set explicitly: DuckDB's default is 16 lines' worth, one 256 MiB block.
 */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

const loadCsv: Loader = async (db, i, staged, used, delimiter) => {
  const header = await readHeader(staged.file, staged.key, delimiter);
  const columns = header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ');
  const select = used.map((f) => (header.includes(f) ? ident(f) : `NULL::VARCHAR AS ${ident(f)}`)).join(', ');
  const loaded = await db.runAndReadAll(
    `CREATE TEMP TABLE raw_${i} AS SELECT ${select}
     FROM read_csv(${literal(staged.file)}, header = true, auto_detect = false, delim = ${literal(delimiter)},
       quote = '"', escape = '"', columns = {${columns}}, store_rejects = true,
       rejects_table = 'rejects_${i}', rejects_scan = 'reject_scans_${i}',
       max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${2 * MAX_LINE_BYTES})`,
  );
  const rejects = (
    await db.runAndReadAll(
      `SELECT line, min(column_name) AS field, min(error_type) AS type, min(error_message) AS message
       FROM rejects_${i} GROUP BY line ORDER BY line`,
    )
  ).getRowObjectsJS();
  return {
    names: header,
    rowsLoaded: createdRows(loaded),
    parserRejects: rejects.map((r) => ({
      row: Number(r.line),
      field: (r.field as string | null) ?? undefined,
      message: describeParserError(String(r.type), String(r.message)),
    })),
  };
};

/** A JSON array or NDJSON; nested values (e.g. `{"$oid": …}` wrappers) are read as their JSON text. */
const loadJson: Loader = async (db, i, staged, used) => {
  const objects = `read_json_objects(${literal(staged.file)}, format = 'auto', maximum_object_size = 16777216)`;
  let names: string[];
  let rowsLoaded: number;
  try {
    const keys = (await db.runAndReadAll(`SELECT DISTINCT unnest(json_keys(json)) AS k FROM ${objects} ORDER BY k`)).getRowObjectsJS();
    names = keys.map((k) => String(k.k).normalize('NFC'));
    const select = used.map((f) => `json_extract_string(json, ${literal(`$.${JSON.stringify(f)}`)}) AS ${ident(f)}`).join(', ');
    rowsLoaded = createdRows(await db.runAndReadAll(`CREATE TEMP TABLE raw_${i} AS SELECT ${select} FROM ${objects}`));
  } catch (error) {
    throw new InputRefusedError({ file: staged.key }, `not valid JSON or NDJSON (${publicJsonError((error as Error).message)})`);
  }
  return { names, parserRejects: [], rowsLoaded };
};

/** The rows a CREATE TABLE … AS put in its table: DuckDB answers it with their count. */
const createdRows = (result: DuckDBResultReader): number => Number(result.getRowObjectsJS()[0]!.Count as bigint);

/** DuckDB's message names our local staging path; keep only where and what. */
const publicJsonError = (message: string): string =>
  message
    .replace(/^.*?(at byte \d+.*)$/s, '$1')
    .replace(/"[^"]*\/[^"]*"/g, 'the file')
    .trim();

/**
 * Creates `typed` from `typedRows`, a SELECT over allExports with `__export`, `__record` and
 * `__errors` (see errorList), without the rows that failed a check, and reports every rejected
 * row (parser and validation) with its file and row number, and how many rows `typed` keeps.
 * Values and checks come from one pass over the exports, so every field is cleaned once.
 */
export async function typedRowsWithoutErrors(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  exports: StagedExport[],
  loaded: LoadedExports,
  typedRows: string,
): Promise<{ problems: RowProblem[]; rejectedRecords: number; typedRecords: number }> {
  const created = createdRows(await db.runAndReadAll(`CREATE TEMP TABLE typed AS ${typedRows}`));
  await dropLoadedExports(db, exports);
  const rejected = await rejectedRows(db, definition, exports, loaded, 'typed');
  // Most runs reject nothing: then there is nothing to delete.
  if (rejected.rejectedRecords > 0) await db.run(`DELETE FROM typed WHERE len(__errors) > 0`);
  return { ...rejected, typedRecords: created - rejected.rejectedRecords };
}

/**
 * Counts `typedRows` (as typedRowsWithoutErrors takes them) by `dims` into `counted (dims…, n)`,
 * leaving out the rows that failed a check, and reports those rows: one pass that keeps no row,
 * where making `typed` first wrote every row out (births at 1M rows: 1.04 → 0.55 s).
 */
export async function countedRowsWithoutErrors(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  exports: StagedExport[],
  loaded: LoadedExports,
  typedRows: string,
  dims: string,
): Promise<{ problems: RowProblem[]; rejectedRecords: number }> {
  // A rejected row is a group of its own (its export and record in the key); the others are
  // grouped by their dimensions alone.
  const failed = `len(__errors) > 0`;
  await db.run(
    `CREATE TEMP TABLE counted_rows AS
     SELECT ${dims}, CASE WHEN ${failed} THEN __export END AS __export, CASE WHEN ${failed} THEN __record END AS __record,
       CASE WHEN ${failed} THEN __errors END AS __errors, count(*)::BIGINT AS n
     FROM (${typedRows}) GROUP BY ALL`,
  );
  await dropLoadedExports(db, exports);
  const rejected = await rejectedRows(db, definition, exports, loaded, 'counted_rows');
  await db.run(`CREATE TEMP TABLE counted AS SELECT ${dims}, n FROM counted_rows WHERE __errors IS NULL`);
  await db.run(`DROP TABLE counted_rows`);
  return rejected;
}

/**
 * Drops the text tables of loadExports once the rows are typed or counted: nothing reads them
 * after, and at 10M registry rows they are 2 GB of DuckDB's spill files, which share the Lambda's
 * 10 GiB of `/tmp` with the export and the outputs.
 */
async function dropLoadedExports(db: DuckDBConnection, exports: StagedExport[]): Promise<void> {
  for (const [i] of exports.entries()) await db.run(`DROP TABLE raw_${i}`);
}

/** Every check a row of `table` failed (its `__errors`), with the row's file and line, parser problems first. */
async function rejectedRows(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  exports: StagedExport[],
  loaded: LoadedExports,
  table: string,
): Promise<{ problems: RowProblem[]; rejectedRecords: number }> {
  const problems: RowProblem[] = [...loaded.parserProblems];
  const errors = (
    await db.runAndReadAll(
      `SELECT __export AS export, __record AS record, e.field AS field, e.message AS message
       FROM (SELECT __export, __record, unnest(__errors) AS e FROM ${table} WHERE len(__errors) > 0)
       ORDER BY export, record, field`,
    )
  ).getRowObjectsJS();
  const rejected = new Set<string>();
  for (const e of errors) {
    rejected.add(`${e.export}:${e.record}`);
    const i = Number(e.export);
    const row =
      definition.source.format === 'csv' ? fileRow(BigInt(e.record as bigint), loaded.rejectedLines.get(i) ?? []) : Number(e.record);
    problems.push({ file: exports[i]!.key, row, field: e.field as string, message: e.message as string });
  }
  return { problems, rejectedRecords: rejected.size };
}

/**
 * Makes a downloaded export readable by the parser: gunzips `.gz` exports and transcodes UTF-16
 * (with a byte-order mark) to UTF-8. Anything else is left for the parser to judge row by row.
 */
export async function prepareExportFile(downloaded: string, key: string): Promise<string> {
  let file = downloaded;
  if (/\.gz$/i.test(key)) {
    const unzipped = `${downloaded}.unzipped`;
    try {
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(unzipped));
    } catch (error) {
      throw new InputRefusedError({ file: key }, `not a valid gzip file (${(error as Error).message})`);
    }
    file = unzipped;
  }
  const head = Buffer.alloc(2);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : undefined;
  if (!encoding) return file;
  const transcoded = `${file}.utf8`;
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    await pipeline(
      createReadStream(file, { start: 2 }),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
        yield Buffer.from(decoder.decode(), 'utf8');
      },
      createWriteStream(transcoded),
    );
  } catch {
    throw new InputRefusedError(
      { file: key },
      `starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`,
    );
  }
  return transcoded;
}

/**
 * Spreadsheet row of the n-th parsed CSV record (header = row 1): parser-rejected lines are not
 * numbered by DuckDB, so each one before the record shifts it down by one.
 */
export function fileRow(record: bigint, rejectedLinesSorted: bigint[]): number {
  let line = record + 1n;
  for (const rejected of rejectedLinesSorted) {
    if (rejected <= line) line += 1n;
    else break;
  }
  return Number(line);
}

function describeParserError(type: string, message: string): string {
  switch (type) {
    case 'TOO MANY COLUMNS':
    case 'MISSING COLUMNS':
      return `wrong number of fields (${message})`;
    case 'INVALID UNICODE':
    case 'INVALID ENCODING':
      return 'the row is not valid UTF-8';
    case 'UNQUOTED VALUE':
      return 'a quoted field is not closed, or is followed by stray characters';
    case 'LINE SIZE OVER MAXIMUM':
      return 'the row is longer than 16 MiB';
    default:
      return message;
  }
}
