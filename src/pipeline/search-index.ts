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
export async function writeSearchIndex(args: {
  parquetFile: string;
  columns: readonly string[];
  out: string;
  engine: EngineSettings;
}): Promise<void> {
  const db = await connectEngine(args.engine);
  try {
    const index: ValueIndex = { columns: [] };
    for (const column of args.columns) {
      const reader = await db.runAndReadAll(
        `SELECT ${ident(column)} AS v, count(*)::BIGINT AS n FROM read_parquet(${literal(args.parquetFile)})
         WHERE ${ident(column)} IS NOT NULL AND ${ident(column)} <> '' GROUP BY 1 ORDER BY 1`,
      );
      index.columns.push({ column, values: reader.getRows().map(([v, n]) => [String(v), Number(n)]) });
    }
    await writeFile(args.out, JSON.stringify(index));
  } finally {
    db.closeSync();
  }
}
