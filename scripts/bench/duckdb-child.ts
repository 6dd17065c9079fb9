/**
 * Child process: a plain DuckDB script doing the bare equivalent of a publish on the same export
 * file, for scale: what someone would write without this project. `read_csv` with every column as
 * VARCHAR → the same projection (registry: each published column cleaned, the province from the
 * address, sorted, duplicates dropped) or the same GROUP BY (aggregate: the dataset's tables, no
 * grid, no suppression) → `COPY` to CSV and to ZSTD Parquet. No validation report, identifier
 * gate, hashing, upload, verification or catalog.
 *
 * It writes its own SQL from the definition and the province reference. The one piece of the
 * pipeline it runs is the registry's sort (makePublishedRows): neither a plain ORDER BY nor a
 * DISTINCT over 10M wide rows fits the memory cap the two are compared under (README, "Performance").
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { findDataset } from '../../datasets/index.ts';
import {
  dimensionFields,
  type AggregateDefinition,
  type ColumnSource,
  type DimensionSource,
  type RegistryDefinition,
} from '../../src/policy/dataset-definition.ts';
import { makePublishedRows } from '../../src/pipeline/registry.ts';
import { loadProvinces, provinceAliases } from '../../src/reference/provinces.ts';
import { ident, literal, literalList, sql, sqlList, type Sql } from '../../src/sql.ts';
import { openDuckdbScript, type DuckdbScriptResult, type ScriptOutput } from './duckdb-script.ts';
import { requiredArg } from './lib.ts';

export interface DuckdbChildResult extends DuckdbScriptResult {
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

const { db, step, finish } = await openDuckdbScript('bare', datasetId, workDir, {
  memory_limit: memoryLimit,
  threads,
  temp_directory: join(workDir, 'duckdb-spill'),
  preserve_insertion_order: 'true',
});
const source = sql`read_csv(${literal(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
const outputs = definition.kind === 'registry' ? await registry(db, definition) : await aggregate(db, definition);
const result: DuckdbChildResult = { ...(await finish(outputs)), memoryLimit };
await writeFile(resultFile, JSON.stringify(result));

/** NFC, runs of white space as one space, trimmed; empty is NULL. */
function clean(field: string): Sql {
  return sql`nullif(trim(regexp_replace(nfc_normalize(${ident(field)}), '\\s+', ' ', 'g')), '')`;
}

/** The first of the formats that parses. */
function date(text: Sql, formats: readonly string[]): Sql {
  return sql`coalesce(${sqlList(formats.map((f) => sql`try_strptime(${text}, ${literal(f)})`))})::DATE`;
}

function columnValue(source: Exclude<ColumnSource, { kind: 'province' }>): Sql {
  const text = clean(source.field);
  switch (source.kind) {
    case 'text':
      return text;
    case 'code':
      return sql`regexp_replace(upper(${text}), '\\s*([/\\-])\\s*', '\\1', 'g')`;
    case 'date':
      return date(text, source.formats);
  }
}

/**
 * The province alias an address names last (addresses end with their province), the longest at
 * the same end: the address as lower-case ASCII words, reversed, against the aliases reversed and
 * longest first, so RE2's leftmost match is that alias.
 */
function lastAliasIn(address: Sql, aliases: readonly string[]): Sql {
  const words = sql`' ' || trim(regexp_replace(strip_accents(replace(replace(lower(${address}), 'đ', 'd'), 'ð', 'd')), '[^a-z0-9]+', ' ', 'g')) || ' '`;
  const reversed = [...aliases].sort((a, b) => b.length - a.length || a.localeCompare(b)).map((a) => [...a].reverse().join(''));
  return sql`trim(reverse(regexp_extract(reverse(${words}), ${literal(` (${reversed.join('|')}) `)}, 0)))`;
}

/**
 * The published columns and the province's alias, then the sort. makePublishedRows reads `typed`
 * (the columns, `__address_alias`, `__partition_province`), `province (code, name)` and
 * `province_alias (__alias, __alias_code)`.
 */
