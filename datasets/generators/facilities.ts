/**
 * Invented health facilities and companies.
 *
 * Each province gets a fixed roster of public facilities (provincial hospitals, regional health
 * centres), built from the province code alone, so the same names recur across rows and seeds the
 * way real facility names do; private facilities and commune health stations are drawn per row.
 */
import { placeName, type ProvinceInfo } from './geo.ts';
import { Rng, Weighted } from './random.ts';

/** Words for invented brand names of private facilities and companies. */
export const BRAND_WORDS = [
  'An Bình',
  'An Khang',
  'An Phúc',
  'An Tâm',
  'Bình An',
  'Đức Tâm',
  'Gia Hưng',
  'Hoàn Mỹ Xanh',
  'Hồng Phúc',
  'Hòa Hảo',
  'Hưng Thịnh',
  'Khánh An',
  'Kim Long',
  'Lạc Việt',
  'Minh Châu',
  'Minh Đức',
  'Mỹ Phúc',
  'Nam Việt',
  'Ngọc Lan',
  'Nhân Ái',
  'Phú Thịnh',
  'Phúc An',
  'Phương Đông',
  'Quang Minh',
  'Sao Mai',
  'Sông Hàn',
  'Tâm An',
  'Tâm Đức',
  'Tân Hưng',
  'Thái An',
  'Thành Công',
  'Thiên Phúc',
  'Thịnh Vượng',
  'Trường An',
  'Trường Sinh',
  'Việt Đức Xanh',
  'Vĩnh Phúc An',
  'Xuân Hòa',
  'Hạnh Phúc Mới',
  'Bông Sen',
  'Hoa Mai',
  'Trúc Xanh',
  'Bách Thảo',
  'Cẩm Tú',
  'Đại Phát',
  'Hải Âu',
  'Kim Ngân',
  'Lam Sơn',
  'Mặt Trời',
  'Ánh Dương',
  'Phù Sa',
  'Tràng An',
  'Thăng Long Mới',
  'Sài Gòn Xanh',
  'Cửu Long Xanh',
  'Tây Nguyên Xanh',
];

export type ProvinceFacilities = {
  /** `Bệnh viện Đa khoa tỉnh Nghệ An` / `Bệnh viện Đa khoa Thành phố Huế`. */
  general: string;
  /** `Bệnh viện Sản Nhi Nghệ An`, or `Bệnh viện Phụ sản …` in the big cities. */
  maternity: string;
  /** `Trung tâm Y tế khu vực Tân Phú`, 6–30 of them depending on population. */
  healthCentres: readonly string[];
  /** Private hospitals, 1–12. */
  privateHospitals: readonly string[];
};

const rosters = new Map<string, ProvinceFacilities>();

export function facilitiesOf(province: ProvinceInfo): ProvinceFacilities {
  let roster = rosters.get(province.code);
  if (!roster) {
    // Seeded by the province alone: the roster is the same whatever the export's seed.
    const rng = new Rng(Number(province.code) * 7919, 99);
    const city = province.name.startsWith('Thành phố ');
    const centres = new Set<string>();
    const wanted = Math.max(6, Math.min(30, Math.round(province.population / 250)));
    while (centres.size < wanted) centres.add(`Trung tâm Y tế khu vực ${placeName(rng)}`);
    const privates = new Set<string>();
    const wantedPrivate = Math.max(1, Math.min(12, Math.round(province.population / 800)));
    while (privates.size < wantedPrivate)
      privates.add(`Bệnh viện Đa khoa ${rng.pick(BRAND_WORDS)}${rng.chance(0.3) ? ` ${province.shortName}` : ''}`);
    roster = {
      general: city ? `Bệnh viện Đa khoa ${province.name}` : `Bệnh viện Đa khoa tỉnh ${province.shortName}`,
      maternity: province.population > 6000 ? `Bệnh viện Phụ sản ${province.shortName}` : `Bệnh viện Sản Nhi ${province.shortName}`,
      healthCentres: [...centres],
      privateHospitals: [...privates],
    };
    rosters.set(province.code, roster);
  }
  return roster;
}

const BIRTH_PLACE_KIND = new Weighted<'general' | 'maternity' | 'centre' | 'private' | 'station' | 'home'>([
  ['general', 22],
  ['maternity', 28],
  ['centre', 34],
  ['private', 11],
  ['station', 4],
  ['home', 1],
]);

/** Where a child was born: a hospital or health centre of the province, a commune station, or at home. */
export function birthPlace(rng: Rng, province: ProvinceInfo): string {
  const f = facilitiesOf(province);
  switch (BIRTH_PLACE_KIND.pick(rng)) {
    case 'general':
      return f.general;
    case 'maternity':
      return f.maternity;
    case 'centre':
      return rng.pick(f.healthCentres);
    case 'private':
      return rng.pick(f.privateHospitals);
    case 'station':
      return `Trạm Y tế ${rng.chance(0.7) ? 'xã' : 'phường'} ${placeName(rng)}`;
    default:
      return 'Tại nhà';
  }
}
