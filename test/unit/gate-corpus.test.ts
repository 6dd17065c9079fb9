import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildLabelledCorpus, corpusDocument, CORPUS_FILE } from '../../scripts/make-gate-corpus.ts';
import { jsKinds, measure, readLabelledCorpus, sqlKinds } from '../../scripts/gate-corpus-report.ts';
import { findIdentifiers, IDENTIFIER_KINDS, LEGITIMATE, locateIdentifiers } from '../../src/gate/identifiers.ts';
import { foldOfCodePoint } from '../../src/gate/fold-rule.ts';
import { fold, sqlFold } from '../../src/gate/normalise.ts';
import { literal } from '../../src/sql.ts';
import { inMemoryDuckDb } from '../support/duckdb.ts';

const duck = inMemoryDuckDb();
const corpus = readLabelledCorpus();
const kindsIn = (text: string): string[] => [...new Set(findIdentifiers(text).map((h) => h.kind))].sort();

describe('fold (what the gate reads)', () => {
  it('drops every format character (Cf) and soft hyphen, taken from the Unicode data, not a list', () => {
    // Prepare: every Cf code point, each between two digits
    const formats: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = cp >= 0xd800 && cp <= 0xdfff ? '' : String.fromCodePoint(cp);
      if (/^\p{Cf}$/u.test(c)) formats.push(c);
    }

    // Act
    const folded = formats.map((c) => fold(`1${c}2`).text);

    // Assess
    expect(formats.length).toBeGreaterThan(100);
    expect(formats).toEqual(expect.arrayContaining(['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']));
    expect(new Set(folded)).toEqual(new Set(['12']));
  });

  it('folds the full-width block U+FF01–U+FF5E to ASCII by code point, odd spaces to a space and dashes to -', () => {
    for (let cp = 0xff01; cp <= 0xff5e; cp++) expect(fold(String.fromCodePoint(cp)).text).toBe(String.fromCodePoint(cp - 0xff01 + 0x21));
    expect(fold('\u00a0\u2009\u202f\u3000').text).toBe('    ');
    expect(fold('\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63').text).toBe('--------');
    expect(fold('𝟎𝟗 ²').text).toBe('09 2');
  });

  it('maps every code point as the rule says on this engine (else: npx tsx scripts/make-unicode-tables.ts)', () => {
    // Act: fold-table.ts, generated once, against the rule applied now to every code point
    const differing: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (fold(c).text !== (foldOfCodePoint(cp) ?? c)) differing.push(cp.toString(16));
    }

    // Assess
    expect(differing.slice(0, 10)).toEqual([]);
  });

  it('leaves Vietnamese text, precomposed or not, as it is', () => {
    const text = 'Bệnh viện Chợ Rẫy, Đường Nguyễn Chí Thanh';
    expect(fold(text)).toEqual({ text });
    expect(fold(text.normalize('NFD'))).toEqual({ text: text.normalize('NFD') });
  });

  it('keeps, for each character read, where it came from', () => {
    // Prepare
    const text = 'a\u200bb\uff23\u{1d7ce}c';

    // Act
    const folded = fold(text);

    // Assess
    expect(folded.text).toBe('abC0c');
    expect(folded.origin).toEqual([0, 2, 3, 4, 6, 7]);
  });

  it('is what DuckDB computes, on every character it changes and on the corpus', async () => {
    // Prepare: every code point fold changes, in lines of 200, and the corpus texts
    const changed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (fold(c).text !== c) changed.push(c);
    }
    const lines: string[] = [];
    for (let i = 0; i < changed.length; i += 200) lines.push(`x${changed.slice(i, i + 200).join('y')}z`);
    const texts = [...lines, ...corpus.map((e) => e.text)];
    await duck.db.run('CREATE OR REPLACE TEMP TABLE fold_texts (i INTEGER, text VARCHAR)');
    for (let start = 0; start < texts.length; start += 200)
      await duck.db.run(
        `INSERT INTO fold_texts VALUES ${texts
          .slice(start, start + 200)
          .map((t, k) => `(${start + k}, ${literal(t)})`)
          .join(', ')}`,
      );

    // Act
    const rows = (await duck.db.runAndReadAll(`SELECT i, ${sqlFold('text')} FROM fold_texts ORDER BY i`)).getRows();

    // Assess
    expect(changed.length).toBeGreaterThan(1000);
    expect(rows.map(([, folded]) => folded)).toEqual(texts.map((t) => fold(t).text));
  });
});

