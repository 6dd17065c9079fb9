import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findIdentifiers } from '../../src/gate/identifiers.ts';
import { scanTable, scanText } from '../../src/gate/scan.ts';
import { ident, sql } from '../../src/sql.ts';
import { inMemoryDuckDb } from '../support/duckdb.ts';

const duck = inMemoryDuckDb();
let tables = 0;

/**
 * A fresh table of text columns plus `ord`, the file order. Rows are inserted in reverse, so that
 * a row number that came from insertion order instead of ORDER BY would show. Values go through
 * DuckDB's appender, never into SQL text.
 */
async function table(columns: string[], rows: (string | null)[][]): Promise<string> {
  const name = `g${++tables}`;
  await duck.db.run(`CREATE TABLE ${name} (ord INTEGER, ${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  const appender = await duck.db.createAppender(name);
  for (const [i, row] of [...rows.entries()].reverse()) {
    appender.appendInteger(i);
    for (const value of row) {
      if (value === null) appender.appendNull();
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
  return name;
}

/** The order the rows were inserted in (each table has an `ord` column). */
const ORD = sql`ord`;
const COLUMNS = ['TenCoSo', 'DienThoai', 'GhiChu'];
const ROWS: (string | null)[][] = [
  ['Phòng khám đa khoa Hoàng Long', '028 3829 1234', null],
  ['Bệnh viện Tâm Phúc', null, 'Giấy phép 04211/SYT-GPHĐ, cấp 2021-03-04'],
  ['Nhà thuốc An Khang', '0903.123.456', 'Chủ: CCCD 079090001234, email chu.nhathuoc@gmail.com'],
  ['Phòng khám Nụ Cười', '1.250.000', 'Bảo hiểm: BHXH 7901234567'],
];

// Every way of scanning must find the same: the SQL pre-filter (large tables), the whole table
// read into the JS recogniser (small tables), and each distinct value once in JS (count tables).
describe.each([
  ['with the SQL pre-filter', { inMemoryCells: 0, inMemoryValues: 0 }],
  ['read whole into JS', { inMemoryCells: Number.MAX_SAFE_INTEGER }],
  ['value by value', { inMemoryCells: 0, inMemoryValues: Number.MAX_SAFE_INTEGER }],
])('scanTable %s', (_, strategy) => {
  it('reports column, CSV row (header = 1) and masked value of each hit, in file order', async () => {
    // Prepare
    const name = await table(COLUMNS, ROWS);

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'co-so.csv', columns: COLUMNS, orderBy: ORD });

    // Assess
    expect(hits).toEqual([
      { file: 'co-so.csv', column: 'DienThoai', row: 2, kind: 'phone', masked: '02*******34' },
      { file: 'co-so.csv', column: 'DienThoai', row: 4, kind: 'phone', masked: '09******56' },
      { file: 'co-so.csv', column: 'GhiChu', row: 4, kind: 'citizen-id', masked: '07********34' },
      { file: 'co-so.csv', column: 'GhiChu', row: 4, kind: 'email', masked: `ch${'*'.repeat(15)}om` },
      { file: 'co-so.csv', column: 'GhiChu', row: 5, kind: 'social-insurance', masked: '79******67' },
    ]);
  });

  it('never reports a value unmasked', async () => {
    // Prepare
    const name = await table(COLUMNS, ROWS);
    const values = ['028 3829 1234', '0283829', '0903.123.456', '0903123456', '079090001234', 'chu.nhathuoc', '7901234567'];

    // Act
    const report = JSON.stringify(
      await scanTable(duck.db, { ...strategy, table: name, file: 'co-so.csv', columns: COLUMNS, orderBy: ORD }),
    );

    // Assess
    for (const value of values) expect(report).not.toContain(value);
  });

  it('numbers rows by the ORDER BY given, not by storage order', async () => {
    // Prepare
    const name = await table(COLUMNS, ROWS);

    // Act
    const hits = await scanTable(duck.db, {
      ...strategy,
      table: name,
      file: 'co-so.csv',
      columns: ['DienThoai'],
      orderBy: sql`ord % 2, ord`,
    });

    // Assess: the order is rows 0, 2, 1, 3 of ROWS; stored, they are 3, 2, 1, 0
    expect(hits.map((h) => [h.row, h.masked])).toEqual([
      [2, '02*******34'],
      [3, '09******56'],
    ]);
  });

  it('without an ORDER BY, numbers rows by the stored order (a table made sorted, as the engine makes them)', async () => {
    // Prepare
    const unsorted = await table(COLUMNS, ROWS);
    const sorted = `${unsorted}_sorted`;
    await duck.db.run(`CREATE TABLE ${sorted} AS SELECT * FROM ${unsorted} ORDER BY ord DESC`);

    // Act
    const stored = await scanTable(duck.db, { ...strategy, table: sorted, file: 'co-so.csv', columns: COLUMNS });
    const explicit = await scanTable(duck.db, {
      ...strategy,
      table: unsorted,
      file: 'co-so.csv',
      columns: COLUMNS,
      orderBy: sql`ord DESC`,
    });

    // Assess
    expect(stored.length).toBeGreaterThan(2);
    expect(stored).toEqual(explicit);
    expect(stored[0]).toMatchObject({ column: 'GhiChu', row: 2 });
  });

  it('honours allow per column, and only for the kinds and column named', async () => {
    // Prepare
    const name = await table(COLUMNS, [...ROWS, ['Phòng khám X', 'lienhe@pkx.vn', 'ĐT chủ: 0912 345 678']]);

    // Act
    const hits = await scanTable(duck.db, {
      ...strategy,
      table: name,
      file: 'co-so.csv',
      columns: COLUMNS,
      orderBy: ORD,
      allow: { DienThoai: ['phone'] },
    });

    // Assess
    expect(hits.map((h) => [h.column, h.row, h.kind])).toEqual([
      ['GhiChu', 4, 'citizen-id'],
      ['GhiChu', 4, 'email'],
      ['GhiChu', 5, 'social-insurance'],
      ['DienThoai', 6, 'email'],
      ['GhiChu', 6, 'phone'],
    ]);
  });

  it('allows a kind by pattern only in the values that match it, in the column named', async () => {
    // Prepare
    const name = await table(
      ['DienThoai', 'GhiChu'],
      [
        ['028 3855 4269', '028 3855 4269'],
        ['0903 123 456', null],
        ['Tổng đài (024) 3825-1234, di động 0913.222.333', null],
      ],
    );

    // Act
    const hits = await scanTable(duck.db, {
      ...strategy,
      table: name,
      file: 'co-so.csv',
      columns: ['DienThoai', 'GhiChu'],
      orderBy: ORD,
      allowMatching: { DienThoai: [{ kinds: ['phone'], pattern: '(?:84|0)2[0-9]{9}' }] },
    });

    // Assess: the landlines of DienThoai pass; its mobiles and the other column's landline do not
    expect(hits.map((h) => [h.column, h.row, h.kind, h.masked])).toEqual([
      ['GhiChu', 2, 'phone', '02*******69'],
      ['DienThoai', 3, 'phone', '09******56'],
      ['DienThoai', 4, 'phone', '09******33'],
    ]);
  });

  it('scans nothing in a column whose every kind is allowed', async () => {
    // Prepare
    const name = await table(COLUMNS, ROWS);
    const everything = ['citizen-id', 'old-id', 'health-insurance-card', 'social-insurance', 'phone', 'email', 'passport'] as const;

    // Act
    const hits = await scanTable(duck.db, {
      ...strategy,
      table: name,
      file: 'co-so.csv',
      columns: COLUMNS,
      orderBy: ORD,
      allow: { DienThoai: [...everything], GhiChu: [...everything] },
    });

    // Assess
    expect(hits).toEqual([]);
  });

  it('stops at limit, keeping the first hits in file order', async () => {
    // Prepare
    const rows = Array.from({ length: 250 }, (_, i) => [`0903${String(i).padStart(6, '0')}`]);
    const name = await table(['DienThoai'], rows);

    // Act
    const five = await scanTable(duck.db, { ...strategy, table: name, file: 'p.csv', columns: ['DienThoai'], orderBy: ORD, limit: 5 });
    const byDefault = await scanTable(duck.db, { ...strategy, table: name, file: 'p.csv', columns: ['DienThoai'], orderBy: ORD });

    // Assess
    expect(five.map((h) => h.row)).toEqual([2, 3, 4, 5, 6]);
    expect(byDefault).toHaveLength(100);
    expect(byDefault.at(-1)?.row).toBe(101);
  });

  it('keeps file order when more distinct values hit than a query can list (1,500 phone numbers)', async () => {
    // Prepare: inserted in reverse, as table() does
    const name = `g${++tables}`;
    await duck.db.run(
      `CREATE TABLE ${name} AS SELECT 1499 - i AS ord, '0903' || lpad((1499 - i)::VARCHAR, 6, '0') AS "DienThoai" FROM range(1500) r(i)`,
    );

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'p.csv', columns: ['DienThoai'], orderBy: ORD, limit: 3 });

    // Assess
    expect(hits.map((h) => [h.row, h.masked])).toEqual([
      [2, '09******00'],
      [3, '09******01'],
      [4, '09******02'],
    ]);
  });

  it('counts hits, not rows, towards the limit', async () => {
    // Prepare
    const name = await table(['A'], [['0903123456 và 0913123456'], ['0923123456']]);

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'p.csv', columns: ['A'], orderBy: ORD, limit: 2 });

    // Assess
    expect(hits.map((h) => [h.row, h.masked])).toEqual([
      [2, '09******56'],
      [2, '09******56'],
    ]);
  });

  it('takes context from the column name: 9 digits in a `so_cmnd` column are an old ID', async () => {
    // Prepare
    const name = await table(['so_cmnd', 'ma_ho_so'], [['012345678', '012345678']]);

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'x.csv', columns: ['so_cmnd', 'ma_ho_so'], orderBy: ORD });

    // Assess
    expect(hits).toEqual([{ file: 'x.csv', column: 'so_cmnd', row: 2, kind: 'old-id', masked: '0*******8' }]);
  });

  it('scans the header names as row 1', async () => {
    // Prepare
    const name = await table(['lienhe@syt.gov.vn'], [['x']]);

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'x.csv', columns: ['lienhe@syt.gov.vn'], orderBy: ORD });

    // Assess
    expect(hits).toEqual([{ file: 'x.csv', column: 'lienhe@syt.gov.vn', row: 1, kind: 'email', masked: `li${'*'.repeat(10)}vn` }]);
  });

  it('scans non-text columns as they print', async () => {
    // Prepare
    const name = `g${++tables}`;
    await duck.db.run(`CREATE TABLE ${name} AS SELECT 1 AS ord, 84903123456::BIGINT AS so`);

    // Act
    const hits = await scanTable(duck.db, { ...strategy, table: name, file: 'x.csv', columns: ['so'], orderBy: ORD });

    // Assess
    expect(hits.map((h) => [h.row, h.kind])).toEqual([[2, 'phone']]);
  });

  it.each(['corpus.json', 'labelled-corpus.json'])('agrees with findIdentifiers cell by cell on %s', async (file) => {
    // Prepare
    const corpus = (
      JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'gate', file), 'utf8')) as {
        entries: { text: string }[];
      }
    ).entries;
    const name = await table(
      ['text'],
      corpus.map((e) => [e.text]),
    );
    const expected = corpus.flatMap((e, i) => findIdentifiers(e.text).map((h) => [i + 2, h.kind, h.masked]));

    // Act
    const hits = await scanTable(duck.db, {
      ...strategy,
      table: name,
      file: 'corpus.csv',
      columns: ['text'],
      orderBy: ORD,
      limit: 1000,
    });

    // Assess
    expect(hits.map((h) => [h.row, h.kind, h.masked])).toEqual(expected);
    expect(expected.length).toBeGreaterThan(40);
  });

  it('refuses a limit that is not a positive integer', async () => {
    const name = await table(['A'], [['x']]);
    await expect(scanTable(duck.db, { ...strategy, table: name, file: 'x.csv', columns: ['A'], orderBy: ORD, limit: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('scanText', () => {
  const metadata = [
    '{',
    '  "name": "medical-facilities",',
    '  "title": "Cơ sở khám bệnh, chữa bệnh",',
    '  "contributors": [',
    '    { "title": "Sở Y tế", "email": "nguyen.van.a@gmail.com" }',
    '  ],',
    '  "publisher": { "email": "vanphong@moh.gov.vn" }',
    '}',
  ].join('\n');

  it('finds an e-mail address with its line number, masked', () => {
    // Act
    const hits = scanText('datapackage.json', metadata);

    // Assess
    expect(hits).toEqual([
      { file: 'datapackage.json', row: 5, kind: 'email', masked: `ng${'*'.repeat(14)}om` },
      { file: 'datapackage.json', row: 7, kind: 'email', masked: `va${'*'.repeat(12)}vn` },
    ]);
  });

  it('excuses exactly the values it is told to allow', () => {
    // Act
    const hits = scanText('datapackage.json', metadata, ['vanphong@moh.gov.vn', 'phong@moh.gov.vn']);

    // Assess
    expect(hits.map((h) => h.row)).toEqual([5]);
  });

  it('takes context across lines, and scans file names', () => {
    expect(scanText('notes.txt', 'Số CMND:\n012345678').map((h) => [h.row, h.kind])).toEqual([[2, 'old-id']]);
    expect(scanText('medical-facilities/79/0903123456.csv', 'medical-facilities/79/0903123456.csv')).toEqual([
      { file: 'medical-facilities/79/0903123456.csv', row: 1, kind: 'phone', masked: '09******56' },
    ]);
  });
});

describe('scanText finds what the full recogniser finds (its line pre-filter loses nothing)', () => {
  const corpus = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/gate/corpus.json'), 'utf8')) as {
    entries: { text: string; kinds: string[] }[];
  };

  it.each(corpus.entries.map((e) => [e.text, e.kinds] as const))('%s', (text, kinds) => {
    // Alone, and as a line of a JSON document after unrelated lines.
    const alone = scanText('x.json', text).map((h) => h.kind);
    expect([...alone].sort()).toEqual(
      findIdentifiers(text)
        .map((h) => h.kind)
        .sort(),
    );
    expect([...new Set(alone)].sort()).toEqual([...new Set(kinds)].sort());
    const document = `{\n  "a": "2021-03-04",\n  "b": ${JSON.stringify(text)}\n}`;
    expect(scanText('x.json', document).map((h) => [h.kind, h.row])).toEqual(findIdentifiers(JSON.stringify(text)).map((h) => [h.kind, 3]));
  });
});
