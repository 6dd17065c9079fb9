import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeSearchIndex } from '../../src/pipeline/search-index.ts';
import type { ValueIndex } from '../../src/catalog/value-search.ts';

describe('a register’s search index, written from its published Parquet file', () => {
  let dir: string;
  let parquetFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'search-index-'));
    parquetFile = join(dir, 't.parquet');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(
      `COPY (SELECT * FROM (VALUES ('Bệnh viện A', 'x'), ('Bệnh viện A', NULL), ('Phòng khám B', ''), ('Trạm C', 'y'), ('Bệnh viện A', 'y'))
       AS t(name, note)) TO '${parquetFile}' (FORMAT parquet)`,
    );
    db.closeSync();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const write = async (maxValues?: number): Promise<ValueIndex> => {
    const out = join(dir, `index-${maxValues ?? 'all'}.json`);
    await writeSearchIndex({
      parquetFile,
      columns: ['name', 'note'],
      out,
      engine: { memoryLimit: '64MB', threads: 1, workDir: dir },
      maxValues,
    });
    return JSON.parse(await readFile(out, 'utf8')) as ValueIndex;
  };

  it('lists each column’s distinct non-empty values in order, with how many rows hold each', async () => {
    expect(await write()).toEqual({
      columns: [
        {
          column: 'name',
          values: [
            ['Bệnh viện A', 3],
            ['Phòng khám B', 1],
            ['Trạm C', 1],
          ],
        },
        {
          column: 'note',
          values: [
            ['x', 1],
            ['y', 2],
          ],
        },
      ],
    });
  });

  it('keeps the most frequent values when a column has more than the cap, and says how many it left out', async () => {
    expect((await write(2)).columns[0]).toEqual({
      column: 'name',
      values: [
        ['Bệnh viện A', 3],
        ['Phòng khám B', 1],
      ],
      valuesLeftOut: 1,
    });
  });
});
