import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { OutputColumn, RegistryDefinition } from '../policy/dataset-definition.ts';
import { ident, literal, sql } from '../sql.ts';
import { cleanText, invalidDateOfClean, valueOfClean } from './transforms.ts';
import { provinceMatcher, provinceTableStatement } from './province-match.ts';
import {
  allExports,
  cleanColumn,
  cleanColumns,
  errorList,
  loadExports,
  rawValueChecks,
  rawValueColumns,
  typedRowsWithoutErrors,
  type RowCheck,
  type StagedExport,
} from './staging.ts';
import { writeTableFiles, type BuiltTable } from './outputs.ts';
import { datasetTables, type TableSchema } from '../catalog/tables.ts';
import type { ProvinceReference, SharedKey, StagePartial } from './engine-types.ts';
import { SOURCE_COLUMNS, withholdIdentifierRows } from './withhold.ts';

const MAX_LISTED = 1000;

/**
 * Registry datasets publish one row per source row: only columns derived from `open` fields,
 * cleaned (NFC, codes, dates, province), exact duplicates collapsed, sorted.
 */
export async function buildRegistry(
  db: DuckDBConnection,
  definition: RegistryDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  workDir: string,
): Promise<StagePartial> {
  const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const required = definition.fields.filter((f) => f.required).map((f) => f.name);
  // Only fields that feed a column are read into the engine; closed fields never leave the reader.
  const used = [...new Set(definition.columns.map((c) => (c.source.kind === 'province' ? c.source.addressField : c.source.field)))];
  const addressSource = definition.columns
    .map((c) => c.source)
    .find((s): s is Extract<typeof s, { kind: 'province' }> => s.kind === 'province');
  const fields = [...new Set([...used, ...required])];
  const loaded = await loadExports(db, definition, exports, fields);

  // Each field is cleaned once (inner query, cleanColumns); the values and the row checks derive from that.
  const checks: RowCheck[] = [
    ...rawValueChecks(fields),
    ...required.map((name) => ({ field: name, failed: sql`${cleanColumn(name)} IS NULL`, message: 'a required value is empty' })),
    ...definition.columns.flatMap((c) =>
      c.source.kind === 'date'
        ? [
            {
              field: c.source.field,
              failed: invalidDateOfClean(cleanColumn(c.source.field), c.source),
              message: `not a date in the format ${c.source.formats.join(' or ')}`,
            },
          ]
        : [],
    ),
  ];
  const values = definition.columns.flatMap((c) =>
    c.source.kind === 'province' ? [] : [`${valueOfClean(c.source, cleanColumn(c.source.field))} AS ${ident(c.name)}`],
  );
  // The province an address names, only for exports that did not land in a province's folder:
  // looked up by the address's last segment where that decides it (province-match.ts).
  const matcher = provinceMatcher(reference.aliases);
  const exportRows = allExports(exports, fields);
  const addressField = exports.some((staged) => !staged.province) ? addressSource?.addressField : undefined;
  const address = addressField === undefined ? undefined : cleanColumn(addressField);
  if (addressField !== undefined) {
    await db.run(matcher.createSegmentTable('segment', cleanText(ident(addressField)), `${exportRows} WHERE __partition = ''`));
  }
  const alias = address
    ? sql`CASE WHEN __partition = '' THEN ${matcher.aliasUsingSegment(address, sql`segment.__segment_alias`)} END`
    : 'NULL::VARCHAR';
  const segment = address ? ` LEFT JOIN segment ON segment.__segment = regexp_extract(${address}, '[^,]*$')` : '';
  const typedRows = `SELECT __export, __record, __partition AS __partition_province, ${alias} AS __address_alias,
       ${values.join(', ')}, ${errorList(checks)} AS __errors
     FROM (SELECT __export, __record, __partition, ${[...cleanColumns(fields), ...rawValueColumns(fields)].join(', ')} FROM ${exportRows})${segment}`;

  const { problems, rejectedRecords, typedRecords } = await typedRowsWithoutErrors(db, definition, exports, loaded, typedRows);
  await db.run(provinceTableStatement(reference.provinces));
  await db.run(matcher.createAliasTable);
  const order = orderBy(definition);
  // Sorted once, here: the files, the gate and the preview read `final` in its stored order.
  await makePublishedRows(
    definition,
    workDir,
    async (sql) => {
      await db.run(sql);
    },
    rows,
    SORT_CHUNK_ROWS,
    SOURCE_COLUMNS,
  );
  // The gate runs here, before anything is counted or written: rows it hits are withheld.
  const { rows: withheldRows, withheld } = await withholdIdentifierRows(db, definition, exports, loaded);

  const published = definition.columns.map((c) => ident(c.name)).join(', ');
  const provinceColumn = definition.columns.find((c) => c.source.kind === 'province' && c.source.part === 'code')?.name;
  const [counts] = (await rows(
    `SELECT (SELECT count(*) FROM final) AS published,
       ${provinceColumn ? `(SELECT count(*) FROM final WHERE ${ident(provinceColumn)} IS NULL)` : '0'} AS without_province`,
  )) as [{ published: bigint; without_province: bigint }];
  const duplicateKey = definition.quality.duplicateKey;
  // The report lists at most MAX_LISTED shared values (with their rows); the count is exact.
  const sharedKeys = duplicateKey ? await findSharedKeys(db, order, duplicateKey, published) : [];
  const sharedKeyCount = duplicateKey
    ? Number(
        (
          await rows(
            `SELECT count(*) AS n FROM (SELECT 1 FROM final WHERE ${ident(duplicateKey)} IS NOT NULL GROUP BY ${ident(duplicateKey)} HAVING count(*) > 1)`,
          )
        )[0]!.n as bigint,
      )
    : 0;
  const rowsWithoutProvinceListed = provinceColumn
    ? await rowsAsText(db, `SELECT ${published} FROM final WHERE ${ident(provinceColumn)} IS NULL ORDER BY ${order} LIMIT ${MAX_LISTED}`)
    : [];

  // The table's columns as the catalog describes them (one derivation, catalog/tables.ts).
  const [schema] = datasetTables(definition) as [TableSchema];
  const files = await writeTableFiles(db, { sqlTable: 'final', name: schema.name, columns: schema.columns, workDir });
  const table: BuiltTable = {
    ...schema,
    sqlTable: 'final',
    rowCount: Number(counts.published),
    ...files,
  };

  return {
    rowsRead: loaded.rowsRead,
    rowsRejected: rejectedRecords + loaded.parserProblems.length,
    problems,
    tables: [table],
    unclassified: loaded.unclassified,
    sources: loaded.sources,
    registry: {
      duplicateRowsCollapsed: typedRecords - Number(counts.published) - withheldRows,
      sharedKeys,
      sharedKeyCount,
      rowsWithoutProvince: Number(counts.without_province),
      rowsWithoutProvinceListed,
      withheldRows,
      withheld,
    },
    // The gate ran before the files were written and withheld what it hit.
    gateHits: [],
  };
}

