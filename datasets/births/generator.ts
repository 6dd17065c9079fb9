/**
 * Synthetic birth-registration export (khai sinh), national, births of 2025 (or, with `from` and
 * `until`, the certificates issued in those days, as an export sent on `until` holds them):
 * `HoTenTre,GioiTinh,NgaySinh,NgayCapGCS,CanNang,HoTenMe,SoCCCDMe,TuoiMe,NoiSinh,MaTinh`.
 *
 * `NgayCapGCS`, the day the birth certificate (giấy chứng sinh) was issued, is the birth day plus
 * 0–3 days for most rows, and for ~5 % a later day, up to 60 days (a long tail): late-December
 * births can have a certificate of 2026. It is drawn from a stream of its own (derived from the
 * seed), so the other columns are those the export had before the column was added.
 *
 * ≈ 112 boys per 100 girls; birth weight in grams, normal around 3100 (sd 450) with the rounding
 * to 100 or 50 g that registers show; mother's age 16–48, mode about 28, her citizen ID consistent
 * with her age; the place of birth a facility of the province (or `Tại nhà`). Every person invented.
 */
import { type DelaySpec, drawDelay, eventWindow, isoDate, yearOf } from '../generators/dates.ts';
import { birthPlace } from '../generators/facilities.ts';
import { geo } from '../generators/geo.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { familyName, fullName } from '../generators/names.ts';
import { birthDayForAge, person, sexLabel } from '../generators/people.ts';
import { Rng, streamOf } from '../generators/random.ts';
import { dailySample } from '../generators/sample-window.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';
import definition from './definition.ts';

export const COLUMNS = [
  'HoTenTre',
  'GioiTinh',
  'NgaySinh',
  'NgayCapGCS',
  'CanNang',
  'HoTenMe',
  'SoCCCDMe',
  'TuoiMe',
  'NoiSinh',
  'MaTinh',
] as const;
export type BirthRecord = Record<(typeof COLUMNS)[number], string>;

const YEAR = 2025;
const MALE_SHARE = 112 / 212;

/** Birth → certificate (NgayCapGCS): 0–3 days (the sooner the commoner), ~5 % 4–60 days. */
const CERTIFICATE_DELAY: DelaySpec = { usual: [0, 3, 2.5], lateShare: 0.05, late: [4, 60, 15] };

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
  checkOptions(opts, false, true);
  const { rng, canaries } = seededStreams('births', opts);
  const delays = new Rng(opts.seed, streamOf('births/NgayCapGCS'));
  const { residence } = geo();
  // Births of the window's days; a certificate issued on or after `until` is not in the export yet.
  const { first, days, until } = eventWindow(opts, YEAR);
  for (let i = 0; i < opts.rows;) {
    const province = residence.pick(rng);
    const sex = rng.chance(MALE_SHARE) ? 'M' : 'F';
    const born = first + rng.int(days);
    const weight = birthWeight(rng);
    const age = motherAge(rng);
    const mother = person(rng, province, 'F', birthDayForAge(rng, age, born));
    let child = fullName(
      rng,
      sex,
      yearOf(born),
      province.region,
      rng.chance(0.12) ? mother.name.split(' ')[0] : familyName(rng, province.region),
    );
    let motherName = mother.name;
    const canary = canaries.next();
    if (canary) {
      if (canary.chance(0.5)) child = withCanary(canary, child);
      else motherName = withCanary(canary, motherName);
    }
    const certified = born + drawDelay(delays, CERTIFICATE_DELAY);
    if (until !== undefined && certified >= until) continue;
    i++;
    yield {
      HoTenTre: child,
      GioiTinh: sexLabel(sex),
      NgaySinh: isoDate(born),
      NgayCapGCS: isoDate(certified),
      CanNang: String(weight),
      HoTenMe: motherName,
      SoCCCDMe: mother.citizenId,
      TuoiMe: String(age),
      NoiSinh: birthPlace(rng, province),
      MaTinh: province.code,
    };
  }
}

/**
 * The sample `npm start` lands: every birth certified from the first period published to the
 * last one due, 270 a day, enough for most published counts to be at least k.
 */
const BIRTHS_PER_DAY = 270;

const generatedSample = (asOf: Date): SampleSpec[] =>
  dailySample(definition, asOf, { stem: 'khai-sinh', perDay: BIRTHS_PER_DAY, seed: 2025_01 });

export const generator: DatasetGenerator = {
  id: 'births',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTenTre', 'HoTenMe'],
  rows,
  windowed: true,
  generatedSample,
};
