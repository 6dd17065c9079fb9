import { describe, expect, it } from 'vitest';
import { findDataset } from '../../datasets/index.ts';
import type { ColumnSource, RegistryDefinition } from '../../src/policy/dataset-definition.ts';
import { ident, sql, type Sql } from '../../src/sql.ts';
import { codePointsNfcMayChange } from '../../src/pipeline/nfc-rule.ts';
import { NFC_MAY_CHANGE } from '../../src/pipeline/nfc-table.ts';
import {
  NEVER_CLEANED,
  cleanText,
  guardFormula,
  invalidDateOfClean,
  matchTextOfClean,
  valueOfClean,
} from '../../src/pipeline/transforms.ts';
import { normaliseForMatch } from '../../src/text.ts';
import { inMemoryDuckDb } from '../support/duckdb.ts';

type DateSource = Extract<ColumnSource, { kind: 'date' }>;

const duck = inMemoryDuckDb();
let tables = 0;

/** A column name that needs quoting, as real export headers do. */
const COLUMN = 'Giá trị "gốc"';

/**
 * Loads the values into a fresh table (bound as parameters, so no quoting of ours is involved)
 * and returns `build(column)` evaluated for each row, in order.
 */
async function evaluate(values: readonly (string | null)[], build: (column: Sql) => string): Promise<unknown[]> {
  const table = `t${++tables}`;
  await duck.db.run(`CREATE TABLE ${table} (i INTEGER, ${ident(COLUMN)} VARCHAR)`);
  for (let start = 0; start < values.length; start += 500) {
    const chunk = values.slice(start, start + 500);
    const rows = chunk.map((_, k) => `($${2 * k + 1}, $${2 * k + 2})`).join(', ');
    await duck.db.run(
      `INSERT INTO ${table} VALUES ${rows}`,
      chunk.flatMap((value, k) => [start + k, value]),
    );
  }
  const reader = await duck.db.runAndReadAll(`SELECT ${build(ident(COLUMN))} AS out FROM ${table} ORDER BY i`);
  return reader.getRowsJS().map((row) => row[0]);
}

const NFD = (s: string): string => s.normalize('NFD');

// As the engine builds them: each field cleaned once, values and checks derived from the clean text.
const cleanCode = (column: Sql): Sql => valueOfClean({ kind: 'code', field: COLUMN }, cleanText(column));
const dateValue = (column: Sql, source: DateSource): Sql => valueOfClean(source, cleanText(column));
const invalidDate = (column: Sql, source: DateSource): Sql => invalidDateOfClean(cleanText(column), source);
const matchText = (column: Sql): Sql => matchTextOfClean(sql`nfc_normalize(${column})`);

