/**
 * Synthetic death-notification export (báo tử), national, deaths of 2025 (or, with `from` and
 * `until`, the notifications issued in those days, as an export sent on `until` holds them):
 * `HoTen,SoCCCD,NgaySinh,NgayTuVong,NgayBaoTu,GioiTinh,MaICD10,MaTinh`.
 *
 * `NgayBaoTu`, the day the death notification (giấy báo tử) was issued, is the day of death plus
 * 0–14 days for most rows, and for ~3 % a later day, up to 180 days: deaths of late 2025 can be
 * notified in 2026. It is drawn from a stream of its own (derived from the seed), so the other
 * columns are those the export had before the column was added.
 *
 * Ages mostly 60+, with infant deaths; slightly more deaths in the cold months; the underlying
 * cause an ICD-10 code chosen by age band (perinatal causes for infants, injuries for the young,
 * stroke, heart disease, cancers and COPD for the old), written as registers do: `I21.9`, `I219`
 * or just the category `I21`. Every person invented.
 */
import { dayNumber, type DelaySpec, drawDelay, eventWindow, isoDate, monthOf } from '../generators/dates.ts';
import { geo } from '../generators/geo.ts';
import { ICD10_COMMON, type Icd10Code, type Icd10Group } from '../generators/icd10.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { AgeDistribution, birthDayForAge, person, sexLabel } from '../generators/people.ts';
import { Rng, streamOf, Weighted } from '../generators/random.ts';
import { dailySample } from '../generators/sample-window.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';
import definition from './definition.ts';

export const COLUMNS = ['HoTen', 'SoCCCD', 'NgaySinh', 'NgayTuVong', 'NgayBaoTu', 'GioiTinh', 'MaICD10', 'MaTinh'] as const;
export type DeathRecord = Record<(typeof COLUMNS)[number], string>;

const YEAR = 2025;

/** Death → notification (NgayBaoTu): 0–14 days (mostly the first few), ~3 % 15–180 days. */
const NOTIFICATION_DELAY: DelaySpec = { usual: [0, 14, 4], lateShare: 0.03, late: [15, 180, 45] };

/** Share of deaths (%) by age band [from, to]: a few infants, most at 65 and over. */
const AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 2.5],
  [1, 4, 0.8],
  [5, 14, 1.2],
  [15, 29, 4],
  [30, 44, 6],
  [45, 54, 7],
  [55, 64, 13],
  [65, 74, 20],
  [75, 84, 25],
  [85, 94, 16],
  [95, 104, 3.5],
];
const DEATH_AGES = new AgeDistribution(
  Array.from({ length: 105 }, (_, age) => {
    const band = AGE_BANDS.find(([from, to]) => age >= from && age <= to);
    return band ? band[2] / (band[1] - band[0] + 1) : 0;
  }),
);

/** Relative deaths by month, January first (more in the cold months). */
const MONTH_WEIGHTS = [1.15, 1.1, 1.0, 0.95, 0.92, 0.92, 0.93, 0.93, 0.94, 0.98, 1.05, 1.13];

type Band = 'infant' | 'child' | 'young' | 'middle' | 'old';
const bandOf = (age: number): Band => (age === 0 ? 'infant' : age < 15 ? 'child' : age < 45 ? 'young' : age < 65 ? 'middle' : 'old');

/** Weight of each cause group by age band: infant, child (1–14), young (15–44), middle (45–64), old (65+). */
const GROUP_WEIGHTS: Readonly<Record<Icd10Group, readonly [number, number, number, number, number]>> = {
  stroke: [0, 0.5, 5, 20, 24],
  heart: [0, 0.5, 6, 16, 18],
  cancer: [0, 6, 14, 28, 14],
  'respiratory-chronic': [0, 0.5, 1, 5, 9],
  'respiratory-infection': [8, 10, 4, 4, 7],
  endocrine: [0, 0.5, 2, 5, 5],
  kidney: [0, 1, 3, 3, 3],
  digestive: [0, 1, 6, 7, 3],
  infection: [8, 12, 6, 3, 2],
  transport: [0, 14, 22, 5, 1.5],
  injury: [2, 22, 15, 5, 2.5],
  perinatal: [55, 0, 0, 0, 0],
  congenital: [20, 10, 1, 0, 0],
  'ill-defined': [3, 3, 3, 2, 6],
  'nervous-mental': [0, 4, 3, 2, 3],
  other: [1, 3, 3, 1, 1],
  maternal: [0, 0, 1.5, 0, 0],
};
const BANDS: readonly Band[] = ['infant', 'child', 'young', 'middle', 'old'];

