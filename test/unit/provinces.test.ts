import { describe, expect, it } from 'vitest';
import {
  findProvince,
  loadOldProvinces,
  loadProvinces,
  provinceAliases,
  resolveProvinceFromAddress,
} from '../../src/reference/provinces.ts';
import { normaliseForMatch } from '../../src/text.ts';

const codeOf = (address: string | null): string | null => resolveProvinceFromAddress(address)?.code ?? null;

describe('province list', () => {
  it('holds the 34 provinces with unique two-digit codes and NFC names', () => {
    const provinces = loadProvinces();
    expect(provinces).toHaveLength(34);
    expect(new Set(provinces.map((p) => p.code)).size).toBe(34);
    for (const p of provinces) {
      expect(p.code).toMatch(/^\d{2}$/);
      expect(p.name).toBe(p.name.normalize('NFC'));
    }
    expect(findProvince('79')).toEqual({ code: '79', name: 'Thành phố Hồ Chí Minh' });
    expect(findProvince('46')?.name).toBe('Thành phố Huế');
    expect(findProvince('99')).toBeUndefined();
  });

  it('maps each of the 63 earlier provinces to an existing new code, covering all 34', () => {
    const old = loadOldProvinces();
    expect(old).toHaveLength(63);
    expect(new Set(old.map((p) => p.oldCode)).size).toBe(63);
    for (const p of old) {
      expect(findProvince(p.newCode)).toBeDefined();
      expect(p.oldName).toMatch(/^(Tỉnh|Thành phố) /);
      expect(p.oldName).toBe(p.oldName.normalize('NFC'));
    }
    expect(new Set(old.map((p) => p.newCode)).size).toBe(34);
    const byName = new Map(old.map((p) => [p.oldName, p.newCode]));
    expect(byName.get('Tỉnh Bình Dương')).toBe('79');
    expect(byName.get('Tỉnh Bà Rịa - Vũng Tàu')).toBe('79');
    expect(byName.get('Tỉnh Quảng Nam')).toBe('48');
    expect(byName.get('Tỉnh Hà Nam')).toBe('37');
  });
});

describe('normaliseForMatch', () => {
  it('folds case, accents, đ and punctuation', () => {
    expect(normaliseForMatch('  TP.Hồ Chí Minh ')).toBe('tp ho chi minh');
    expect(normaliseForMatch('Đà Nẵng')).toBe('da nang');
    expect(normaliseForMatch('\u00D0à Nẵng')).toBe('da nang'); // Ð look-alike
    expect(normaliseForMatch('Bà Rịa – Vũng Tàu')).toBe('ba ria vung tau');
    expect(normaliseForMatch('Thừa Thiên Huế'.normalize('NFD'))).toBe('thua thien hue');
    expect(normaliseForMatch('Số 12/3A, P.2')).toBe('so 12 3a p 2');
  });
});

describe('provinceAliases', () => {
  const aliases = provinceAliases();

  it('are normalised, unique, and each points to an existing province', () => {
    expect(new Set(aliases.map((a) => a.alias)).size).toBe(aliases.length);
    for (const { alias, code } of aliases) {
      expect(normaliseForMatch(alias)).toBe(alias);
      expect(findProvince(code)).toBeDefined();
    }
  });

  it('leaves out ambiguous short forms', () => {
    const set = new Set(aliases.map((a) => a.alias));
    for (const a of ['hn', 'hue', 'sg', 'dn', 'hp', 'tp']) expect(set.has(a)).toBe(false);
    for (const a of [
      'ho chi minh',
      'tp ho chi minh',
      'thanh pho ho chi minh',
      'tphcm',
      'tp hcm',
      'hcm',
      'binh duong',
      'tinh binh duong',
      'tp hue',
    ])
      expect(set.has(a)).toBe(true);
  });

  it('no alias lies inside an alias of another province (the last-end/longest rule would resolve it, but review any new one)', () => {
    const inside = aliases.flatMap((a) =>
      aliases
        .filter((b) => b.code !== a.code && b.alias !== a.alias && ` ${b.alias} `.includes(` ${a.alias} `))
        .map((b) => `${a.alias} ⊂ ${b.alias}`),
    );
    expect(inside).toEqual([]);
  });

  it('each alias, alone or inside a longer address, resolves to its own code', () => {
    for (const { alias, code } of aliases) {
      expect([alias, codeOf(alias)]).toEqual([alias, code]);
      expect([alias, codeOf(`12 Đường Số 3, Phường 4, ${alias}`)]).toEqual([alias, code]);
    }
  });
});