describe('cleanText', () => {
  it.each<[string, string | null, string | null]>([
    ['NFD to NFC', NFD('Bệnh viện Đa khoa Hưng Yên'), 'Bệnh viện Đa khoa Hưng Yên'],
    ['no-break space', 'Phòng\u00A0khám', 'Phòng khám'],
    ['zero-width space between words', 'Phòng\u200Bkhám', 'Phòng khám'],
    ['zero-width space and BOM at the ends', '\uFEFF\u200BPhòng khám\u200B', 'Phòng khám'],
    ['tabs and line breaks', '\tPhòng\t\tkhám\r\nnha khoa\n', 'Phòng khám nha khoa'],
    ['runs of spaces collapse', '  Phòng    khám   ', 'Phòng khám'],
    ['ideographic and line-separator spaces', 'a\u3000b\u2028c', 'a b c'],
    ['empty', '', null],
    ['only spaces', '   ', null],
    ['only invisible characters', '\u00A0\u200B\uFEFF\t', null],
    ['NULL stays NULL', null, null],
    ['text already clean is unchanged', 'Số 12/3A, P.2', 'Số 12/3A, P.2'],
  ])('%s', async (_name, input, expected) => {
    // Act
    const [out] = await evaluate([input], cleanText);

    // Assess
    expect(out).toBe(expected);
  });

  it('returns NFC for NFD input (byte-level check)', async () => {
    const [out] = await evaluate([NFD('Nguyễn')], cleanText);
    expect(Buffer.from(out as string)).toEqual(Buffer.from('Nguy\u1EC5n'));
  });

  it('rewrites only cells that need it, and gives what the full rewrite gives on every one', async () => {
    // Prepare: every code point that can make NFC change a text, after a letter and after a
    // precomposed Vietnamese letter, and clean or nearly clean register values
    const chars = (ranges: readonly (readonly [number, number])[]) =>
      ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)));
    const special = chars(NFC_MAY_CHANGE);
    const values = [
      ...special.map((c) => `a${c}b`),
      // Every character the fast path keeps as it is, around a letter and a Vietnamese letter.
      ...chars(NEVER_CLEANED).map((c) => `a${c}b`),
      ...chars(NEVER_CLEANED).map((c) => `Ễ${c}`),
      ...special.map((c) => `Ễ${c}`),
      NFD('Trạm Y tế phường Bến Nghé'),
      'Trạm Y tế phường Bến Nghé',
      'Số 12/3A, P.2',
      ' Số 12',
      'Số 12 ',
      'Số  12',
      'Số\u00A012',
      'Số\u200B12',
      'Số\u202F12',
      'Số\t12',
      '가',
      'Nguyễn 阮',
      '\u{1F3E5} Bệnh viện',
      '\u1100\u1161',
      '',
      '=1+1',
    ];
    const full = (c: Sql): string => `nullif(trim(regexp_replace(nfc_normalize(${c}), '[\\s\\p{Z}\\x{200B}\\x{FEFF}]+', ' ', 'g')), '')`;

    // Act
    const fast = await evaluate(values, cleanText);
    const slow = await evaluate(values, full);

    // Assess
    const differing = values.filter((_, i) => fast[i] !== slow[i]).slice(0, 5);
    expect(differing).toEqual([]);
  });
});

describe('the NFC table (src/pipeline/nfc-table.ts)', () => {
  const inTable = new Set(NFC_MAY_CHANGE.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)));

  it('is what the rule gives on this engine (else: npx tsx scripts/make-unicode-tables.ts)', () => {
    const derived = codePointsNfcMayChange();
    expect([...inTable].filter((cp) => !derived.has(cp)).slice(0, 10)).toEqual([]);
    expect([...derived].filter((cp) => !inTable.has(cp)).slice(0, 10)).toEqual([]);
  });

  it('leaves out only starters: no other code point moves past a combining mark', () => {
    // U+0345 has the highest combining class but one: a code point that is not a starter would
    // be reordered before it, whatever its class.
    const moved: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || inTable.has(cp)) continue;
      const c = String.fromCodePoint(cp);
      if (`\u0345${c}`.normalize('NFD') !== `\u0345${c.normalize('NFD')}`) moved.push(cp.toString(16));
    }
    expect(moved.slice(0, 10)).toEqual([]);
  });
});

describe('cleanCode', () => {
  it.each<[string, string | null, string | null]>([
    ['spaces around separators, upper case, Ð (U+00D0) folded to Đ (U+0110)', ' 00456 /hcm-gph\u00D0 ', '00456/HCM-GPH\u0110'],
    ['lower-case look-alike ð (U+00F0) folded to Đ (U+0110)', ' 00456 /hcm-gph\u00F0 ', '00456/HCM-GPH\u0110'],
    ['bare number keeps its leading zeros', '00123', '00123'],
    ['bare number with spaces keeps its leading zeros', ' 0012 ', '0012'],
    ['real licence number', ' 12 / 2020 / qđ - byt ', '12/2020/QĐ-BYT'],
    ['NFD input', NFD(' 123/sYt-gpHĐ '), '123/SYT-GPHĐ'],
    ['inner spaces not next to a separator stay', '123 abc', '123 ABC'],
    ['no-break spaces around separators', '01\u00A0/\u00A0HN', '01/HN'],
    ['empty becomes NULL', '  ', null],
    ['NULL stays NULL', null, null],
  ])('%s', async (_name, input, expected) => {
    const [out] = await evaluate([input], cleanCode);
    expect(out).toBe(expected);
  });
});