/** Rows per sort: one chunk of the first sort key's values sorts well inside DuckDB's memory cap. */
const SORT_CHUNK_ROWS = 1_000_000;

/**
 * Makes `final`, the published rows, from `typed` (dropped once read), `province` and `province_alias`: output
 * columns sorted in file order, exact duplicates collapsed. `carried` columns of `typed` (the
 * source of each row) come along after the output columns and break ties, so the row kept of
 * duplicates is the first in the source; they are never published.
 *
 * A 10M-row sort of wide text rows does not fit a small memory cap, so the rows are cut by the
 * first sort key into chunks of about SORT_CHUNK_ROWS (all rows of one key value in one chunk, the
 * chunks in key order), written once as partitioned Parquet, and each chunk is sorted and appended
 * in turn. The order covers every column, so duplicates are adjacent and a streaming pass drops
 * them (a DISTINCT over every row needs a hash table of every row).
 */
export async function makePublishedRows(
  definition: RegistryDefinition,
  workDir: string,
  run: (sql: string) => Promise<void>,
  rows: (sql: string) => Promise<Record<string, unknown>[]>,
  chunkRows = SORT_CHUNK_ROWS,
  carried: readonly string[] = [],
): Promise<void> {
  const outputs = definition.columns.map((c) => ident(c.name));
  const columns = [...outputs, ...carried.map(ident)];
  const order = [orderBy(definition), ...carried.map(ident)].join(', ');
  const first = ident(definition.sortBy[0]!);
  const chunksDir = join(workDir, 'sort-chunks');
  // The output rows are computed where they are read, not stored first: a join of `typed` costs
  // less than writing every wide row out once more (and, at 10M rows, spilling it).
  const unsorted = `(SELECT ${[...definition.columns.map(outputExpression), ...carried.map(ident)].join(', ')}
     FROM typed LEFT JOIN province_alias ON __address_alias = __alias
       LEFT JOIN province ON province.code = ${PROVINCE_CODE}) AS unsorted`;
  await run(
    `CREATE TEMP TABLE sort_chunk AS SELECT v, ((sum(n) OVER (ORDER BY v NULLS LAST ROWS UNBOUNDED PRECEDING) - n) // ${chunkRows})::INTEGER AS chunk
     FROM (SELECT ${first} AS v, count(*) AS n FROM ${unsorted} GROUP BY ALL)`,
  );
  const chunks = (await rows(`SELECT DISTINCT chunk FROM sort_chunk ORDER BY chunk`)).map((r) => Number(r.chunk));
  await run(`CREATE TEMP TABLE sorted AS SELECT * FROM ${unsorted} LIMIT 0`);
  if (chunks.length === 1) {
    await run(`INSERT INTO sorted SELECT * FROM ${unsorted} ORDER BY ${order}`);
  } else {
    await run(
      `COPY (SELECT unsorted.*, chunk AS __chunk FROM ${unsorted} JOIN sort_chunk ON ${first} IS NOT DISTINCT FROM v)
       TO ${literal(chunksDir)} (FORMAT parquet, PARTITION_BY (__chunk), ROW_GROUP_SIZE 20000)`,
    );
    for (const chunk of chunks) {
      await run(
        `INSERT INTO sorted SELECT ${columns.join(', ')} FROM read_parquet(${literal(join(chunksDir, `__chunk=${chunk}`, '*.parquet'))}, hive_partitioning = false)
         ORDER BY ${order}`,
      );
    }
  }
  // The rows are all in `sorted` now; `typed` would only take room in the spill files.
  await run(`DROP TABLE typed`);
  // Column by column into one flag, filtered after: a row comparison in the filter itself came
  // out of DuckDB (1.5) in a different order than it went in.
  const differs = [`row_number() OVER () = 1`, ...outputs.map((c) => `${c} IS DISTINCT FROM lag(${c}) OVER ()`)].join(' OR ');
  await run(
    `CREATE TEMP TABLE final AS SELECT ${columns.join(', ')} FROM (SELECT *, ${differs} AS __first_of_its_kind FROM sorted) WHERE __first_of_its_kind`,
  );
  await run(`DROP TABLE sorted`);
  await rm(chunksDir, { recursive: true, force: true });
}

