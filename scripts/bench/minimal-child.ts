/**
 * Child process: the researcher's alternative to a publish, the reference `npm run bench` divides
 * by (issue 13). A short DuckDB script at DuckDB's default settings (no memory cap, every core):
 * read the export typed (`read_csv` detects the types), keep the open columns (registry) or
 * `GROUP BY` the dimensions (aggregate, one query per table), `COPY` to CSV and to ZSTD Parquet.
 * No cleaning, no province from the address, no sort, no grid, no suppression, no validation
 * report, gate, hashing, upload or catalog: what the publish adds is measured against nothing.
 *
 * Dimensions are computed the plain way: a period with strftime from the date, an age in years
 * banded by the definition's bounds, an ICD-10 chapter as the code's first letter, a category or
 * a group as the raw value.
 */
import { writeFile } from 'node:fs/promises';
import { findDataset } from '../../datasets/index.ts';
import type { AggregateDefinition, Dimension, RegistryDefinition } from '../../src/policy/dataset-definition.ts';
import { ident, literal, sql, sqlList, type Sql } from '../../src/sql.ts';
import { openDuckdbScript, type DuckdbScriptResult, type ScriptOutput } from './duckdb-script.ts';
import { requiredArg } from './lib.ts';

export type MinimalChildResult = DuckdbScriptResult;

const datasetId = requiredArg('dataset');
const file = requiredArg('file');
const workDir = requiredArg('work-dir');
const resultFile = requiredArg('result');
const definition = findDataset(datasetId);
if (!definition) throw new Error(`unknown dataset ${datasetId}`);

const { step, finish } = await openDuckdbScript('minimal', datasetId, workDir);
const source = sql`read_csv(${literal(file)}, header = true)`;
const outputs = definition.kind === 'registry' ? await registry(definition) : await aggregate(definition);
const result: MinimalChildResult = await finish(outputs);
await writeFile(resultFile, JSON.stringify(result));

/** The fields the open columns come from, under the columns' names. */
async function registry(def: RegistryDefinition): Promise<ScriptOutput[]> {
  const columns = def.columns.map(
    (c) => sql`${ident(c.source.kind === 'province' ? c.source.addressField : c.source.field)} AS ${ident(c.name)}`,
  );
  await step('read_csv + project', `CREATE TEMP TABLE out AS SELECT ${sqlList(columns)} FROM ${source}`);
  return [{ table: 'out', name: def.id }];
}

/** One GROUP BY per table over the dimensions, computed from the typed fields. */
async function aggregate(def: AggregateDefinition): Promise<ScriptOutput[]> {
  const out: ScriptOutput[] = [];
  for (const [i, t] of def.tables.entries()) {
    const dims = t.dimensions.map((name) => def.dimensions.find((d) => d.name === name)!);
    const select = sqlList(dims.map((d) => sql`${dimension(def, d)} AS ${ident(d.name)}`));
    const table = `out_${i}`;
    await step(
      'read_csv + GROUP BY',
      `CREATE TEMP TABLE ${ident(table)} AS SELECT ${select}, count(*) AS count FROM ${source} GROUP BY ALL`,
    );
    out.push({ table, name: `${def.id}-${t.id}` });
  }
  return out;
}

function dimension(def: AggregateDefinition, d: Dimension): Sql {
  const s = d.source;
  switch (s.kind) {
    case 'province':
    case 'category':
      return ident(s.field);
    case 'month':
      return sql`strftime(${date(s.field, s.formats)}, '%Y-%m')`;
    case 'year':
      return sql`strftime(${date(s.field, s.formats)}, '%Y')`;
    case 'iso-week':
      return sql`strftime(${date(s.field, s.formats)}, '%G-W%V')`;
    case 'age-band':
      return band(sql`date_diff('year', ${date(s.birthField, s.formats)}, ${date(s.atField, s.formats)})`, s.bands);
    case 'value-band':
      return band(sql`TRY_CAST(${ident(s.field)} AS INTEGER)`, s.bands);
    case 'icd10-chapter':
      return sql`upper(left(CAST(${ident(s.field)} AS VARCHAR), 1))`;
    case 'snapshot':
      return literal('snapshot');
    case 'group':
      // The finer value the group is made of: a script would group by what the export holds.
      return dimension(
        def,
        def.dimensions.find((x) => x.name === s.of)!,
      );
  }
}

/** A date from a field that read_csv may have typed already: the first format that parses. */
function date(field: string, formats: readonly string[]): Sql {
  const parsed = formats.map((f) => sql`try_strptime(CAST(${ident(field)} AS VARCHAR), ${literal(f)})::DATE`);
  return sql`coalesce(TRY_CAST(${ident(field)} AS DATE), ${sqlList(parsed)})`;
}

/** The band's lower bound: the largest bound at or below the value. */
function band(value: Sql, bounds: readonly number[]): Sql {
  const whens = [...bounds].reverse().map((lo) => sql`WHEN ${value} >= ${lo} THEN ${lo}`);
  return sql`CASE ${whens.reduce((all, when) => sql`${all} ${when}`)} END`;
}
