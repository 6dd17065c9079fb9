/**
 * Child process: DuckDB alone doing the bare equivalent of a publish on the same export file, for
 * scale. `read_csv` with every column as VARCHAR (as the engine reads it) → the same projection
 * (registry: the cleaned columns built by the engine's own SQL expressions, province from the
 * address by the same alias match, DISTINCT, sorted once) or the same GROUP BY (aggregate: the
 * dataset's tables, no grid, no suppression) → `COPY` to CSV and to ZSTD Parquet. No validation
 * report, identifier gate, hashing, upload, verification or catalog.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { findDataset } from '../../datasets/index.ts';
import {
  dimensionFields,
  type AggregateDefinition,
  type DimensionSource,
  type RegistryDefinition,
} from '../../src/policy/dataset-definition.ts';
import { bandLabels } from '../../src/pipeline/aggregate.ts';
import { readHeader } from '../../src/pipeline/read-header.ts';
import { makePublishedRows } from '../../src/pipeline/registry.ts';
import { ident, literal, literalList } from '../../src/sql.ts';
import { cleanText, parseDate, sourceExpression } from '../../src/pipeline/transforms.ts';
import { provinceMatcher, provinceTableStatement } from '../../src/pipeline/province-match.ts';
import { loadProvinces, provinceAliases } from '../../src/reference/provinces.ts';
import { requiredArg, round, usageNow, usageSince, type ChildUsage } from './lib.ts';

export interface DuckdbChildResult extends ChildUsage {
  dataset: string;
  seconds: number;
  rowsOut: number;
  csvBytes: number;
  parquetBytes: number;
  /** Seconds per step (load+project, each COPY). */
  steps: Record<string, number>;
  memoryLimit: string;
}

const datasetId = requiredArg('dataset');
const file = requiredArg('file');
const workDir = requiredArg('work-dir');
const memoryLimit = requiredArg('memory-limit');
const threads = requiredArg('threads');
const resultFile = requiredArg('result');
const definition = findDataset(datasetId);
if (!definition) throw new Error(`unknown dataset ${datasetId}`);
await mkdir(workDir, { recursive: true });

const start = usageNow();
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', {
  memory_limit: memoryLimit,
  threads,
  temp_directory: join(workDir, 'duckdb-spill'),
  preserve_insertion_order: 'true',
});
const db = await instance.connect();
const steps: Record<string, number> = {};
const step = async (name: string, sql: string) => {
  const t = performance.now();
  try {
    await db.run(sql);
  } catch (error) {
    throw new Error(`bare DuckDB step "${name}" failed: ${(error as Error).message}`);
  }
  steps[name] = round((steps[name] ?? 0) + (performance.now() - t) / 1000, 3);
};

const header = await readHeader(file, file, ',');
const source = `read_csv(${literal(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {${header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ')}})`;

const outputs: { table: string; name: string }[] =
  definition.kind === 'registry' ? await registry(db, definition) : await aggregate(db, definition);