/** A row's province: the folder its export landed in, else the one its address names. */
const PROVINCE_CODE = `coalesce(nullif(__partition_province, ''), __alias_code)`;

function outputExpression(column: OutputColumn): string {
  if (column.source.kind !== 'province') return ident(column.name);
  return `${column.source.part === 'code' ? PROVINCE_CODE : 'province.name'} AS ${ident(column.name)}`;
}

/** Sort keys first, then every other column, so ties are broken and output is byte-stable. */
function orderBy(definition: RegistryDefinition): string {
  const rest = definition.columns.map((c) => c.name).filter((n) => !definition.sortBy.includes(n));
  return [...definition.sortBy, ...rest].map((n) => `${ident(n)} NULLS LAST`).join(', ');
}

async function findSharedKeys(db: DuckDBConnection, order: string, key: string, published: string): Promise<SharedKey[]> {
  const rows = await rowsAsText(
    db,
    `SELECT ${published} FROM final WHERE ${ident(key)} IN (
       SELECT ${ident(key)} FROM final WHERE ${ident(key)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT ${MAX_LISTED})
     ORDER BY ${order}`,
  );
  const grouped = new Map<string, Record<string, string | null>[]>();
  for (const row of rows) {
    const value = String(row[key]);
    grouped.set(value, [...(grouped.get(value) ?? []), row]);
  }
  return [...grouped].map(([value, list]) => ({ value, rows: list }));
}

async function rowsAsText(db: DuckDBConnection, sql: string): Promise<Record<string, string | null>[]> {
  const result = await db.runAndReadAll(sql);
  return result
    .getRowObjectsJson()
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
}