/** Codes by group, each weighted; `maternal` only for women (men get `other` instead). */
const CODES_BY_GROUP = new Map<Icd10Group, Weighted<Icd10Code>>(
  [...new Set(ICD10_COMMON.map((c) => c.group))].map((g) => [
    g,
    new Weighted(ICD10_COMMON.filter((c) => c.group === g).map((c) => [c, c.weight] as const)),
  ]),
);
const GROUPS_BY_BAND = new Map<Band, Weighted<Icd10Group>>(
  BANDS.map((band, i) => [band, new Weighted(Object.entries(GROUP_WEIGHTS).map(([g, w]) => [g as Icd10Group, w[i] ?? 0] as const))]),
);

/** The cause as written in the export: `I21.9` (most), `I219` (dot dropped) or `I21` (category only). */
function writeCode(rng: Rng, code: string): string {
  const r = rng.next();
  if (r < 0.55) return code;
  if (r < 0.85) return code.replace('.', '');
  return code.slice(0, 3);
}

function cause(rng: Rng, age: number, female: boolean): string {
  let group = GROUPS_BY_BAND.get(bandOf(age))!.pick(rng);
  if (group === 'maternal' && !female) group = 'other';
  return writeCode(rng, CODES_BY_GROUP.get(group)!.pick(rng).code);
}

export function* rows(opts: GeneratorOptions): Generator<DeathRecord> {
  checkOptions(opts, false, true);
  const { rng, canaries } = seededStreams('deaths', opts);
  const delays = new Rng(opts.seed, streamOf('deaths/NgayBaoTu'));
  const { residence } = geo();
  const months = new Weighted(MONTH_WEIGHTS.map((w, i) => [i + 1, w] as const));
  // With a window: deaths on its days, by the months' weights; a notification issued on or after
  // `until` is not in the export yet.
  const window = opts.from === undefined ? undefined : eventWindow(opts, YEAR);
  const heaviest = Math.max(...MONTH_WEIGHTS);
  const dayOfDeath = (): number => {
    if (!window) {
      const month = months.pick(rng);
      return dayNumber(YEAR, month, 1) + rng.int(dayNumber(YEAR, month + 1, 1) - dayNumber(YEAR, month, 1));
    }
    for (;;) {
      const day = window.first + rng.int(window.days);
      if (rng.next() * heaviest < MONTH_WEIGHTS[monthOf(day) - 1]!) return day;
    }
  };
  for (let i = 0; i < opts.rows;) {
    const province = residence.pick(rng);
    const age = DEATH_AGES.pick(rng);
    const sex = rng.chance(age < 65 ? 0.6 : 0.5) ? 'M' : 'F';
    const died = dayOfDeath();
    const who = person(rng, province, sex, birthDayForAge(rng, age, died));
    const canary = canaries.next();
    const notified = died + drawDelay(delays, NOTIFICATION_DELAY);
    if (window?.until !== undefined && notified >= window.until) continue;
    i++;
    yield {
      HoTen: canary ? withCanary(canary, who.name) : who.name,
      SoCCCD: who.citizenId,
      NgaySinh: isoDate(who.birthDay),
      NgayTuVong: isoDate(died),
      NgayBaoTu: isoDate(notified),
      GioiTinh: sexLabel(sex),
      MaICD10: cause(rng, age, sex === 'F'),
      MaTinh: province.code,
    };
  }
}

/**
 * The sample `npm start` lands: every death notified from the first period published to the
 * last one due, 300 a day, enough for most published counts to be at least k.
 */
const DEATHS_PER_DAY = 300;

const generatedSample = (asOf: Date): SampleSpec[] =>
  dailySample(definition, asOf, { stem: 'bao-tu', perDay: DEATHS_PER_DAY, seed: 2025_02 });

export const generator: DatasetGenerator = {
  id: 'deaths',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTen'],
  rows,
  windowed: true,
  generatedSample,
};
