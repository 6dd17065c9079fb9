import { writeFile } from 'node:fs/promises';
import type { ValueIndex } from '../catalog/value-search.ts';
import { ident, literal } from '../sql.ts';
import { connectEngine, type EngineSettings } from './duckdb.ts';

/**
 * The distinct values of a register's name and label columns (its definition's `searchBy`), with
 * how many rows hold each, read from the version's published Parquet file: what the catalog search
 * matches words against (src/catalog/value-search.ts). Only published cells, so it says nothing
 * the table does not.
 */
/**
 * Values kept per column: the most frequent first. A national register (tens of thousands of
 * facilities) is far below it; a synthetic 10M-row one would otherwise write a search index as
 * large as its CSV, which the identifier gate then reads whole.
 */
export const MAX_INDEXED_VALUES = 100_000;

export async function writeSearchIndex(args: {
  parquetFile: string;
  columns: readonly string[];
  out: string;
  engine: EngineSettings;
  maxValues?: number;
}): Promise<void> {
  const maxValues = args.maxValues ?? MAX_INDEXED_VALUES;
  const db = await connectEngine(args.engine);
  try {
    const index: ValueIndex = { columns: [] };
    for (const column of args.columns) {
      const reader = await db.runAndReadAll(
        `SELECT v, n, total FROM (
           SELECT ${ident(column)} AS v, count(*)::BIGINT AS n, count(*) OVER ()::BIGINT AS total
           FROM read_parquet(${literal(args.parquetFile)})
           WHERE ${ident(column)} IS NOT NULL AND ${ident(column)} <> '' GROUP BY 1
           ORDER BY n DESC, v LIMIT ${maxValues}
         ) ORDER BY v`,
      );
      const rows = reader.getRows();
      const total = rows.length ? Number(rows[0]![2]) : 0;
      index.columns.push({
        column,
        values: rows.map(([v, n]) => [String(v), Number(n)]),
        ...(total > rows.length ? { valuesLeftOut: total - rows.length } : {}),
      });
    }
    await writeFile(args.out, JSON.stringify(index));
  } finally {
    db.closeSync();
  }
}