describe('dateValue and invalidDate (medical-facilities issue_date)', () => {
  const column = (findDataset('medical-facilities') as RegistryDefinition).columns.find((c) => c.name === 'issue_date')!;
  const source = column.source as DateSource;

  it('the column is the date column the cases below were written for', () => {
    expect(source).toEqual({
      kind: 'date',
      field: 'NgayCap',
      formats: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f'],
      unknown: ['None', 'NULL', 'null', '2000-01-01', '2000-01-01 00:00:00'],
    });
  });

  it.each<[string | null, string | null, boolean]>([
    ['2021-03-04 10:00:00', '2021-03-04', false],
    ['2021-03-04', '2021-03-04', false],
    [' 2021-03-04\u00A0', '2021-03-04', false],
    ['1999-12-31 23:59:59', '1999-12-31', false],
    ['None', null, false],
    ['NULL', null, false],
    ['null', null, false],
    ['2000-01-01', null, false],
    ['2000-01-01 00:00:00', null, false],
    ['2000-01-01 08:30:00', null, false], // parses to the placeholder date
    ['2000-01-02', '2000-01-02', false],
    ['', null, false],
    [null, null, false],
    ['2023-13-45 00:00:00', null, true],
    ['2023-02-30', null, true],
    ['04/03/2021', null, true],
    ['none', null, true],
    ['2021-03-04T10:00:00', '2021-03-04', false],
    ['2021-03-04 10:00:00.123', '2021-03-04', false],
  ])('%p → %p (invalid: %p)', async (input, expectedDate, expectedInvalid) => {
    // Act
    const value = await evaluate([input], (c) => `CAST(${dateValue(c, source)} AS VARCHAR)`);
    const invalid = await evaluate([input], (c) => invalidDate(c, source));

    // Assess
    expect(value).toEqual([expectedDate]);
    expect(invalid).toEqual([expectedInvalid]);
  });

  it('the SQL value is a DATE', async () => {
    const [type] = await evaluate(['2021-03-04'], (c) => `typeof(${dateValue(c, source)})`);
    expect(type).toBe('DATE');
  });

  it('with one format and no unknown tokens, every non-date is invalid', async () => {
    // Prepare
    const strict: DateSource = { kind: 'date', field: 'x', formats: ['%d/%m/%Y'], unknown: [] };

    // Act
    const values = await evaluate(['04/03/2021', 'None', '2021-03-04', null], (c) => `CAST(${dateValue(c, strict)} AS VARCHAR)`);
    const invalid = await evaluate(['04/03/2021', 'None', '2021-03-04', null], (c) => invalidDate(c, strict));

    // Assess
    expect(values).toEqual(['2021-03-04', null, null, null]);
    expect(invalid).toEqual([false, true, true, false]);
  });

  it('an unknown token holding a quote is matched literally', async () => {
    const quoted: DateSource = { kind: 'date', field: 'x', formats: ['%Y-%m-%d'], unknown: ["n'a"] };
    expect(await evaluate(["n'a", 'n a'], (c) => invalidDate(c, quoted))).toEqual([false, true]);
  });
});

