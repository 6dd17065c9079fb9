import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CITIZEN_ID_PROVINCE_CODES,
  findIdentifiers,
  IDENTIFIER_KINDS,
  kindsNamedBy,
  locateIdentifiers,
  maskIdentifier,
  type IdentifierKind,
} from '../../src/gate/identifiers.ts';
import { sqlKinds as sqlKindsIn } from '../../scripts/gate-corpus-report.ts';
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

  it('accepts the century/sex digits of people born 1900–2099 (0–3), not those of later centuries', () => {
    for (const digit of '0123') expect(valuesIn(`079${digit}90001234`)).toEqual([`079${digit}90001234`]);
    for (const digit of '456789') expect(valuesIn(`079${digit}90001234`)).toEqual([]);
  });

  it.each([
    ['CCCD 079 203 001 234', '079 203 001 234'],
    ['079.203.001.234', '079.203.001.234'],
    ['0792 0300 1234', '0792 0300 1234'],
    ['079-203-001-234', '079-203-001-234'],
    ['0792/0300/1234', '0792/0300/1234'],
    ['079 – 203 – 001 – 234', '079 - 203 - 001 - 234'],
  ])('finds it split into groups: %s', (text, value) => {
    expect(locateIdentifiers(text).filter((h) => h.kind === 'citizen-id')).toEqual([
      { kind: 'citizen-id', value, index: text.indexOf(value.slice(0, 3)) },
    ]);
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
  it.each([
    'DN4790123456789',
    'HC1010000000001',
    'TE5960123456789',
    'GD3970123456789',
    'HS2980123456789',
    'dn4790123456789',
    'Dn4790123456789',
  ])('accepts %s', (card) => {
    expect(locateIdentifiers(`Thẻ: ${card}.`)).toEqual([{ kind: 'health-insurance-card', value: card, index: 5 }]);
  });

  it('accepts a card split into groups as it is printed', () => {
    expect(kindsIn('thẻ DN 4 79 79 123 45678')).toContain('health-insurance-card');
    expect(kindsIn('DN-4-79-7912345678')).toEqual(['health-insurance-card']);
  });

  it.each([
    ['DN6790123456789', 'benefit level 6'],
    ['DN0790123456789', 'benefit level 0'],
    ['DN479012345678', '14 characters'],
    ['DN47901234567890', '16 characters'],
    ['XDN4790123456789', 'inside a longer alphanumeric run'],
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
    ['0321234567', '0321234567'],
    ['0521234567', '0521234567'],
    ['0701234567', '0701234567'],
    ['0812345678', '0812345678'],
    ['ĐT +84 (0) 912 345 678', '+84 (0) 912 345 678'],
    ['0084 912 345 678', '0084 912 345 678'],
    ['0912/345/678', '0912/345/678'],
    ['09 12 34 56 78', '09 12 34 56 78'],
    ['028 3829 1234', '028 3829 1234'],
    ['(024) 3825 1234', '024) 3825 1234'],
    ['0236.3821.234', '0236.3821.234'],
  ])('finds %s', (text, value) => {
    expect(locateIdentifiers(text)).toEqual([{ kind: 'phone', value, index: text.indexOf(value) }]);
  });

  it('finds a number whose separators are dashes of another width, and reports it as read, where it starts', () => {
    expect(locateIdentifiers('ĐT 0912 – 345 — 678')).toEqual([{ kind: 'phone', value: '0912 - 345 - 678', index: 3 }]);
  });

  it('reports where a number starts in the original text when invisible characters come before it', () => {
    // Prepare
    const text = '\u200b\u200bĐT\u00a0\u2060０９１２\u00ad３４５６７８';

    // Act
    const hits = locateIdentifiers(text);

    // Assess
    expect(hits).toEqual([{ kind: 'phone', value: '0912345678', index: text.indexOf('０') }]);
  });

  it('finds two numbers side by side', () => {
    expect(valuesIn('0903 123 456 0913 222 333')).toEqual(['0903 123 456', '0913 222 333']);
  });

  it.each([
    ['090312345', '9 digits'],
    ['09031234567', '11 digits'],
    ['0103123456', 'no mobile prefix 1'],
    ['0612345678', 'no mobile prefix 6'],
    ['0302560110', 'no mobile prefix 30 (a Hồ Chí Minh City tax code)'],
    ['0312345678', 'no mobile prefix 31'],
    ['0512345678', 'no mobile prefix 51'],
    ['0712345678', 'no mobile prefix 71'],
    ['0802345678', 'no mobile prefix 80'],
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

  it.each([
    ['nguyenvanan [at] gmail.com', 'nguyenvanan [at] gmail.com'],
    ['nguyenvanan(at)gmail.com', 'nguyenvanan(at)gmail.com'],
    ['nguyenvanan a còng gmail chấm com', 'nguyenvanan a còng gmail chấm com'],
    ['nguyenvanan＠gmail.com', 'nguyenvanan@gmail.com'],
    ['Email: x @ y.com', 'x @ y.com'],
    ['ten at gmail dot com', 'ten at gmail dot com'],
  ])('finds %s written to dodge a filter', (text, value) => {
    expect(valuesIn(text)).toEqual([value]);
  });

  it.each(['user@localhost', '@syt_hcm', 'a@b.c', 'Available at www.moh.gov.vn', 'liên hệ tại gmail.com'])('rejects %s', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('passport', () => {
  it.each([
    'Hộ chiếu số C1234567',
    'Số hộ chiếu: C1234567',
    'HO CHIEU C1234567',
    'Passport No. C1234567',
    'số HC: C1234567',
    `Hộ chiếu ${'x'.repeat(98)} C1234567`,
  ])('is found after a context word: %s', (text) => {
    expect(locateIdentifiers(text)).toEqual([{ kind: 'passport', value: 'C1234567', index: text.indexOf('C1234567') }]);
  });

  it.each([
    ['C1234567', 'no context'],
    ['Hộ chiếu số C123456', '6 digits'],
    ['Hộ chiếu số C12345678', '8 digits'],
    ['Hộ chiếu số XC1234567', 'two letters'],
    ['Passport series P1234567', 'a product series'],
    [`Hộ chiếu ${'x'.repeat(99)} C1234567`, 'the label more than 100 characters before'],
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

  /** For each text, the kinds whose RE2 pattern matches its folded or blanked reading in DuckDB. */
  const sqlKinds = (texts: readonly string[], contextGiven?: ReadonlySet<IdentifierKind>): Promise<IdentifierKind[][]> =>
    sqlKindsIn(duck.db, texts, contextGiven);

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
      // what folding removes or changes
      () => pick(['\u200b', '\u00ad', '\u200d', '\u2060', '\ufeff', '\u2013', '\u2014', '\u00a0', '\u3000', '０', '９', '７', '＠', '𝟎']),
      // dodged e-mail addresses
      () =>
        pick(['a.b', 'nguyen', 'x']) +
        pick([' [at] ', '(at)', ' a còng ', ' @ ', ' at ', '(a)', '{AT}']) +
        pick(['gmail chấm com', 'gmail.com', 'y . com', 'gmail dot com', 'moh [dot] gov.vn', 'localhost']),
      // names and dates of birth
      () =>
        pick(['Nguyễn Văn An', 'NGUYỄN THỊ B', 'Lê Văn', 'bệnh nhân', 'Trần']) +
        pick([', sinh ngày ', ' (SN ', '; ngày sinh: ', ' sinh năm ', ' ', ', ngày ']) +
        pick(['12/05/1980', '1975', '3 tháng 4 năm 1990', '12-05-80', '31/13/1980', '2021-03-04']),
      // labels of legitimate values
      () =>
        pick(['MST: ', 'Mã số thuế ', 'Số lô ', 'Model ', 'Tổng đài ', 'Hotline ', 'GTIN ', 'Mã vạch ', 'Fax: ', 'SĐK: ', 'Serial ']) +
        pick(['0', '09', '028 ', '036', '1900 ', '0912 ']) +
        digits(pick([6, 7, 8, 9, 10, 11])),
      () => pick([' đồng', ' đ', ' VNĐ', '-001', '12/05/1980', '01/01/2020 - 31/12/2020', '1.036.000.000.000']),
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
