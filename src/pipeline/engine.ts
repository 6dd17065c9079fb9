import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { InputRefusedError } from '../errors.ts';
import type { DatasetDefinition, OutputColumn } from '../policy/dataset-definition.ts';
import type { Province } from '../reference/provinces.ts';
import { readHeader } from './read-header.ts';
import { ident, literal } from './sql.ts';
import { cleanText, guardFormula, invalidDate, matchText, sourceExpression } from './transforms.ts';

/** An export copied from the landing bucket to local disk. */
export interface StagedExport {
  /** Landing key: the name used in every report. */
  key: string;
  file: string;
  /** Known from where the export landed; otherwise taken from the address. */
  province?: Province;
}

export interface RowProblem {
  file: string;
  row: number;
  field?: string;
  message: string;
}

export interface SharedKey {
  value: string;
  rows: Record<string, string | null>[];
}

export interface BuildResult {
  rowsRead: number;
  rowsRejected: number;
  /** At most MAX_LISTED_PROBLEMS of the rejected rows, in file order. */
  problems: RowProblem[];
  rowCount: number;
  duplicateRowsCollapsed: number;
  sharedKeys: SharedKey[];
  rowsWithoutProvince: number;
  /** Up to MAX_LISTED_PROBLEMS published rows whose province could not be told, for the quality report. */
  rowsWithoutProvinceListed: Record<string, string | null>[];
  /** Header names that the definition does not classify: read by nobody, published never. */
  unclassified: { file: string; fields: string[] }[];
  sources: { key: string; province?: string; rowsRead: number }[];
  csvBodyFile: string;
  parquetFile: string;
}

export interface ProvinceReference {
  provinces: Province[];
  aliases: { alias: string; code: string }[];
}

const MAX_LISTED_PROBLEMS = 1000;

/**
 * Turns staged exports into the version's files with DuckDB: read with explicit text columns and
 * a reject table, validate, project only the columns the definition derives from `open` fields,
 * collapse exact duplicates, sort, and write CSV (body only, see formats/csv.ts) and Parquet.
 * The same SQL can run on a distributed engine when a source outgrows one machine.
 */