describe('resolveProvinceFromAddress', () => {
  it('resolves every written form of Hồ Chí Minh City, NFC and NFD', () => {
    const forms = [
      'TP Hồ Chí Minh',
      'TP.Hồ Chí Minh',
      'TP. Hồ Chí Minh',
      'Tp. Hồ Chí Minh',
      'tp.hồ chí minh',
      'Thành phố Hồ Chí Minh',
      'THÀNH PHỐ HỒ CHÍ MINH',
      'Hồ Chí Minh',
      'TP.HCM',
      'TPHCM',
      'Tp HCM',
      'HCM',
      'Ho Chi Minh City',
    ];
    for (const form of forms) {
      for (const text of [
        form,
        form.normalize('NFD'),
        `123 Nguyễn Trãi, Phường 2, Quận 5, ${form}`,
        `123 Nguyễn Trãi, Phường 2, Quận 5, ${form}`.normalize('NFD'),
      ]) {
        expect([text, codeOf(text)]).toEqual([text, '79']);
      }
    }
    expect(resolveProvinceFromAddress('45 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh')).toEqual({
      code: '79',
      name: 'Thành phố Hồ Chí Minh',
    });
  });

  it('resolves old province names to the province they became part of', () => {
    expect(codeOf('Số 5 Đại lộ Bình Dương, Phường Phú Hòa, TP Thủ Dầu Một, Bình Dương')).toBe('79');
    expect(codeOf('Số 5, Phường Phú Hòa, Tỉnh Bình Dương')).toBe('79');
    expect(codeOf('10 Lê Lợi, Phường Phú Hội, Thừa Thiên Huế')).toBe('46');
    expect(codeOf('10 Lê Lợi, Phường Phú Hội, TT-Huế')).toBe('46');
    expect(codeOf('10 Lê Lợi, Phường Phú Hội, TP Huế')).toBe('46');
    expect(codeOf('3 Trần Hưng Đạo, Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu')).toBe('79');
    expect(codeOf('3 Trần Hưng Đạo, Phường 1, TP Vũng Tàu, Bà Rịa–Vũng Tàu'.normalize('NFD'))).toBe('79');
    expect(codeOf('Thôn 2, Xã Sơn Đông, Thị xã Sơn Tây, Hà Tây')).toBe('01');
    expect(codeOf('Khối 3, Thị trấn Nam Phước, Huyện Duy Xuyên, Quảng Nam')).toBe('48');
    expect(codeOf('Phường Lê Lợi, TP Kon Tum, Tỉnh Kon Tum')).toBe('51');
    expect(codeOf('Xã Tân Lập, Huyện Đồng Phú, Bình Phước')).toBe('75');
  });

  it('lets the province named last win over a street named after another province', () => {
    expect(codeOf('12 đường Hà Nội, Phường X, TP Hồ Chí Minh')).toBe('79');
    expect(codeOf('120 Xa lộ Hà Nội, Phường Thảo Điền, Thành phố Hồ Chí Minh')).toBe('79');
    expect(codeOf('88 Hậu Giang, Phường 6, Quận 6, TP.HCM')).toBe('79');
    expect(codeOf('34 Điện Biên Phủ, Phường Thạc Gián, Đà Nẵng')).toBe('48');
    expect(codeOf('7 Phố Huế, Quận Hai Bà Trưng, Hà Nội')).toBe('01');
    expect(codeOf('21 Nguyễn Huệ, Phường Sài Gòn, TP Hồ Chí Minh')).toBe('79');
    expect(codeOf('5 Hải Phòng, Phường Thạch Thang, Quận Hải Châu, Đà Nẵng')).toBe('48');
  });

  it('does not confuse provinces sharing a word', () => {
    expect(codeOf('Phường Vũ Ninh, TP Bắc Ninh, Bắc Ninh')).toBe('24');
    expect(codeOf('Phường Đông Thành, Ninh Bình')).toBe('37');
    expect(codeOf('Phường Hai Bà Trưng, Phủ Lý, Hà Nam')).toBe('37');
    expect(codeOf('Phường Trần Hưng Đạo, Nam Định')).toBe('37');
    expect(codeOf('Phường Hồng Gai, Hạ Long, Quảng Ninh')).toBe('22');
    expect(codeOf('Phường Tân Thạnh, Tam Kỳ, Quảng Nam')).toBe('48');
    expect(codeOf('Phường Đồng Hới, Quảng Bình')).toBe('44');
    expect(codeOf('Phường 1, Đông Hà, Quảng Trị')).toBe('44');
    expect(codeOf('Phường Nghĩa Chánh, Quảng Ngãi')).toBe('51');
    expect(codeOf('Xã Tân An, Long An')).toBe('80');
    expect(codeOf('Phường Mỹ Bình, Long Xuyên, An Giang')).toBe('91');
    expect(codeOf('Phường Vĩnh Thanh, Rạch Giá, Kiên Giang')).toBe('91');
    expect(codeOf('Phường Minh Khai, Hà Giang')).toBe('08');
    expect(codeOf('Phường 5, Vị Thanh, Hậu Giang')).toBe('92');
    expect(codeOf('Phường 5, Mỹ Tho, Tiền Giang')).toBe('82');
  });

  it('returns null when no province is named', () => {
    expect(resolveProvinceFromAddress(null)).toBeNull();
    expect(resolveProvinceFromAddress('')).toBeNull();
    expect(resolveProvinceFromAddress('   ')).toBeNull();
    expect(resolveProvinceFromAddress('Số 9, Ngõ 4, Phường Trung Hòa')).toBeNull();
    expect(resolveProvinceFromAddress('12 Nguyễn Huệ, Phường Bến Nghé, Quận 1')).toBeNull();
    // Whole words only: `Hà Namxyz` or `Long Ann` name nothing.
    expect(resolveProvinceFromAddress('Khu Hà Namxyz, Long Ann')).toBeNull();
  });
});
