/**
 * Where synthetic people live and were registered: the 34 provinces weighted by rough population,
 * the 63 earlier provinces (whose codes prefix a citizen ID), invented place names and addresses.
 *
 * Populations are the 2019 census figures of the 63 earlier provinces, in thousands, rounded; a
 * merged province weighs the sum of its parts, so Hồ Chí Minh City (with Bình Dương and Bà Rịa -
 * Vũng Tàu) and Hà Nội come first, then the big merged provinces.
 */
import { loadOldProvinces, loadProvinces, type OldProvince, type Province } from '../../src/reference/provinces.ts';
import { normaliseForMatch } from '../../src/text.ts';
import type { Rng } from './random.ts';
import { Weighted } from './random.ts';

/** Population of each earlier province (2019 census, thousands), by its old code. */
const OLD_POPULATION: Readonly<Record<string, number>> = {
  '01': 8054,
  '02': 855,
  '04': 530,
  '06': 314,
  '08': 785,
  '10': 731,
  '11': 599,
  '12': 461,
  '14': 1249,
  '15': 822,
  '17': 855,
  '19': 1287,
  '20': 782,
  '22': 1321,
  '24': 1804,
  '25': 1464,
  '26': 1152,
  '27': 1369,
  '30': 1893,
  '31': 2029,
  '33': 1253,
  '34': 1861,
  '35': 853,
  '36': 1781,
  '37': 983,
  '38': 3641,
  '40': 3328,
  '42': 1289,
  '44': 896,
  '45': 633,
  '46': 1129,
  '48': 1134,
  '49': 1496,
  '51': 1232,
  '52': 1487,
  '54': 873,
  '56': 1232,
  '58': 591,
  '60': 1231,
  '62': 541,
  '64': 1514,
  '66': 1870,
  '67': 623,
  '68': 1297,
  '70': 995,
  '72': 1170,
  '74': 2456,
  '75': 3097,
  '77': 1149,
  '79': 8993,
  '80': 1689,
  '82': 1765,
  '83': 1289,
  '84': 1010,
  '86': 1023,
  '87': 1600,
  '89': 1908,
  '91': 1724,
  '92': 1236,
  '93': 734,
  '94': 1200,
  '95': 908,
  '96': 1194,
};

/** Short letters a provincial Department of Health puts in its licence/certificate numbers. */
const ABBREVIATION: Readonly<Record<string, string>> = {
  '01': 'HNO',
  '04': 'CB',
  '08': 'TQ',
  '11': 'DB',
  '12': 'LCH',
  '14': 'SL',
  '15': 'LCA',
  '19': 'TNG',
  '20': 'LS',
  '22': 'QNI',
  '24': 'BN',
  '25': 'PT',
  '31': 'HP',
  '33': 'HY',
  '37': 'NB',
  '38': 'TH',
  '40': 'NA',
  '42': 'HT',
  '44': 'QT',
  '46': 'HUE',
  '48': 'DNG',
  '51': 'QNG',
  '52': 'GL',
  '56': 'KH',
  '66': 'DLK',
  '68': 'LD',
  '75': 'DNI',
  '79': 'HCM',
  '80': 'TNI',
  '82': 'DT',
  '86': 'VL',
  '91': 'AG',
  '92': 'CT',
  '96': 'CM',
};

export type ProvinceInfo = Province & {
  /** The name without `Thành phố ` (`Hồ Chí Minh`, `Huế`, `Cao Bằng`). */
  shortName: string;
  abbreviation: string;
  population: number;
  /** 1 = north, 2 = centre and highlands, 3 = south (for name variants and seasonality). */
  region: 1 | 2 | 3;
  /** The earlier provinces it was formed from, weighted by population. */
  parts: Weighted<OldProvince>;
};

export type Geo = {
  provinces: readonly ProvinceInfo[];
  byCode: ReadonlyMap<string, ProvinceInfo>;
  /** A province of residence, by population. */
  residence: Weighted<ProvinceInfo>;
  /** Any earlier province, by population (for people registered elsewhere than they live). */
  anyOld: Weighted<OldProvince>;
};

let cache: Geo | undefined;

export function geo(): Geo {
  if (cache) return cache;
  const old = loadOldProvinces();
  for (const p of old) {
    if (OLD_POPULATION[p.oldCode] === undefined) throw new Error(`geo: no population for old province ${p.oldCode}`);
  }
  const provinces = loadProvinces().map((p): ProvinceInfo => {
    const mine = old.filter((o) => o.newCode === p.code);
    const abbreviation = ABBREVIATION[p.code];
    if (!abbreviation || mine.length === 0) throw new Error(`geo: no abbreviation or parts for province ${p.code}`);
    const code = Number(p.code);
    return {
      ...p,
      shortName: p.name.replace(/^Thành phố /, ''),
      abbreviation,
      population: mine.reduce((s, o) => s + (OLD_POPULATION[o.oldCode] ?? 0), 0),
      region: code <= 42 ? 1 : code <= 68 ? 2 : 3,
      parts: new Weighted(mine.map((o) => [o, OLD_POPULATION[o.oldCode] ?? 0] as const)),
    };
  });
  cache = {
    provinces,
    byCode: new Map(provinces.map((p) => [p.code, p])),
    residence: new Weighted(provinces.map((p) => [p, p.population] as const)),
    anyOld: new Weighted(old.map((o) => [o, OLD_POPULATION[o.oldCode] ?? 0] as const)),
  };
  return cache;
}