export async function buildVersionFiles(
  definition: DatasetDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  options: { workDir: string; memoryLimit: string },
): Promise<BuildResult> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit,
    temp_directory: join(options.workDir, 'duckdb-spill'),
    preserve_insertion_order: 'true',
  });
  const db = await instance.connect();
  try {
    return await build(db, definition, exports, reference, options.workDir);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

async function build(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  workDir: string,
): Promise<BuildResult> {
  const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const classified = new Set(definition.fields.map((f) => f.name));
  const required = definition.fields.filter((f) => f.required).map((f) => f.name);
  // Only fields that feed a column are read into the engine; closed fields never leave read_csv.
  const used = [...new Set(definition.columns.map((c) => (c.source.kind === 'province' ? c.source.addressField : c.source.field)))];
  const addressField = definition.columns
    .map((c) => c.source)
    .find((s): s is Extract<typeof s, { kind: 'province' }> => s.kind === 'province');

  await db.run(`CREATE TEMP TABLE row_errors (export INTEGER, record BIGINT, field VARCHAR, message VARCHAR)`);
  const unclassified: BuildResult['unclassified'] = [];
  const perExport: string[] = [];
  const rejectedLines = new Map<number, bigint[]>();
  const sources: BuildResult['sources'] = [];
  const problems: RowProblem[] = [];
  let rowsRead = 0;

  for (const [i, staged] of exports.entries()) {
    const header = await readHeader(staged.file, staged.key, definition.source.delimiter);
    for (const name of required) {
      if (!header.includes(name)) throw new InputRefusedError({ file: staged.key, row: 1, field: name }, 'a required column is missing from the header');
    }
    const extra = header.filter((h) => !classified.has(h));
    if (extra.length) unclassified.push({ file: staged.key, fields: extra });

    const columns = header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ');
    const select = used.map((f) => (header.includes(f) ? ident(f) : `NULL::VARCHAR AS ${ident(f)}`)).join(', ');
    await db.run(
      `CREATE TEMP TABLE raw_${i} AS SELECT row_number() OVER () AS __record, ${select}
       FROM read_csv(${literal(staged.file)}, header = true, auto_detect = false, delim = ${literal(definition.source.delimiter)},
         quote = '"', escape = '"', columns = {${columns}}, store_rejects = true,
         rejects_table = 'rejects_${i}', rejects_scan = 'reject_scans_${i}', max_line_size = 16777216)`,
    );
    const parserRejects = await rows(
      `SELECT line, min(column_name) AS field, min(error_type) AS type, min(error_message) AS message
       FROM rejects_${i} GROUP BY line ORDER BY line`,
    );
    rejectedLines.set(i, parserRejects.map((r) => BigInt(r.line as bigint)));
    for (const r of parserRejects) {
      problems.push({ file: staged.key, row: Number(r.line), field: (r.field as string) ?? undefined, message: describeParserError(String(r.type), String(r.message)) });
    }
    const [{ n }] = (await rows(`SELECT count(*) AS n FROM raw_${i}`)) as [{ n: bigint }];
    const read = Number(n) + parserRejects.length;
    if (read === 0) throw new InputRefusedError({ file: staged.key }, 'the export holds a header but no rows');
    rowsRead += read;
    sources.push({ key: staged.key, province: staged.province?.code, rowsRead: read });

    for (const name of required) {
      await db.run(`INSERT INTO row_errors SELECT ${i}, __record, ${literal(name)}, 'a required value is empty' FROM raw_${i} WHERE ${cleanText(ident(name))} IS NULL`);
    }
    for (const column of definition.columns) {
      if (column.source.kind !== 'date') continue;
      const accepted = column.source.formats.join(' or ');
      await db.run(
        `INSERT INTO row_errors SELECT ${i}, __record, ${literal(column.source.field)},
           'not a date in the format ' || ${literal(accepted)} FROM raw_${i} WHERE ${invalidDate(ident(column.source.field), column.source)}`,
      );
    }
    const rowExpressions = definition.columns
      .filter((c) => c.source.kind !== 'province')
      .map((c) => `${sourceExpression(c.source)} AS ${ident(c.name)}`);
    const address = addressField ? `${cleanText(ident(addressField.addressField))} AS __address` : `NULL::VARCHAR AS __address`;
    perExport.push(
      `SELECT ${i} AS __export, __record, ${literal(staged.province?.code ?? '')} AS __partition_province, ${address}, ${rowExpressions.join(', ')} FROM raw_${i}`,
    );
  }

  const validationErrors = await rows(`SELECT export, record, field, message FROM row_errors ORDER BY export, record, field`);
  for (const e of validationErrors) {
    const i = Number(e.export);
    problems.push({ file: exports[i]!.key, row: fileRow(BigInt(e.record as bigint), rejectedLines.get(i) ?? []), field: e.field as string, message: e.message as string });
  }
  const rejectedRecords = (await rows(`SELECT count(DISTINCT (export, record)) AS n FROM row_errors`))[0]!.n as bigint;
  const rowsRejected = Number(rejectedRecords) + [...rejectedLines.values()].reduce((sum, lines) => sum + lines.length, 0);

  await db.run(`CREATE TEMP TABLE typed AS ${perExport.join(' UNION ALL ')}`);
  await db.run(`DELETE FROM typed WHERE (__export, __record) IN (SELECT (export, record) FROM row_errors)`);
  await resolveProvinces(db, reference);

  const outputColumns = definition.columns.map((c) => outputExpression(c));
  await db.run(`CREATE TEMP TABLE final AS SELECT DISTINCT ${outputColumns.join(', ')} FROM typed LEFT JOIN address_province USING (__address)`);
  const [{ valid, published, withoutProvince }] = (await rows(
    `SELECT (SELECT count(*) FROM typed) AS valid, (SELECT count(*) FROM final) AS published,
       ${provinceCodeColumn(definition) ? `(SELECT count(*) FROM final WHERE ${ident(provinceCodeColumn(definition)!)} IS NULL)` : '0'} AS withoutProvince`,
  )) as [{ valid: bigint; published: bigint; withoutProvince: bigint }];

  const sharedKeys = definition.quality.duplicateKey ? await findSharedKeys(db, definition, definition.quality.duplicateKey) : [];
  const provinceColumn = provinceCodeColumn(definition);
  const rowsWithoutProvinceListed = provinceColumn
    ? await rowsAsText(db, `SELECT * FROM final WHERE ${ident(provinceColumn)} IS NULL ORDER BY ${orderBy(definition)} LIMIT ${MAX_LISTED_PROBLEMS}`)
    : [];

  const order = orderBy(definition);
  const csvBodyFile = join(workDir, 'body.csv');
  const parquetFile = join(workDir, `${definition.id}.parquet`);
  const csvSelect = definition.columns.map((c) => (c.type === 'string' ? `${guardFormula(ident(c.name))} AS ${ident(c.name)}` : ident(c.name)));
  await db.run(
    `COPY (SELECT ${csvSelect.join(', ')} FROM final ORDER BY ${order}) TO ${literal(csvBodyFile)}
     (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n', DATEFORMAT '%Y-%m-%d')`,
  );
  await db.run(
    `COPY (SELECT * FROM final ORDER BY ${order}) TO ${literal(parquetFile)}
     (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );

  return {
    rowsRead,
    rowsRejected,
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row).slice(0, MAX_LISTED_PROBLEMS),
    rowCount: Number(published),
    duplicateRowsCollapsed: Number(valid) - Number(published),
    sharedKeys,
    rowsWithoutProvince: Number(withoutProvince),
    rowsWithoutProvinceListed,
    unclassified,
    sources,
    csvBodyFile,
    parquetFile,
  };
}

/** Provinces for rows whose export did not land in a province folder: the one the address names last. */
async function resolveProvinces(db: DuckDBConnection, reference: ProvinceReference): Promise<void> {
  await db.run(`CREATE TEMP TABLE province (code VARCHAR, name VARCHAR)`);
  await db.run(`CREATE TEMP TABLE province_alias (alias VARCHAR, code VARCHAR)`);
  await insertRows(db, 'province', reference.provinces.map((p) => [p.code, p.name]));
  await insertRows(db, 'province_alias', reference.aliases.map((a) => [a.alias, a.code]));
  await db.run(
    `CREATE TEMP TABLE address_province AS
     WITH addresses AS (
       SELECT DISTINCT __address, ${matchText('__address')} AS norm FROM typed
       WHERE __partition_province = '' AND __address IS NOT NULL),
     matches AS (
       SELECT __address, a.code,
         length(norm) - strpos(reverse(norm), reverse(' ' || a.alias || ' ')) AS match_end,
         length(a.alias) AS alias_length
       FROM addresses JOIN province_alias a ON contains(norm, ' ' || a.alias || ' '))
     SELECT __address, arg_max(code, match_end * 1000 + alias_length) AS __address_province FROM matches GROUP BY __address`,
  );
}

async function insertRows(db: DuckDBConnection, table: string, values: string[][]): Promise<void> {
  const appender = await db.createAppender(table);
  for (const row of values) {
    for (const value of row) appender.appendVarchar(value);
    appender.endRow();
  }
  appender.closeSync();
}

function outputExpression(column: OutputColumn): string {
  if (column.source.kind !== 'province') return ident(column.name);
  const code = `coalesce(nullif(__partition_province, ''), __address_province)`;
  const value = column.source.part === 'code' ? code : `(SELECT name FROM province WHERE province.code = ${code})`;
  return `${value} AS ${ident(column.name)}`;
}

const provinceCodeColumn = (definition: DatasetDefinition): string | undefined =>
  definition.columns.find((c) => c.source.kind === 'province' && c.source.part === 'code')?.name;

/** Sort keys first, then every other column, so ties are broken and output is byte-stable. */
function orderBy(definition: DatasetDefinition): string {
  const rest = definition.columns.map((c) => c.name).filter((n) => !definition.sortBy.includes(n));
  return [...definition.sortBy, ...rest].map((n) => `${ident(n)} NULLS LAST`).join(', ');
}

async function findSharedKeys(db: DuckDBConnection, definition: DatasetDefinition, key: string): Promise<SharedKey[]> {
  const rows = await rowsAsText(
    db,
    `SELECT * FROM final WHERE ${ident(key)} IN (SELECT ${ident(key)} FROM final WHERE ${ident(key)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
     ORDER BY ${orderBy(definition)}`,
  );
  const grouped = new Map<string, Record<string, string | null>[]>();
  for (const row of rows) {
    const value = String(row[key]);
    grouped.set(value, [...(grouped.get(value) ?? []), row]);
  }
  return [...grouped].map(([value, rows]) => ({ value, rows }));
}

async function rowsAsText(db: DuckDBConnection, sql: string): Promise<Record<string, string | null>[]> {
  const result = await db.runAndReadAll(sql);
  return result.getRowObjectsJson().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
}

/**
 * Spreadsheet row of the n-th parsed record (header = row 1): parser-rejected lines are not
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
      return 'a quoted field is followed by stray characters';
    case 'LINE SIZE OVER MAXIMUM':
      return 'the row is longer than 16 MiB';
    default:
      return message;
  }
}
