import type { VersionChanges } from '../catalog/model.ts';
import { connectEngine, type EngineSettings } from './duckdb.ts';
import { ident, literal } from '../sql.ts';

export interface TableToCompare {
  name: string;
  /** Columns that identify a row across versions (a registry's duplicate key, an aggregate's dimensions). */
  keyColumns: string[];
  columns: string[];
  current: string;
  /** The previous version's Parquet file of the same table, if it had one. */
  previous?: string;
}

/**
 * Rows added, removed and changed since the previous version, per table. Keys may repeat in a
 * registry (rows sharing a licence number): a key present in both versions with a different set of
 * rows counts once as changed.
 */
export async function compareTables(tables: TableToCompare[], engine: EngineSettings): Promise<VersionChanges['tables']> {
  const db = await connectEngine(engine);
  try {
    const out: VersionChanges['tables'] = [];
    for (const t of tables) {
      if (!t.previous) {
        const [row] = (await db.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${literal(t.current)})`)).getRowObjectsJS();
        out.push({ name: t.name, added: Number(row!.n), removed: 0, changed: 0 });
        continue;
      }
      const key = t.keyColumns.map(ident).join(', ');
      // One text per row (NULL kept distinct from ''), then per key the number of rows and the sum
      // of their 64-bit hashes: the same whatever the row order, and no sort of 10M rows.
      const rowText = `concat_ws(chr(31), ${t.columns.map((c) => `coalesce(CAST(${ident(c)} AS VARCHAR), chr(0))`).join(', ')})`;
      const perKey = (file: string) =>
        `SELECT ${key}, (count(*), sum(hash(${rowText})::HUGEINT)) AS h FROM read_parquet(${literal(file)}) GROUP BY ${key}`;
      const [row] = (
        await db.runAndReadAll(
          `WITH cur AS (${perKey(t.current)}), prev AS (${perKey(t.previous)})
           SELECT count(*) FILTER (WHERE prev.h IS NULL) AS added,
                  count(*) FILTER (WHERE cur.h IS NULL) AS removed,
                  count(*) FILTER (WHERE cur.h IS NOT NULL AND prev.h IS NOT NULL AND cur.h <> prev.h) AS changed
           FROM cur FULL OUTER JOIN prev USING (${key})`,
        )
      ).getRowObjectsJS();
      out.push({ name: t.name, added: Number(row!.added), removed: Number(row!.removed), changed: Number(row!.changed) });
    }
    return out;
  } finally {
    db.closeSync();
  }
}