/** A province of residence weighted by population, with optional extra weight for some codes. */
export function residenceWeights(multipliers: Readonly<Record<string, number>>): Weighted<ProvinceInfo> {
  return new Weighted(geo().provinces.map((p) => [p, p.population * (multipliers[p.code] ?? 1)] as const));
}

/**
 * The earlier province where someone living in `province` was first registered (the citizen-ID
 * prefix): mostly one of the provinces it was formed from, sometimes (migration) any other.
 */
export function registrationProvince(rng: Rng, province: ProvinceInfo, migrationShare = 0.2): OldProvince {
  return rng.chance(migrationShare) ? geo().anyOld.pick(rng) : province.parts.pick(rng);
}

/** Syllables that make up invented ward, commune and street names. */
const PLACE_SYLLABLES = [
  'An',
  'Bình',
  'Phú',
  'Tân',
  'Hòa',
  'Thạnh',
  'Long',
  'Đông',
  'Tây',
  'Phước',
  'Mỹ',
  'Hưng',
  'Lộc',
  'Thuận',
  'Xuân',
  'Hiệp',
  'Thới',
  'Vĩnh',
  'Quang',
  'Trung',
  'Đức',
  'Hải',
  'Sơn',
  'Thủy',
  'Khánh',
  'Phong',
  'Thịnh',
  'Nghĩa',
  'Lâm',
  'Yên',
  'Định',
  'Hà',
  'Cát',
  'Thành',
  'Lợi',
  'Hội',
  'Tiến',
  'Mai',
  'Kim',
  'Ngọc',
  'Thanh',
  'Trà',
  'Lạc',
];

/** Street names (historical figures, events and common street words, none a living person). */
const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Quang Trung',
  'Lý Thường Kiệt',
  'Lê Duẩn',
  'Hùng Vương',
  'Nguyễn Huệ',
  'Phan Chu Trinh',
  'Phan Bội Châu',
  'Trần Phú',
  'Lê Lai',
  'Ngô Quyền',
  'Điện Biên Phủ',
  'Cách Mạng Tháng Tám',
  'Nguyễn Du',
  'Bà Triệu',
  'Lê Thánh Tông',
  'Trần Quốc Toản',
  'Nguyễn Thái Học',
  'Hoàng Diệu',
  'Lý Tự Trọng',
  'Võ Thị Sáu',
  'Nguyễn Văn Cừ',
  'Tôn Đức Thắng',
  'Lạc Long Quân',
  'Âu Cơ',
  'Ngô Gia Tự',
  'Chu Văn An',
  'Trường Chinh',
  'Lê Hồng Phong',
  'Mạc Đĩnh Chi',
  'Yết Kiêu',
  'Phạm Ngũ Lão',
  'Đinh Tiên Hoàng',
  'Lý Thái Tổ',
  'Trần Nhân Tông',
  '30 Tháng 4',
  '3 Tháng 2',
];

let placeNames: readonly string[] | undefined;

/**
 * An invented ward or commune name of two syllables (`Tân Phú`, `Hòa Lộc`), never the name of a
 * current or earlier province (so that an address names only its own province).
 */
export function placeName(rng: Rng): string {
  if (!placeNames) {
    const strip = (n: string): string => normaliseForMatch(n.replace(/^(Tỉnh|Thành phố) /, ''));
    const provinceLike = new Set([...loadProvinces().map((p) => strip(p.name)), ...loadOldProvinces().map((p) => strip(p.oldName))]);
    placeNames = PLACE_SYLLABLES.flatMap((a) => PLACE_SYLLABLES.filter((b) => b !== a).map((b) => `${a} ${b}`)).filter(
      (n) => !provinceLike.has(normaliseForMatch(n)),
    );
  }
  return rng.pick(placeNames);
}

/** `Phường X` in cities, `Xã X` elsewhere (the two-level administration from 2025-07-01). */
export function wardName(rng: Rng, province: ProvinceInfo): string {
  const urban = province.name.startsWith('Thành phố ') ? 0.75 : 0.3;
  return `${rng.chance(urban) ? 'Phường' : 'Xã'} ${placeName(rng)}`;
}

/** A street address: `123 Lê Lợi, Phường Tân Phú, Thành phố Hồ Chí Minh` or `Thôn 4, Xã Hòa Lộc, Nghệ An`. */
export function address(rng: Rng, province: ProvinceInfo): string {
  const ward = wardName(rng, province);
  const street =
    ward.startsWith('Xã') && rng.chance(0.6)
      ? `${rng.pick(['Thôn', 'Ấp', 'Xóm', 'Tổ'])} ${rng.range(1, 15)}`
      : `${rng.chance(0.2) ? `${rng.range(1, 300)}/${rng.range(1, 40)}` : rng.range(1, 999)} ${rng.pick(STREETS)}`;
  return `${street}, ${ward}, ${province.name}`;
}
