/**
 * Synthetic birth-registration export (khai sinh), national, births of 2025:
 * `HoTenTre,GioiTinh,NgaySinh,CanNang,HoTenMe,SoCCCDMe,TuoiMe,NoiSinh,MaTinh`.
 *
 * ≈ 112 boys per 100 girls; birth weight in grams, normal around 3100 (sd 450) with the rounding
 * to 100 or 50 g that registers show; mother's age 16–48, mode about 28, her citizen ID consistent
 * with her age; the place of birth a facility of the province (or `Tại nhà`). Every person invented.
 */
import { dayNumber, isoDate } from '../generators/dates.ts';
import { birthPlace } from '../generators/facilities.ts';
import { geo } from '../generators/geo.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { familyName, fullName } from '../generators/names.ts';
import { birthDayForAge, person, sexLabel } from '../generators/people.ts';
import type { Rng } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions } from '../generators/types.ts';

export const COLUMNS = ['HoTenTre', 'GioiTinh', 'NgaySinh', 'CanNang', 'HoTenMe', 'SoCCCDMe', 'TuoiMe', 'NoiSinh', 'MaTinh'] as const;
export type BirthRecord = Record<(typeof COLUMNS)[number], string>;

const YEAR = 2025;
const MALE_SHARE = 112 / 212;

/** Birth weight in grams, as a register writes it (often rounded to 100 or 50 g). */
function birthWeight(rng: Rng): number {
  const g = Math.min(5600, Math.max(500, rng.normal(3100, 450)));
  const r = rng.next();
  const step = r < 0.45 ? 100 : r < 0.65 ? 50 : 10;
  return Math.round(g / step) * step;
}

/** Mother's age at the birth: 16–48, mode ≈ 28. */
function motherAge(rng: Rng): number {
  for (;;) {
    const a = Math.round(rng.normal(28.3, 5.6));
    if (a >= 16 && a <= 48) return a;
  }
}

export function* rows(opts: GeneratorOptions): Generator<BirthRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('births', opts);
  const { residence } = geo();
  const first = dayNumber(YEAR, 1, 1);
  const days = dayNumber(YEAR + 1, 1, 1) - first;
  for (let i = 0; i < opts.rows; i++) {
    const province = residence.pick(rng);
    const sex = rng.chance(MALE_SHARE) ? 'M' : 'F';
    const born = first + rng.int(days);
    const weight = birthWeight(rng);
    const age = motherAge(rng);
    const mother = person(rng, province, 'F', birthDayForAge(rng, age, born));
    let child = fullName(rng, sex, YEAR, province.region, rng.chance(0.12) ? mother.name.split(' ')[0] : familyName(rng, province.region));
    let motherName = mother.name;
    const canary = canaries.next();
    if (canary) {
      if (canary.chance(0.5)) child = withCanary(canary, child);
      else motherName = withCanary(canary, motherName);
    }
    yield {
      HoTenTre: child,
      GioiTinh: sexLabel(sex),
      NgaySinh: isoDate(born),
      CanNang: String(weight),
      HoTenMe: motherName,
      SoCCCDMe: mother.citizenId,
      TuoiMe: String(age),
      NoiSinh: birthPlace(rng, province),
      MaTinh: province.code,
    };
  }
}

export const generator: DatasetGenerator = {
  id: 'births',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTenTre', 'HoTenMe'],
  rows,
  sample: { file: 'khai-sinh-2025.csv', rows: 600, seed: 2025_01 },
};
