import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CITIZEN_ID_PROVINCE_CODES,
  findIdentifiers,
  IDENTIFIER_KINDS,
  kindsNamedBy,
  locateIdentifiers,
  maskIdentifier,
  sqlPatterns,
  type IdentifierKind,
} from '../../src/gate/identifiers.ts';
import { literal } from '../../src/pipeline/sql.ts';
import { loadOldProvinces } from '../../src/reference/provinces.ts';
import { inMemoryDuckDb } from '../support/duckdb.ts';

interface CorpusEntry {
  text: string;
  kinds: IdentifierKind[];
  note?: string;
}

const corpus = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'gate', 'corpus.json'), 'utf8')) as { entries: CorpusEntry[] }
).entries;

const kindsIn = (text: string): IdentifierKind[] => [...new Set(findIdentifiers(text).map((h) => h.kind))].sort();
const valuesIn = (text: string): string[] => locateIdentifiers(text).map((h) => h.value);

describe('citizen-id (CCCD)', () => {
  it('takes its province codes from the 63 pre-2025 provinces, prefixed with 0', () => {
    // Prepare
    const fromReference = loadOldProvinces().map((p) => `0${p.oldCode}`);

    // Assess
    expect([...CITIZEN_ID_PROVINCE_CODES].sort()).toEqual(fromReference.sort());
    expect(CITIZEN_ID_PROVINCE_CODES).toEqual(expect.arrayContaining(['001', '079', '096']));
  });

  it('accepts 12 digits under every province code and no others', () => {
    // Prepare
    const codes = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

    // Act
    const accepted = codes.filter((code) => kindsIn(`${code}190001234`).includes('citizen-id'));

    // Assess
    expect(accepted).toEqual([...CITIZEN_ID_PROVINCE_CODES]);
  });

  it('accepts every century/sex digit', () => {
    for (const digit of '0123456789') expect(valuesIn(`079${digit}90001234`)).toEqual([`079${digit}90001234`]);
  });

  it('finds the ID in text and reports its position', () => {
    // Act
    const hits = findIdentifiers('CCCD: 001203004567, cấp 2021-03-04');

    // Assess
    expect(hits).toEqual([{ kind: 'citizen-id', masked: '00********67', index: 6 }]);
  });

  it.each([
    ['07909000123', '11 digits'],
    ['0790900012345', '13 digits holding a 12-digit ID shape at the start'],
    ['1079090001234', '13 digits holding it at the end'],
    ['099090001234', 'no province 099'],
    ['000090001234', 'no province 000'],
  ])('rejects %s (%s)', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('old-id (CMND, 9 digits)', () => {
  it.each([
    'CMND: 012345678',
    'Số CMND 012345678',
    'cmnd012345678',
    'Số chứng minh nhân dân: 012345678',
    'chung minh nhan dan 012345678',
    'CMT số 012345678',
    'Số CM: 012345678',
    'CMND/CCCD: 012345678',
  ])('is found after a context word: %s', (text) => {
    expect(locateIdentifiers(text)).toEqual([{ kind: 'old-id', value: '012345678', index: text.indexOf('012345678') }]);
  });

  it('is not found without a context word, or with one more than 20 characters before', () => {
    // Prepare
    const exactlyTwenty = `CMND${'x'.repeat(19)} 012345678`;
    const twentyOne = `CMND${'x'.repeat(20)} 012345678`;

    // Assess
    expect(kindsIn('012345678')).toEqual([]);
    expect(kindsIn('Mã hồ sơ 012345678')).toEqual([]);
    expect(kindsIn(exactlyTwenty)).toEqual(['old-id']);
    expect(kindsIn(twentyOne)).toEqual([]);
  });

  it('needs exactly 9 digits', () => {
    expect(kindsIn('CMND: 01234567')).toEqual([]);
    expect(kindsIn('CMND: 0123456789')).toEqual([]);
  });

  it('uses a column name as context when the caller says the context is given', () => {
    // Prepare
    const named = kindsNamedBy('so_cmnd');

    // Act
    const hits = findIdentifiers('012345678', undefined, named);

    // Assess
    expect(named).toEqual(new Set(['old-id']));
    expect(hits.map((h) => h.kind)).toEqual(['old-id']);
    expect(kindsNamedBy('Mã số BHXH')).toEqual(new Set(['social-insurance']));
    expect(kindsNamedBy('Số hộ chiếu')).toEqual(new Set(['passport']));
    expect(kindsNamedBy('TenCoSo')).toEqual(new Set());
  });
});

describe('health-insurance-card (BHYT)', () => {
  it.each(['DN4790123456789', 'HC1010000000001', 'TE5960123456789', 'GD3970123456789', 'HS2980123456789'])('accepts %s', (card) => {
    expect(locateIdentifiers(`Thẻ: ${card}.`)).toEqual([{ kind: 'health-insurance-card', value: card, index: 5 }]);
  });

  it.each([
    ['DN6790123456789', 'benefit level 6'],
    ['DN0790123456789', 'benefit level 0'],
    ['DN479012345678', '14 characters'],
    ['DN47901234567890', '16 characters'],
    ['XDN4790123456789', 'inside a longer alphanumeric run'],
    ['dn4790123456789', 'lower-case group code'],
    ['D4790123456789', 'one letter'],
  ])('rejects %s (%s)', (text) => {
    expect(kindsIn(text)).not.toContain('health-insurance-card');
  });
});

describe('social-insurance (BHXH, 10 digits)', () => {
  it.each([
    'Mã số BHXH: 7901234567',
    'BHXH 7901234567',
    'Sổ BHYT số 7901234567',
    'bảo hiểm xã hội: 7901234567',
    'Bao hiem y te 7901234567',
  ])('is found after a context word: %s', (text) => {
    expect(kindsIn(text)).toEqual(['social-insurance']);
  });

  it('is not found alone, and needs exactly 10 digits', () => {
    expect(kindsIn('7901234567')).toEqual([]);
    expect(kindsIn('BHXH: 790123456')).toEqual([]);
    expect(kindsIn('BHXH: 79012345678')).toEqual([]);
    expect(kindsIn('bảo hiểm 7901234567')).toEqual([]);
  });
});

describe('phone', () => {
  it.each([
    ['0903123456', '0903123456'],
    ['ĐT 0903 123 456', '0903 123 456'],
    ['0903.123.456', '0903.123.456'],
    ['090-312-3456', '090-312-3456'],
    ['+84 903 123 456', '+84 903 123 456'],
    ['84903123456', '84903123456'],
    ['(+84) 903.123.456', '+84) 903.123.456'],
    ['0312345678', '0312345678'],
    ['0512345678', '0512345678'],
    ['0712345678', '0712345678'],
    ['0812345678', '0812345678'],
    ['028 3829 1234', '028 3829 1234'],
    ['(024) 3825 1234', '024) 3825 1234'],
    ['0236.3821.234', '0236.3821.234'],
  ])('finds %s', (text, value) => {
    expect(locateIdentifiers(text)).toEqual([{ kind: 'phone', value, index: text.indexOf(value) }]);
  });

  it('finds two numbers side by side', () => {
    expect(valuesIn('0903 123 456 0913 222 333')).toEqual(['0903 123 456', '0913 222 333']);
  });

  it.each([
    ['090312345', '9 digits'],
    ['09031234567', '11 digits'],
    ['0103123456', 'no mobile prefix 1'],
    ['0612345678', 'no mobile prefix 6'],
    ['028382912', 'landline one digit short'],
    ['849031234567', '12-digit run'],
    ['2021-03-04', 'date'],
    ['09.03.2021 12:30', 'date and hour'],
    ['2014-01-28 09:52:26', 'date-time'],
    ['1.250.000', 'price'],
    ['12.500.000.000 đồng', 'price'],
  ])('rejects %s (%s)', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('email', () => {
  it.each(['lienhe@syt.hochiminhcity.gov.vn', 'nguyen.van.a+test@gmail.com', 'A_B-1@moh.gov.vn'])('finds %s', (address) => {
    expect(valuesIn(`Email: ${address};`)).toEqual([address]);
  });

  it.each(['user@localhost', '@syt_hcm', 'a@b.c', 'a @ b.vn'])('rejects %s', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('passport', () => {
  it.each(['Hộ chiếu số C1234567', 'Số hộ chiếu: C1234567', 'HO CHIEU C1234567', 'Passport No. C1234567', 'số HC: C1234567'])(
    'is found after a context word: %s',
    (text) => {
      expect(locateIdentifiers(text)).toEqual([{ kind: 'passport', value: 'C1234567', index: text.indexOf('C1234567') }]);
    },
  );

  it.each([
    ['C1234567', 'no context'],
    ['Hộ chiếu số C123456', '6 digits'],
    ['Hộ chiếu số C12345678', '8 digits'],
    ['Hộ chiếu số XC1234567', 'two letters'],
    ['Hộ chiếu số c1234567', 'lower-case letter'],
  ])('rejects %s (%s)', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('register values that are not identifiers', () => {
  it.each([
    '04211/SYT-GPHĐ',
    '032855/HCM-CCHN',
    'VD-32243-19',
    'QLĐB-123-20',
    '2300123ĐKLH/BYT-HTTB',
    '2025-W07',
    'J18.9',
    'E11.65',
    'U07.1',
    'A09',
    '1.250.000',
    '2021-03-04',
  ])('%s', (text) => {
    expect(findIdentifiers(text)).toEqual([]);
  });
});

describe('findIdentifiers', () => {
  it('lists hits in text order and skips allowed kinds', () => {
    // Prepare
    const text = 'CCCD 079090001234, ĐT 0903123456, email a.nguyen@gmail.com';

    // Act
    const all = findIdentifiers(text);
    const withoutPhone = findIdentifiers(text, new Set(['phone']));

    // Assess
    expect(all.map((h) => [h.kind, h.index])).toEqual([
      ['citizen-id', 5],
      ['phone', 22],
      ['email', 40],
    ]);
    expect(withoutPhone.map((h) => h.kind)).toEqual(['citizen-id', 'email']);
  });

  it('reports a value under each kind it reads as', () => {
    expect(findIdentifiers('Số sổ BHXH: 0912345678').map((h) => h.kind)).toEqual(['social-insurance', 'phone']);
  });
});

describe('maskIdentifier', () => {
  it('keeps at most the first 2 and last 2 significant characters', () => {
    expect(maskIdentifier('0903123456')).toBe('09******56');
    expect(maskIdentifier('0903 123 456')).toBe('09******56');
    expect(maskIdentifier('079090001234')).toBe('07********34');
    expect(maskIdentifier('DN4790123456789')).toBe('DN***********89');
  });

  it('keeps less of shorter values and nothing of short ones', () => {
    expect(maskIdentifier('C1234567')).toBe('C******7');
    expect(maskIdentifier('012345678')).toBe('0*******8');
    expect(maskIdentifier('12345')).toBe('*****');
    expect(maskIdentifier('ab')).toBe('**');
  });

  it('never shows more than 4 characters, nor the whole value, for any hit in the corpus', () => {
    // Prepare
    const values = corpus.flatMap((e) => locateIdentifiers(e.text).map((h) => h.value));

    // Act
    const masked = values.map((value) => ({ value, masked: maskIdentifier(value) }));

    // Assess
    expect(values.length).toBeGreaterThan(40);
    for (const { value, masked: m } of masked) {
      expect(m.replaceAll('*', '').length).toBeLessThanOrEqual(4);
      expect(m).not.toContain(value);
      expect(m).toMatch(/\*/);
    }
  });

  it('is what findIdentifiers reports', () => {
    expect(findIdentifiers('Passport: B7654321')).toEqual([{ kind: 'passport', masked: 'B******1', index: 10 }]);
  });
});

describe('the corpus', () => {
  it('holds at least 60 strings, positives and negatives, every kind found', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((e) => e.kinds.length === 0).length).toBeGreaterThanOrEqual(20);
    expect(new Set(corpus.flatMap((e) => e.kinds))).toEqual(new Set(IDENTIFIER_KINDS));
  });

  it.each(corpus.map((e) => [JSON.stringify(e.text), e] as const))('findIdentifiers: %s', (_, entry) => {
    expect(kindsIn(entry.text)).toEqual([...entry.kinds].sort());
  });
});

describe('sqlPatterns in DuckDB mean what findIdentifiers means', () => {
  const duck = inMemoryDuckDb();

  /** For each text, the kinds whose RE2 pattern matches it in DuckDB. */
  async function sqlKinds(texts: readonly string[], contextGiven?: ReadonlySet<IdentifierKind>): Promise<IdentifierKind[][]> {
    await duck.db.run('CREATE OR REPLACE TEMP TABLE texts (i INTEGER, text VARCHAR)');
    for (let start = 0; start < texts.length; start += 500) {
      const values = texts.slice(start, start + 500).map((t, k) => `(${start + k}, ${literal(t)})`);
      await duck.db.run(`INSERT INTO texts VALUES ${values.join(', ')}`);
    }
    const found: IdentifierKind[][] = texts.map(() => []);
    for (const { kind, pattern } of sqlPatterns(contextGiven)) {
      const rows = (
        await duck.db.runAndReadAll(`SELECT i FROM texts WHERE regexp_matches(text, ${literal(pattern)}) ORDER BY i`)
      ).getRows();
      for (const [i] of rows) found[Number(i)]!.push(kind);
    }
    return found.map((kinds) => kinds.sort());
  }

  it('on the corpus: DuckDB, findIdentifiers and the expected kinds agree', async () => {
    // Prepare
    const texts = corpus.map((e) => e.text);

    // Act
    const inSql = await sqlKinds(texts);

    // Assess
    const disagreements = corpus
      .map((e, i) => ({ text: e.text, expected: [...e.kinds].sort(), js: kindsIn(e.text), sql: inSql[i] }))
      .filter((r) => JSON.stringify(r.js) !== JSON.stringify(r.expected) || JSON.stringify(r.sql) !== JSON.stringify(r.expected));
    expect(disagreements).toEqual([]);
  });

  it('on the corpus with every context given (the column-name case)', async () => {
    // Prepare
    const given = new Set(IDENTIFIER_KINDS);
    const texts = corpus.map((e) => e.text);

    // Act
    const inSql = await sqlKinds(texts, given);
    const inJs = texts.map((t) => [...new Set(findIdentifiers(t, undefined, given).map((h) => h.kind))].sort());

    // Assess
    expect(inSql).toEqual(inJs);
    expect(inJs[texts.indexOf('012345678')]).toEqual(['old-id']);
  });

  it('on 3,000 generated strings built from identifier fragments', async () => {
    // Prepare: a seeded generator, so that a failure can be replayed
    let seed = 20250701;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const contextWords = [
      'CMND',
      'cmnd:',
      'Số CM ',
      'chứng minh ',
      'chung_minh',
      'CMT',
      'BHXH',
      'bảo hiểm xã hội ',
      'bao hiem y te',
      'BHYT:',
      'Hộ chiếu số ',
      'HO CHIEU',
      'passport ',
      'số HC ',
    ];
    const fragments: Array<() => string> = [
      () => digits(1 + Math.floor(random() * 13)),
      () => pick(CITIZEN_ID_PROVINCE_CODES) + digits(8 + Math.floor(random() * 3)),
      () => pick(['0', '84', '+84', '(+84) ', '0']) + pick(['9', '3', '2', '1']) + digits(7 + Math.floor(random() * 3)),
      () =>
        `${pick(['0903', '028', '090'])}${pick([' ', '.', '-', ''])}${digits(3)}${pick([' ', '.', '-', ''])}${digits(3 + Math.floor(random() * 2))}`,
      () => pick(['DN', 'HC', 'TE', 'dn', 'X']) + pick(['1', '4', '5', '6']) + digits(pick([11, 12, 12, 12, 13])),
      () => pick(['C', 'B', 'N', 'c']) + digits(6 + Math.floor(random() * 3)),
      () => pick(contextWords),
      () =>
        pick(contextWords) +
        pick(['', ' ', ': ', ' số ', '\n', 'x'.repeat(18), 'x'.repeat(19) + ' ', 'x'.repeat(20) + ' ']) +
        (random() < 0.5 ? digits(8 + Math.floor(random() * 4)) : pick(['C', 'B', 'c', 'XC']) + digits(pick([6, 7, 7, 7, 8]))),
      () =>
        pick(['Hộ chiếu số ', 'passport', 'số HC: ', 'HO CHIEU ']) +
        pick(['', ' ', 'x'.repeat(19) + ' ']) +
        pick(['C', 'B', 'c', 'XC']) +
        digits(pick([6, 7, 7, 7, 8])),
      () => pick(['a.b', 'nguyen', 'x_1', '']) + '@' + pick(['gmail.com', 'syt.gov.vn', 'localhost', '2x.png', 'b.c']),
      () => pick([' ', '  ', ', ', ': ', '\n', '.', '-', '/', '(', ')', 'Đ', 'x', 'ư', ' số ', 'năm 2021-03-04 ', '1.250.000']),
      () => 'x'.repeat(Math.floor(random() * 25)),
    ];
    const texts = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 7) }, () => pick(fragments)()).join(''),
    );

    // Act
    const inSql = await sqlKinds(texts);
    const inJs = texts.map(kindsIn);

    // Assess
    const disagreements = texts
      .map((text, i) => ({ text, js: inJs[i], sql: inSql[i] }))
      .filter((r) => JSON.stringify(r.js) !== JSON.stringify(r.sql));
    expect(disagreements).toEqual([]);
    // not vacuous: every kind occurs, and most strings hold nothing
    for (const kind of IDENTIFIER_KINDS) expect(inJs.filter((k) => k.includes(kind)).length).toBeGreaterThan(20);
    expect(inJs.filter((k) => k.length === 0).length).toBeGreaterThan(500);
  });
});
