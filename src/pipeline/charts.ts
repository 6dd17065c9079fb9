import type { DuckDBConnection } from '@duckdb/node-api';
import type { ChartBar, VersionChart } from '../catalog/model.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { ident, sql } from '../sql.ts';
import type { BuiltTable } from './outputs.ts';

/** Bars of a category chart; the rest are summed into one "other" bar. */
const MAX_CATEGORY_BARS = 12;

/**
 * The numbers a dataset page draws, computed once when the version is built, from the version's
 * own tables (so a page costs nothing to serve). An aggregate's charts read only published cells:
 * a bar is the sum of its published cells and counts its suppressed ones, which the page draws as
 * hidden, never as zero. The sum of published cells is no new figure: anyone can add them up.
 *
 * Aggregates: the first table that has a province dimension (else the first), over time (the
 * whole country per period) and by province in the latest period. Registries: rows by each
 * column the definition names in `chartBy`.
 */
export async function versionCharts(db: DuckDBConnection, definition: DatasetDefinition, tables: BuiltTable[]): Promise<VersionChart[]> {
  if (definition.kind === 'registry') {
    const table = tables[0]!;
    const barsBy = await categoryBars(db, table.sqlTable, definition.chartBy);
    return definition.chartBy.map((column, i) => ({ id: `by-${column}`, table: table.name, column, ...barsBy[i]! }));
  }
  const period = definition.release.period;
  const province = definition.dimensions.find((d) => d.source.kind === 'province');
  const withProvince = province && tables.find((t) => t.columns.some((c) => c.name === `${province.name}_code`));
  const table = withProvince ?? tables[0]!;
  const published = sql`coalesce(sum("count") FILTER (WHERE count_status <> 'suppressed'), 0)::BIGINT`;
  const hidden = sql`count(*) FILTER (WHERE count_status = 'suppressed')::BIGINT`;
  const overTime = await rows(
    db,
    `SELECT ${ident(period)}, NULL, ${published}, ${hidden} FROM ${ident(table.sqlTable)} GROUP BY ALL ORDER BY 1`,
  );
  const charts: VersionChart[] = [{ id: 'over-time', table: table.name, column: period, bars: overTime }];
  const latest = overTime.at(-1)?.code;
  if (withProvince && latest !== undefined) {
    const code = ident(`${province.name}_code`);
    const name = ident(`${province.name}_name`);
    const bars = await rows(
      db,
      `SELECT ${code}, ${name}, ${published} AS value, ${hidden} AS hidden FROM ${ident(table.sqlTable)}
       WHERE ${ident(period)} = $1 GROUP BY ALL ORDER BY value DESC, hidden DESC, 1`,
      [latest],
    );
    charts.push({ id: `by-${province.name}`, table: table.name, column: `${province.name}_code`, period: latest, bars });
  }
  return charts;
}

/**
 * Rows per value of each of `columns`, largest first; beyond MAX_CATEGORY_BARS, one bar for the
 * rest. One statement for all the columns (one scan each, one round trip).
 */
async function categoryBars(
  db: DuckDBConnection,
  sqlTable: string,
  columns: readonly string[],
): Promise<Pick<VersionChart, 'bars' | 'otherCategories'>[]> {
  if (columns.length === 0) return [];
  const counts = columns.map(
    (column, i) => `SELECT ${i} AS chart, coalesce(${ident(column)}, '') AS code, count(*)::BIGINT AS n FROM ${ident(sqlTable)} GROUP BY 2`,
  );
  const reader = await db.runAndReadAll(`SELECT chart, code, n FROM (${counts.join(' UNION ALL ')}) ORDER BY chart, n DESC, code`);
  const all = columns.map((): ChartBar[] => []);
  for (const [chart, code, n] of reader.getRows()) all[Number(chart)]!.push({ code: String(code), value: Number(n), hiddenCells: 0 });
  return all.map((bars) => {
    if (bars.length <= MAX_CATEGORY_BARS) return { bars };
    const shown = bars.slice(0, MAX_CATEGORY_BARS - 1);
    const rest = bars.slice(MAX_CATEGORY_BARS - 1);
    return {
      bars: [...shown, { code: '*', value: rest.reduce((sum, b) => sum + b.value, 0), hiddenCells: 0 }],
      otherCategories: rest.length,
    };
  });
}

/** Rows of (code, label, value, hidden cells) as bars. */
async function rows(db: DuckDBConnection, query: string, params: string[] = []): Promise<ChartBar[]> {
  const reader = await db.runAndReadAll(query, params);
  return reader.getRows().map(([code, label, value, hidden]) => ({
    code: String(code),
    ...(label === null || label === undefined ? {} : { label: String(label) }),
    value: Number(value),
    hiddenCells: Number(hidden),
  }));
}