describe('guardFormula', () => {
  it.each<[string | null, string | null]>([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-x', "'-x"],
    ['-5', "'-5"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\r=1', "'\r=1"],
    ['Phòng khám', 'Phòng khám'],
    ['a=b', 'a=b'],
    ["'=already", "'=already"],
    ['', ''],
    [null, null],
  ])('%p → %p', async (input, expected) => {
    const [out] = await evaluate([input], guardFormula);
    expect(out).toBe(expected);
  });
});

describe('matchText is the SQL twin of normaliseForMatch', () => {
  const samples: string[] = [
    'TP.Hồ Chí Minh',
    'Thành phố Hồ Chí Minh',
    NFD('Thành phố Hồ Chí Minh'),
    'Đà Nẵng',
    'đà nẵng',
    '\u00D0à Nẵng', // Ð look-alike
    '\u00F0à nẵng', // ð look-alike
    NFD('Đắk Lắk'),
    'Bà Rịa – Vũng Tàu',
    'Bà Rịa - Vũng Tàu',
    'Thừa Thiên Huế',
    NFD('Thừa Thiên Huế'),
    'Số 12/3A, P.2, Q.5',
    '123 Nguyễn Trãi, Phường 2, Quận 5, TP. HCM',
    'Ấp Phước Lợi, xã Phước Hưng, huyện Long Điền, tỉnh Bà Rịa-Vũng Tàu',
    'Khánh Hòa',
    'Khánh Hoà',
    NFD('Khánh Hoà'),
    'Quảng Ngãi',
    'Thị xã Sơn Tây (Hà Tây cũ)',
    'Lô A1-02, KCN Tân Bình; Q.Tân Phú',
    'ĐƯỜNG 3/2, QUẬN 10',
    'Phường Ô Chợ Dừa, Đống Đa, Hà Nội',
    '  spaces\tand\u00A0nbsp  ',
    'Ỷ Lan – Ỳ Ỹ Ỵ ỷ',
    'Ơn Ưng Ở Ửa',
    'Số 1 "Lê Lợi" & 2 (Lê Lai)',
    '100% vốn nước ngoài: 50/50',
    '0123456789',
    'Bệnh viện 175',
    '',
    '---',
    'Cà Mau – Bạc Liêu – Sóc Trăng',
    'Hà Giang/Tuyên Quang',
  ];

  it('agrees with the JS reference on every sample', async () => {
    // Act
    const sql = await evaluate(samples, matchText);

    // Assess
    const js = samples.map((s) => ` ${normaliseForMatch(s)} `);
    expect(sql).toEqual(js);
  });

  it('the reference gives the expected words (so the comparison is not vacuous)', async () => {
    const sql = await evaluate(['TP.Hồ Chí Minh', NFD('Đắk Lắk'), '\u00F0à nẵng', 'Số 12/3A, P.2', ''], matchText);
    expect(sql).toEqual([' tp ho chi minh ', ' dak lak ', ' da nang ', ' so 12 3a p 2 ', '  ']);
  });

  it('NULL stays NULL', async () => {
    expect(await evaluate([null], matchText)).toEqual([null]);
  });
});

describe('valueOfClean', () => {
  it('gives text, code and date columns their values from the clean field', async () => {
    // Prepare
    const text: ColumnSource = { kind: 'text', field: COLUMN };
    const code: ColumnSource = { kind: 'code', field: COLUMN };
    const date: ColumnSource = { kind: 'date', field: COLUMN, formats: ['%Y-%m-%d'], unknown: [] };

    // Act
    const out = [
      await evaluate([' ab / cd '], (c) => valueOfClean(text, cleanText(c))),
      await evaluate([' ab / cd '], (c) => valueOfClean(code, cleanText(c))),
      await evaluate([' 2024-02-29 '], (c) => `CAST(${valueOfClean(date, cleanText(c))} AS VARCHAR)`),
    ];

    // Assess
    expect(out).toEqual([['ab / cd'], ['AB/CD'], ['2024-02-29']]);
  });

  it('refuses a province column (the engine resolves those)', () => {
    expect(() => valueOfClean({ kind: 'province', part: 'code', addressField: 'DiaChi' }, ident('DiaChi'))).toThrow(
      'resolved by the engine',
    );
  });
});
