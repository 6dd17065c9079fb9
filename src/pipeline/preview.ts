import type { DuckDBConnection } from '@duckdb/node-api';
import type { VersionPreview } from '../catalog/model.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { ident } from '../sql.ts';
import type { BuiltTable } from './outputs.ts';

const PREVIEW_ROWS = 10;

/**
 * The rows the dataset page shows of the first table. A registry's first rows, as in the CSV. An
 * aggregate's largest counts in its latest period, with names instead of codes (the codes pushed
 * the counts off-screen): its first rows are the first period's first province, mostly zeros.
 * `latestPeriod`: an aggregate's last period (engine.ts has it from the charts).
 */
export async function versionPreview(
  db: DuckDBConnection,
  definition: DatasetDefinition,
  table: BuiltTable,
  latestPeriod: string | undefined,
): Promise<VersionPreview> {
  const named = new Set(table.columns.map((c) => c.name));
  const columns =
    definition.kind === 'aggregate'
      ? table.columns.filter((c) => !(c.name.endsWith('_code') && named.has(`${c.name.slice(0, -'_code'.length)}_name`)))
      : table.columns;
  const select = columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR)`).join(', ');
  const from = ident(table.sqlTable);
  const period = definition.kind === 'aggregate' ? latestPeriod : undefined;
  const query =
    period === undefined || definition.kind !== 'aggregate'
      ? `SELECT ${select} FROM ${from} ORDER BY rowid LIMIT ${PREVIEW_ROWS}`
      : `SELECT ${select} FROM ${from} WHERE ${ident(definition.release.period)} = $1 ORDER BY "count" DESC NULLS LAST, rowid LIMIT ${PREVIEW_ROWS}`;
  const params = period === undefined ? [] : [period];
  const rows = (await db.runAndReadAll(query, params)).getRows();
  return {
    table: table.name,
    columns: columns.map((c) => c.name),
    rows: rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
    ...(period === undefined ? {} : { period }),
  };
}