let csvBytes = 0;
let parquetBytes = 0;
let rowsOut = 0;
for (const { table, name } of outputs) {
  const csv = join(workDir, `${name}.csv`);
  const parquet = join(workDir, `${name}.parquet`);
  await step('COPY csv', `COPY ${table} TO ${literal(csv)} (FORMAT csv, HEADER true)`);
  await step('COPY parquet', `COPY ${table} TO ${literal(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  csvBytes += (await stat(csv)).size;
  parquetBytes += (await stat(parquet)).size;
  rowsOut += Number((await db.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0] as bigint);
}
db.closeSync();
instance.closeSync();
const seconds = round((performance.now() - t0) / 1000, 3);

const result: DuckdbChildResult = {
  dataset: datasetId,
  seconds,
  rowsOut,
  csvBytes,
  parquetBytes,
  steps,
  memoryLimit,
  ...usageSince(start),
};
await writeFile(resultFile, JSON.stringify(result));

/** Cleaned columns and the province alias by the engine's own SQL, then the engine's final query (DISTINCT, sorted once). */
async function registry(db: DuckDBConnection, def: RegistryDefinition): Promise<{ table: string; name: string }[]> {
  await db.run(provinceTableStatement(loadProvinces()));
  const address = def.columns.map((c) => c.source).find((s) => s.kind === 'province');
  const plain = def.columns.filter((c) => c.source.kind !== 'province');
  const matcher = provinceMatcher(provinceAliases());
  await db.run(matcher.createAliasTable);
  await step(
    'read_csv + clean + province alias',
    `CREATE TEMP TABLE typed AS SELECT '' AS __partition_province,
       ${address ? matcher.aliasIn(cleanText(ident(address.addressField))) : 'NULL::VARCHAR'} AS __address_alias,
       ${plain.map((c) => `${sourceExpression(c.source)} AS ${ident(c.name)}`).join(', ')} FROM ${source}`,
  );
  await makePublishedRows(
    def,
    workDir,
    (sql) => step('sort + drop duplicates', sql),
    async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS(),
  );
  return [{ table: 'final', name: def.id }];
}

/**
 * The dataset's dimensions as SQL codes, then one GROUP BY per table. Each used field is cleaned
 * once (inner SELECT), each dimension computed once from it (middle), value bands labelled last.
 */
async function aggregate(db: DuckDBConnection, def: AggregateDefinition): Promise<{ table: string; name: string }[]> {
  const used = new Set(def.tables.flatMap((t) => t.dimensions));
  const dims = def.dimensions.filter((d) => used.has(d.name));
  const fields = [...new Set(dims.flatMap((d) => dimensionFields(d.source)))];
  const codes = loadProvinces().map((p) => p.code);
  const cleaned = `SELECT ${fields.map((f) => `${cleanText(ident(f))} AS ${ident(f)}`).join(', ')} FROM ${source}`;
  const middle = `SELECT ${dims.map((d) => `${dimension(d.source, codes)} AS ${ident(d.name)}`).join(', ')} FROM (${cleaned})`;
  const outer = dims.map((d) =>
    d.source.kind === 'value-band' ? `${bandLabel(ident(d.name), d.source.bands)} AS ${ident(d.name)}` : ident(d.name),
  );
  await step(
    'read_csv + dimensions',
    `CREATE TEMP TABLE typed AS SELECT * FROM (SELECT ${outer.join(', ')} FROM (${middle}))
     WHERE ${dims.map((d) => `${ident(d.name)} IS NOT NULL`).join(' AND ')}`,
  );
  const out: { table: string; name: string }[] = [];
  for (const [i, t] of def.tables.entries()) {
    const cols = t.dimensions.map(ident).join(', ');
    await step('GROUP BY', `CREATE TEMP TABLE out_${i} AS SELECT ${cols}, count(*) AS count FROM typed GROUP BY ALL ORDER BY ALL`);
    out.push({ table: `out_${i}`, name: `${def.id}-${t.id}` });
  }
  return out;
}

/** A dimension's code from its cleaned field(s); value bands stay numeric here (see bandLabel). */
function dimension(source: DimensionSource, provinceCodes: string[]): string {
  switch (source.kind) {
    case 'province': {
      const t = ident(source.field);
      return `CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}$') AND lpad(${t}, 2, '0') IN (${literalList(provinceCodes)}) THEN lpad(${t}, 2, '0') END`;
    }
    case 'category': {
      const t = `lower(${ident(source.field)})`;
      const norm = (v: string) => v.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
      return `CASE ${source.categories.map((c) => `WHEN ${t} IN (${literalList(c.values.map(norm))}) THEN ${literal(c.code)}`).join(' ')} END`;
    }
    case 'month':
      return `strftime(${parseDate(ident(source.field), source.formats)}, '%Y-%m')`;
    case 'year':
      return `strftime(${parseDate(ident(source.field), source.formats)}, '%Y')`;
    case 'value-band':
      return `floor(TRY_CAST(${ident(source.field)} AS DOUBLE))`;
    default:
      throw new Error(`the bare DuckDB equivalent does not implement ${source.kind} dimensions`);
  }
}

function bandLabel(v: string, bands: number[]): string {
  const labels = bandLabels(bands);
  const whens = bands.map((lo, i) => `WHEN ${v} >= ${lo} THEN ${literal(labels[i]!)}`).reverse();
  return `CASE WHEN ${v} IS NULL OR ${v} < ${bands[0]} OR ${v} > 130 THEN NULL ${whens.join(' ')} END`;
}
