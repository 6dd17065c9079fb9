import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { physicalLines } from '../../src/pipeline/source-lines.ts';
import { fileRow } from '../../src/pipeline/staging.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'source-lines-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function csv(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('physicalLines', () => {
  it('is the row number while no value spans lines', async () => {
    const file = await csv('plain.csv', 'a,b\r\n1,x\r\n2,y\r\n3,z\r\n');
    expect(await physicalLines(file, [1, 2, 4])).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [4, 4],
      ]),
    );
  });

  it('counts the line breaks inside quoted values, LF, CRLF or CR, and doubled quotes', async () => {
    // Prepare: row 2 spans lines 2–4, row 3 holds "" and a CR inside quotes, spanning 5–6
    const file = await csv('multi.csv', 'a,b\n1,"one\ntwo\r\nthree"\n2,"say ""hi""\rthere"\r\n3,z\n4,"last"');

    // Act
    const lines = await physicalLines(file, [5, 2, 3, 4, 99]);

    // Assess: asked in any order; a row past the end is absent
    expect(lines).toEqual(
      new Map([
        [2, 2],
        [3, 5],
        [4, 7],
        [5, 8],
      ]),
    );
  });

  it('agrees with the parser: the line of each record DuckDB reads, as fileRow numbers it', async () => {
    // Prepare
    const text = 'a,b\n1,"x\ny"\n2,y\n3,"p\n\nq"\n4,z\n';
    const file = await csv('duck.csv', text);
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const rows = (
      await db.runAndReadAll(
        `SELECT row_number() OVER () AS n, a FROM read_csv('${file}', header = true, auto_detect = false, columns = {'a': 'VARCHAR', 'b': 'VARCHAR'})`,
      )
    ).getRows() as [bigint, string][];
    db.closeSync();
    instance.closeSync();

    // Act
    const lines = await physicalLines(
      file,
      rows.map(([n]) => fileRow(n, [])),
    );

    // Assess: each record's line is where its first value stands in the file
    const lineOf = (a: string): number => text.slice(0, text.indexOf(`\n${a},`) + 1).split('\n').length;
    expect(rows.map(([n, a]) => [a, lines.get(fileRow(n, []))])).toEqual(rows.map(([, a]) => [a, lineOf(a)]));
    expect(lines.get(fileRow(4n, []))).toBe(8);
  });
});
