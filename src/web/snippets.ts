import type { TableSchema } from '../catalog/tables.ts';

/**
 * Ready-to-paste code for a table's files. URLs are quoted for each language (SQL doubles `'`;
 * a JSON string literal is a valid Python and R string literal), so no URL can break out.
 */

const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const quoted = (text: string): string => JSON.stringify(text);

export function duckdbSnippet(parquetUrl: string): string {
  return `INSTALL httpfs;\nLOAD httpfs;\nSELECT * FROM ${sqlString(parquetUrl)};`;
}

/** pandas: Parquet keeps types; for CSV, codes stay text and counts nullable integers (suppressed cells are empty). */
export function pandasSnippet(table: TableSchema, parquetUrl: string, csvUrl: string): string {
  const dtype = table.columns
    .filter((c) => c.type !== 'date')
    .map((c) => `${quoted(c.name)}: ${quoted(c.type === 'integer' ? 'Int64' : 'string')}`);
  const dates = table.columns.filter((c) => c.type === 'date').map((c) => quoted(c.name));
  const args = [
    `    ${quoted(csvUrl)},`,
    `    dtype={\n${dtype.map((d) => `        ${d},\n`).join('')}    },`,
    ...(dates.length ? [`    parse_dates=[${dates.join(', ')}],`] : []),
  ];
  return `import pandas as pd\n\ndf = pd.read_parquet(${quoted(parquetUrl)})\n\n# CSV\ndf = pd.read_csv(\n${args.join('\n')}\n)`;
}

const R_TYPES: Record<string, string> = { string: 'c', date: 'D', integer: 'i' };

/** R: arrow for Parquet; readr with a compact column specification (one letter per column) for CSV. */
export function rSnippet(table: TableSchema, parquetUrl: string, csvUrl: string): string {
  const spec = table.columns.map((c) => R_TYPES[c.type] ?? 'c').join('');
  return `df <- arrow::read_parquet(${quoted(parquetUrl)})\n\n# CSV\ndf <- readr::read_csv(${quoted(csvUrl)}, col_types = ${quoted(spec)})`;
}
