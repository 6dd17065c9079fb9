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
 */
export async function versionPreview(db: DuckDBConnection, definition: DatasetDefinition, table: BuiltTable): Promise<VersionPreview> {
  const named = new Set(table.columns.map((c) => c.name));
  const columns =
    definition.kind === 'aggregate'
      ? table.columns.filter((c) => !(c.name.endsWith('_code') && named.has(`${c.name.slice(0, -'_code'.length)}_name`)))
      : table.columns;
  const select = columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR)`).join(', ');
  const from = ident(table.sqlTable);
  let period: string | undefined;
  let query = `SELECT ${select} FROM ${from} ORDER BY rowid LIMIT ${PREVIEW_ROWS}`;
  const params: string[] = [];
  if (definition.kind === 'aggregate') {
    const periodColumn = ident(definition.release.period);
    const [latest] = (await db.runAndReadAll(`SELECT max(${periodColumn}) FROM ${from}`)).getRows()[0] ?? [];
    if (latest !== null && latest !== undefined) {
      period = String(latest);
      query = `SELECT ${select} FROM ${from} WHERE ${periodColumn} = $1 ORDER BY "count" DESC NULLS LAST, rowid LIMIT ${PREVIEW_ROWS}`;
      params.push(period);
    }
  }
  const rows = (await db.runAndReadAll(query, params)).getRows();
  return {
    table: table.name,
    columns: columns.map((c) => c.name),
    rows: rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
    ...(period === undefined ? {} : { period }),
  };
}
