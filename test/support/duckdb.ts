import { afterAll, beforeAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * An in-memory DuckDB for the tests of a file or `describe` block: opened before them, closed
 * after. Read `.db` inside the tests (it is set once `beforeAll` has run).
 */
export function inMemoryDuckDb(): { readonly db: DuckDBConnection } {
  let instance: DuckDBInstance | undefined;
  let db: DuckDBConnection | undefined;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
  });
  afterAll(() => {
    db?.closeSync();
    instance?.closeSync();
  });
  return {
    get db() {
      if (!db) throw new Error('inMemoryDuckDb: used outside a test');
      return db;
    },
  };
}