async function registry(db: DuckDBConnection, def: RegistryDefinition): Promise<ScriptOutput[]> {
  const values = (rows: string[][]) => rows.map((row) => `(${literalList(row)})`).join(', ');
  await db.run(
    `CREATE TEMP TABLE province AS SELECT * FROM (VALUES ${values(loadProvinces().map((p) => [p.code, p.name]))}) p(code, name)`,
  );
  const aliases = provinceAliases();
  await db.run(
    `CREATE TEMP TABLE province_alias AS SELECT * FROM (VALUES ${values(aliases.map((a) => [a.alias, a.code]))}) a(__alias, __alias_code)`,
  );
  const address = def.columns.map((c) => c.source).find((s) => s.kind === 'province');
  const addressAlias = address
    ? lastAliasIn(
        clean(address.addressField),
        aliases.map((a) => a.alias),
      )
    : sql`NULL::VARCHAR`;
  const columns = def.columns.flatMap((c) => (c.source.kind === 'province' ? [] : [`${columnValue(c.source)} AS ${ident(c.name)}`]));
  await step(
    'read_csv + clean + province alias',
    `CREATE TEMP TABLE typed AS SELECT '' AS __partition_province, ${addressAlias} AS __address_alias, ${columns.join(', ')} FROM ${source}`,
  );
  await makePublishedRows(
    def,
    workDir,
    (statement) => step('sort + drop duplicates', statement),
    async (query) => (await db.runAndReadAll(query)).getRowObjectsJS(),
  );
  return [{ table: 'final', name: def.id }];
}

/**
 * The dataset's dimensions as SQL codes, then one GROUP BY per table. Each used field is cleaned
 * once (inner SELECT), each dimension computed once from it (middle), value bands labelled last.
 */
async function aggregate(db: DuckDBConnection, def: AggregateDefinition): Promise<ScriptOutput[]> {
  const used = new Set(def.tables.flatMap((t) => t.dimensions));
  const dims = def.dimensions.filter((d) => used.has(d.name));
  const fields = [...new Set(dims.flatMap((d) => dimensionFields(d.source)))];
  const codes = loadProvinces().map((p) => p.code);
  const cleaned = `SELECT ${fields.map((f) => `${clean(f)} AS ${ident(f)}`).join(', ')} FROM ${source}`;
  const middle = `SELECT ${dims.map((d) => `${dimension(d.source, codes)} AS ${ident(d.name)}`).join(', ')} FROM (${cleaned})`;
  const outer = dims.map((d) =>
    d.source.kind === 'value-band' ? `${bandLabel(ident(d.name), d.source.bands)} AS ${ident(d.name)}` : ident(d.name),
  );
  await step(
    'read_csv + dimensions',
    `CREATE TEMP TABLE typed AS SELECT * FROM (SELECT ${outer.join(', ')} FROM (${middle}))
     WHERE ${dims.map((d) => `${ident(d.name)} IS NOT NULL`).join(' AND ')}`,
  );
  const out: ScriptOutput[] = [];
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
      return `strftime(${date(ident(source.field), source.formats)}, '%Y-%m')`;
    case 'year':
      return `strftime(${date(ident(source.field), source.formats)}, '%Y')`;
    case 'value-band':
      return `floor(TRY_CAST(${ident(source.field)} AS DOUBLE))`;
    default:
      throw new Error(`the bare DuckDB equivalent does not implement ${source.kind} dimensions`);
  }
}

/** Each band labelled by its range (`20-24`), the last one open (`50+`). */
function bandLabel(v: string, bands: number[]): string {
  const labels = bands.map((lo, i) => (i === bands.length - 1 ? `${lo}+` : `${lo}-${bands[i + 1]! - 1}`));
  const whens = bands.map((lo, i) => `WHEN ${v} >= ${lo} THEN ${literal(labels[i]!)}`).reverse();
  return `CASE WHEN ${v} IS NULL OR ${v} < ${bands[0]} OR ${v} > 130 THEN NULL ${whens.join(' ')} END`;
}
