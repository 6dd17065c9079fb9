import { describe, expect, it } from 'vitest';
import { rows } from '../../datasets/medical-facilities/generator.ts';
import { provinceMatcher, provinceTableStatement } from '../../src/pipeline/province-match.ts';
import { cleanText } from '../../src/pipeline/transforms.ts';
import { ident, sql } from '../../src/sql.ts';
import { loadOldProvinces, loadProvinces, provinceAliases, resolveProvinceFromAddress } from '../../src/reference/provinces.ts';
import { inMemoryDuckDb } from '../support/duckdb.ts';

const duck = inMemoryDuckDb();

/** The SQL match for each address (cleaned as the engine cleans it), by address. */
async function sqlCodes(addresses: string[]): Promise<(string | null)[]> {
  await duck.db.run(`CREATE OR REPLACE TABLE raw_addresses (i INTEGER, a VARCHAR)`);
  const appender = await duck.db.createAppender('raw_addresses');
  addresses.forEach((a, i) => {
    appender.appendInteger(i);
    appender.appendVarchar(a);
    appender.endRow();
  });
  appender.closeSync();
  const matcher = provinceMatcher(provinceAliases());
  await duck.db.run(`DROP TABLE IF EXISTS province_alias`);
  await duck.db.run(matcher.createAliasTable);
  const result = await duck.db.runAndReadAll(
    `SELECT i, __alias_code FROM raw_addresses LEFT JOIN province_alias ON ${matcher.aliasIn(cleanText(ident('a')))} = __alias ORDER BY i`,
  );
  return result.getRows().map((r) => (r[1] === null ? null : String(r[1])));
}

/** The same, through the last-segment table first, as the registry engine reads it. */
async function sqlCodesBySegment(addresses: string[]): Promise<(string | null)[]> {
  await sqlCodes(addresses); // loads raw_addresses and province_alias
  const matcher = provinceMatcher(provinceAliases());
  await duck.db.run(`DROP TABLE IF EXISTS segment_t`);
  await duck.db.run(matcher.createSegmentTable('segment_t', cleanText(ident('a')), 'raw_addresses'));
  const result = await duck.db.runAndReadAll(
    `SELECT i, __alias_code FROM (SELECT i, ${cleanText(ident('a'))} AS c FROM raw_addresses)
       LEFT JOIN segment_t ON segment_t.__segment = regexp_extract(c, '[^,]*$')
       LEFT JOIN province_alias ON ${matcher.aliasUsingSegment(sql`c`, sql`segment_t.__segment_alias`)} = __alias
     ORDER BY i`,
  );
  return result.getRows().map((r) => (r[1] === null ? null : String(r[1])));
}

describe('provinceMatcher is the SQL twin of resolveProvinceFromAddress', () => {
  const names = [...loadProvinces().map((p) => p.name), ...loadOldProvinces().map((p) => p.oldName)];
  const handWritten = [
    '45 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh',
    'Số 12 Trần Phú, TP.Hồ Chí Minh',
    'Ấp Phước Lợi, xã Phước Hưng, huyện Long Điền, tỉnh Bà Rịa-Vũng Tàu',
    'Thị xã Sơn Tây (Hà Tây cũ), Hà Nội',
    'Đường Ninh Bình, Bắc Ninh',
    'Phường Ninh Bình, Ninh Bình',
    'Nam Định, Hà Nam',
    'Hà Nam, Nam Định',
    'Số 1, Việt Nam',
    'Không rõ',
    '',
    'ĐƯỜNG 3/2, QUẬN 10, TP. HCM',
    'Thừa Thiên Huế',
    'Khánh Hoà',
    'Tp Đà Nẵng (cũ: Quảng Nam)',
  ];
  // Every province name alone, after a street, and followed by another name or by a non-name.
  const combinations = names.flatMap((name, i) => [
    name,
    `Số ${i}, ${name}`,
    `${name}, ${names[(i * 7 + 3) % names.length]}`,
    `${name} - Việt Nam`,
  ]);
  const generated = [...rows({ rows: 3000, seed: 11 })].map((r) => r.DiaChi);

  it.each([
    ['hand-written addresses', handWritten],
    ['province names in combinations', combinations],
    ['generated facility addresses', generated],
  ])('agrees on %s, matched on every row and looked up by last segment', async (_, addresses) => {
    // Act
    const matched = await sqlCodes(addresses);
    const bySegment = await sqlCodesBySegment(addresses);

    // Assess
    const js = addresses.map((a) => resolveProvinceFromAddress(a)?.code ?? null);
    expect(matched).toEqual(js);
    expect(bySegment).toEqual(js);
    expect(js.filter((c) => c !== null).length).toBeGreaterThan(addresses.length / 2);
  });

  it('by last segment too: an alias across the last comma, a segment naming no province, or one not at the end', async () => {
    const addresses = [
      'Số 5, Thành phố, Hồ Chí Minh',
      'Bà Rịa, Vũng Tàu',
      'Hà Nội, Phường 3',
      'Hà Nội, TP Hồ Chí Minh cũ',
      'Cần Thơ,',
      'Đà Nẵng, Huế (chi nhánh)',
    ];
    expect(await sqlCodesBySegment(addresses)).toEqual(addresses.map((a) => resolveProvinceFromAddress(a)?.code ?? null));
  });

  it('can look up by last segment with the aliases in force: no alias ends another that names a different province', () => {
    const aliases = provinceAliases();
    const clashes = aliases.flatMap((a) =>
      aliases.filter((b) => a.alias.endsWith(` ${b.alias}`) && a.code !== b.code).map((b) => `${a.alias} / ${b.alias}`),
    );
    expect(clashes).toEqual([]);
  });

  it('prefers the alias that ends last, then the longest', async () => {
    const [last, longest] = await sqlCodes(['Hà Nội, TP Hồ Chí Minh', 'Bà Rịa - Vũng Tàu']);
    expect(last).toBe('79');
    expect(longest).toBe(resolveProvinceFromAddress('Bà Rịa - Vũng Tàu')?.code);
  });

  it('refuses an alias list that names two provinces with one alias', () => {
    expect(() =>
      provinceMatcher([
        { alias: 'ha noi', code: '01' },
        { alias: 'ha noi', code: '79' },
      ]),
    ).toThrow(/two provinces/);
  });
});

describe('provinceTableStatement', () => {
  it('creates province (code, name) with every province in force, quotes and all, and an empty table for none', async () => {
    const provinces = [...loadProvinces(), { code: '99', name: "Tỉnh 'thử'" }];
    await duck.db.run(`DROP TABLE IF EXISTS province`);
    await duck.db.run(provinceTableStatement(provinces));
    const rows = (await duck.db.runAndReadAll(`SELECT code, name FROM province ORDER BY code`)).getRows();
    expect(rows).toEqual(provinces.map((p) => [p.code, p.name]).sort((a, b) => a[0]!.localeCompare(b[0]!)));

    await duck.db.run(`DROP TABLE province`);
    await duck.db.run(provinceTableStatement([]));
    const columns = (
      await duck.db.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'province'`)
    ).getRows();
    expect(columns).toEqual([
      ['code', 'VARCHAR'],
      ['name', 'VARCHAR'],
    ]);
  });
});