describe('values that are legitimate although shaped like identifiers', () => {
  it.each([
    ['MST: 0901234567', 'phone', 'a tax code labelled (090 is a mobile prefix)'],
    ['Mã số thuế doanh nghiệp: 0906 123 456', 'phone', 'a tax code labelled, grouped'],
    ['0312345678-001', 'phone', 'a branch tax code'],
    ['UPC 036000291452', 'citizen-id', 'a labelled barcode (036 is a province code)'],
    ['Mã vạch: 036000291452', 'citizen-id', 'a labelled barcode'],
    ['Số lô: 079203001234', 'citizen-id', 'a labelled lot number'],
    ['Model: 0912345678', 'phone', 'a labelled model number'],
    ['Tổng đài: 028 3855 4269', 'phone', 'an organisation’s switchboard'],
    ['Fax: (024) 3825 1234', 'phone', 'a fax number'],
    ['Hotline 1900 6868', 'phone', 'a 1900 number'],
    ['Tổng kinh phí 1.036.000.000.000 đồng', 'citizen-id', 'an amount of money'],
    ['01/01/2020 - 31/12/2020', 'citizen-id', 'a period (010 is a province code)'],
    ['SĐK: 001210123423', 'citizen-id', 'a labelled registration number (US GS1 prefix 001)'],
    ['Passport series P1234567', 'passport', 'a product series'],
  ])('%s passes (%s; %s)', (text) => {
    expect(findIdentifiers(text)).toEqual([]);
  });

  it.each([
    ['Tổng đài: 0903 123 456', 'phone', 'a mobile number is personal whatever its label'],
    ['Hotline: 0903 123 456', 'phone', 'a mobile hotline'],
    ['ĐT: 028 3855 4269', 'phone', 'a landline without a label naming an organisation'],
    ['Tổng đài: 028 3855 4269 - 0903 123 456', 'phone', 'the mobile after a switchboard'],
    ['MST cá nhân: 079203001234', 'citizen-id', 'a personal tax code is the citizen ID since 2025'],
    ['MST: 0302560110, ĐT: 0903123456', 'phone', 'a phone after a tax code'],
    ['Số lô 12, CCCD 079203001234', 'citizen-id', 'a label blanks only its own value'],
    ['CCCD 079.203.001.234 đã cấp', 'citizen-id', 'no amount: numbers typed as identifiers start with 0'],
  ])('%s is still a hit (%s; %s)', (text, kind) => {
    expect(kindsIn(text)).toContain(kind);
  });

  it('names each rule', () => {
    expect(LEGITIMATE.map((l) => l.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/tax code/), expect.stringMatching(/barcode/)]),
    );
  });
});

describe('person-with-birth-date', () => {
  it.each([
    'người nhập khẩu Nguyễn Văn An, sinh ngày 12/05/1980',
    'Nguyễn Thị Mai (SN 1975)',
    'NGUYỄN VĂN AN, sinh năm 1980',
    'Họ tên: Lê Văn Bình; Ngày sinh: 03/04/1990',
    'Trần Văn C, sinh ngày 3 tháng 4 năm 1990',
    'Pham Van Duc, sinh ngay 12/05/1980',
  ])('is found: %s', (text) => {
    expect(kindsIn(text)).toEqual(['person-with-birth-date']);
  });

  it('reports the name and the date, masked, from where the name starts', () => {
    const text = 'người nhập khẩu Nguyễn Văn An, sinh ngày 12/05/1980';
    expect(findIdentifiers(text)).toEqual([{ kind: 'person-with-birth-date', masked: expect.stringMatching(/^Ng\*+80$/), index: 16 }]);
  });

  it.each([
    'sinh ngày 12/05/1980',
    'Bệnh viện Nguyễn Tri Phương, thành lập ngày 12/05/1903',
    'Nguyễn Văn An, cấp ngày 12/05/1980',
    'Nhà thuốc Minh Châu, SN 12 Trần Hưng Đạo',
    'người nhập khẩu, sinh ngày 12/05/1980',
  ])('is not found: %s', (text) => {
    expect(kindsIn(text)).toEqual([]);
  });
});

describe('the labelled corpus (test/fixtures/gate/labelled-corpus.json)', () => {
  it('is what scripts/make-gate-corpus.ts writes', () => {
    expect(readFileSync(CORPUS_FILE, 'utf8')).toBe(corpusDocument(buildLabelledCorpus()));
  });

  it('holds at least 300 identifiers, every kind, and 300 legitimate values', () => {
    const identifiers = corpus.filter((e) => e.kind !== null);
    expect(identifiers.length).toBeGreaterThanOrEqual(300);
    expect(corpus.length - identifiers.length).toBeGreaterThanOrEqual(300);
    expect(new Set(identifiers.map((e) => e.kind))).toEqual(new Set(IDENTIFIER_KINDS));
    for (const kind of IDENTIFIER_KINDS) expect(identifiers.filter((e) => e.kind === kind).length).toBeGreaterThanOrEqual(25);
  });

  it('JavaScript: recall 100 %, precision at least 99 %', () => {
    const m = measure(corpus, jsKinds(corpus.map((e) => e.text)));
    expect(m.misses).toEqual([]);
    expect(m.overallRecall).toBe(1);
    expect(m.precision).toBeGreaterThanOrEqual(0.99);
  });

  it('DuckDB: recall 100 %, precision at least 99 %, and the same kinds as JavaScript in every text', async () => {
    const texts = corpus.map((e) => e.text);
    const inSql = await sqlKinds(duck.db, texts);
    const m = measure(corpus, inSql);
    expect(m.misses).toEqual([]);
    expect(m.overallRecall).toBe(1);
    expect(m.precision).toBeGreaterThanOrEqual(0.99);
    expect(inSql).toEqual(jsKinds(texts));
  });

  it('JavaScript locates every hit inside its text', () => {
    for (const { text } of corpus) for (const h of locateIdentifiers(text)) expect(h.index).toBeLessThan(text.length);
  });
});
