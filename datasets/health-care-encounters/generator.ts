/**
 * Synthetic insured-encounter export (dữ liệu đề nghị thanh toán BHYT, the summary table of
 * Decision 130/QĐ-BYT), as a province exports one month of it:
 * `MA_LK,MA_BN,HO_TEN,SO_CCCD,NGAY_SINH,GIOI_TINH,DIA_CHI,MATINH_CU_TRU,MA_THE_BHYT,MA_BENH_CHINH,
 * MA_BENH_KT,MA_KHOA,MA_LOAI_KCB,MA_CSKCB,CAP_CMKT,MA_TINH,NGAY_VAO,NGAY_RA,SO_NGAY_DTRI,
 * KET_QUA_DTRI,T_TONGCHI,T_BHTT,T_BNCCT`.
 *
 * With `province` and `month`, one province's export of one month (its facilities, discharges in
 * that month); with `month` alone, the whole country's month (provinces by population); without
 * `month`, the year 2025 (more encounters in the cold and rainy months).
 *
 * About 88 % outpatient encounters, 3 % day care, 9 % admissions. Each encounter is at a facility of
 * the province: a central hospital (only where there is one), provincial and district hospitals,
 * commune health stations; each province's roster of facility codes (five digits, opening with the
 * earlier province's code) is fixed by its code. Provinces label the level as the 2023 law does
 * (`Chuyên sâu`, `Cơ bản`, `Ban đầu`) or, a quarter of them, by the old tier (`Tuyến tỉnh`…), and
 * write dates as Decision 130 does (`yyyyMMddHHmm`) or, a fifth of them, `YYYY-MM-DD HH:MM:SS`. The
 * main diagnosis comes from a chapter drawn by care type (datasets/generators/diagnoses.ts) and is
 * written as `J06.9`, `J069` or `J06`; the patient's age and sex fit it (childbirth, the newborn).
 * Every person, card and facility invented.
 */
import { dayNumber, isoDate } from '../generators/dates.ts';
import { type CareType, type Chapter, DiagnosisDraw, ENCOUNTER_CHAPTERS } from '../generators/diagnoses.ts';
import { address, type Geo, geo, type ProvinceInfo } from '../generators/geo.ts';
import { bhytCard, type Canaries, seededStreams, withCanary } from '../generators/identifiers.ts';
import { AgeDistribution, birthDayForAge, person, POPULATION_AGES } from '../generators/people.ts';
import { Rng, Weighted } from '../generators/random.ts';
import { dueWindow } from '../generators/sample-window.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';
import { GROUPS } from '../health-insurance-coverage/generator.ts';
import definition from './definition.ts';

export const COLUMNS = [
  'MA_LK',
  'MA_BN',
  'HO_TEN',
  'SO_CCCD',
  'NGAY_SINH',
  'GIOI_TINH',
  'DIA_CHI',
  'MATINH_CU_TRU',
  'MA_THE_BHYT',
  'MA_BENH_CHINH',
  'MA_BENH_KT',
  'MA_KHOA',
  'MA_LOAI_KCB',
  'MA_CSKCB',
  'CAP_CMKT',
  'MA_TINH',
  'NGAY_VAO',
  'NGAY_RA',
  'SO_NGAY_DTRI',
  'KET_QUA_DTRI',
  'T_TONGCHI',
  'T_BHTT',
  'T_BNCCT',
] as const;
export type EncounterRecord = Record<(typeof COLUMNS)[number], string>;

const YEAR = 2025;

/** Share of encounters by care type (%). */
const CARE = new Weighted<CareType>([
  ['outpatient', 88],
  ['day', 3],
  ['inpatient', 9],
]);

/** MA_LOAI_KCB within a care type (Decision 130): visits, outpatient and chronic care; day care; admissions. */
const CARE_CODES: Readonly<Record<CareType, Weighted<number>>> = {
  outpatient: new Weighted([
    [1, 70],
    [2, 8],
    [5, 10],
    [7, 8],
    [8, 4],
  ]),
  day: new Weighted([[4, 1]]),
  inpatient: new Weighted([
    [3, 93],
    [9, 7],
  ]),
};

type Tier = 'central' | 'provincial' | 'district' | 'commune';

/** Where each care type is given (relative weights); central hospitals only in the provinces that have them. */
const TIER_WEIGHTS: Readonly<Record<CareType, Readonly<Record<Tier, number>>>> = {
  outpatient: { central: 4, provincial: 22, district: 44, commune: 30 },
  day: { central: 20, provincial: 45, district: 35, commune: 0 },
  inpatient: { central: 10, provincial: 40, district: 45, commune: 5 },
};

/** Central (national) hospitals by province: Hà Nội and Hồ Chí Minh City hold most. */
const CENTRAL_HOSPITALS: Readonly<Record<string, number>> = { '01': 12, '79': 8, '46': 1, '48': 2, '92': 1, '19': 1, '22': 1 };

/** Relative encounters by month, January first (more in the cold and rainy months). */
const MONTH_WEIGHTS = [1.05, 0.85, 1.0, 0.97, 0.98, 1.0, 1.03, 1.04, 1.02, 1.03, 1.02, 1.05];

/** Relative encounters by weekday, Sunday first: clinics are quiet at the weekend. */
const WEEKDAY_WEIGHTS: Readonly<Record<CareType, readonly number[]>> = {
  outpatient: [0.2, 1.1, 1.05, 1, 1, 1, 0.55],
  day: [0.05, 1, 1, 1, 1, 1, 0.3],
  inpatient: [0.6, 1, 1, 1, 1, 1.1, 0.8],
};

/** Encounters by age: the population weighted by use (young children and the old use care most). */
const USE_BY_AGE = (age: number): number => (age < 5 ? 2 : age < 15 ? 0.8 : age < 45 ? 0.7 : age < 60 ? 1.2 : age < 75 ? 2.2 : 2.5);
const PATIENT_AGES = new AgeDistribution(Array.from({ length: 100 }, (_, a) => USE_BY_AGE(a) * POPULATION_AGES.weight(a)));

/** Comorbidities written in MA_BENH_KT, `;`-separated. */
const SECONDARY = new Weighted<string>([
  ['I10', 30],
  ['E11.9', 15],
  ['E78.5', 15],
  ['K21.9', 6],
  ['K29.7', 8],
  ['M54.5', 5],
  ['J30.4', 3],
  ['N18.9', 3],
  ['I25.9', 4],
  ['D64.9', 2],
]);

/** KET_QUA_DTRI: 1 cured, 2 improved, 3 unchanged, 4 worse, 5 died, 6 severe (taken home), 7 not known. */
const OUTCOME: Readonly<Record<CareType, Weighted<string>>> = {
  outpatient: new Weighted([
    ['1', 20],
    ['2', 55],
    ['3', 23],
    ['4', 1],
    ['7', 1],
  ]),
  day: new Weighted([
    ['1', 10],
    ['2', 75],
    ['3', 14],
    ['4', 1],
  ]),
  inpatient: new Weighted([
    ['1', 30],
    ['2', 61],
    ['3', 4],
    ['4', 3],
    ['5', 0.5],
    ['6', 1.5],
  ]),
};

/** Department (MA_KHOA, invented codes of the `K##` form) by chapter of the main diagnosis, for admissions. */
const WARD: Readonly<Record<string, string>> = {
  I: 'K16',
  II: 'K25',
  V: 'K21',
  VI: 'K04',
  VII: 'K29',
  VIII: 'K27',
  X: 'K03',
  XI: 'K06',
  XII: 'K23',
  XIII: 'K24',
  XIV: 'K28',
  XV: 'K30',
  XVI: 'K32',
  XVII: 'K31',
  XIX: 'K19',
  XX: 'K19',
  IX: 'K03',
  IV: 'K03',
};

/** Cost in VND: median of an outpatient visit or day-care session, or of one inpatient day, by tier. */
const COST: Readonly<Record<CareType, Readonly<Record<Tier, number>>>> = {
  outpatient: { central: 650_000, provincial: 320_000, district: 180_000, commune: 60_000 },
  day: { central: 2_400_000, provincial: 1_300_000, district: 800_000, commune: 300_000 },
  inpatient: { central: 3_000_000, provincial: 1_300_000, district: 700_000, commune: 150_000 },
};

/** Share of the cost the fund pays, by the benefit level (third character of the card number). */
const COVERAGE = [0, 1, 1, 0.95, 0.8, 1];

type Facility = { code: string; tier: Tier };

type Roster = {
  /** Facilities of each tier, with the earlier province they are in. */
  byTier: Readonly<Record<Tier, readonly Facility[]>>;
  /** Tiers by care type in this province (no central tier where there is no central hospital). */
  tiers: Readonly<Record<CareType, Weighted<Tier>>>;
  /** How the province writes the level and the dates. */
  oldTiers: boolean;
  isoDates: boolean;
};

const rosters = new Map<string, Roster>();

/**
 * A province's facilities, fixed by its code (not by the export's seed): per earlier province a
 * general and three specialist provincial hospitals (`xx001`–`xx004`), district hospitals and
 * health centres (`xx1nn`), commune stations (`xx3nn`–`xx8nn`); central hospitals (`xx9nn`) in
 * the first earlier province.
 */
function rosterOf(province: ProvinceInfo): Roster {
  let roster = rosters.get(province.code);
  if (roster) return roster;
  const rng = new Rng(Number(province.code) * 104_729, 131);
  const byTier: Record<Tier, Facility[]> = { central: [], provincial: [], district: [], commune: [] };
  const parts = [...province.parts.values];
  const populationOf = geo().byCode.get(province.code)!.population / parts.length;
  parts.forEach((part, i) => {
    const pad = (n: number) => String(n).padStart(3, '0');
    if (i === 0)
      for (let n = 1; n <= (CENTRAL_HOSPITALS[province.code] ?? 0); n++)
        byTier.central.push({ code: `${part.oldCode}${900 + n}`, tier: 'central' });
    for (let n = 1; n <= 4; n++) byTier.provincial.push({ code: `${part.oldCode}${pad(n)}`, tier: 'provincial' });
    const districts = Math.max(5, Math.min(99, Math.round(populationOf / 120)));
    for (let n = 1; n <= districts; n++) byTier.district.push({ code: `${part.oldCode}${100 + n}`, tier: 'district' });
    const communes = Math.max(40, Math.min(599, Math.round(populationOf / 9)));
    for (let n = 0; n < communes; n++) byTier.commune.push({ code: `${part.oldCode}${300 + n}`, tier: 'commune' });
  });
  const central = byTier.central.length > 0;
  const tiers = Object.fromEntries(
    (['outpatient', 'day', 'inpatient'] as const).map((care) => [
      care,
      new Weighted(
        (Object.entries(TIER_WEIGHTS[care]) as Array<[Tier, number]>).map(
          ([tier, w]) => [tier, tier === 'central' ? (central ? w * 2.5 : 0) : w] as const,
        ),
      ),
    ]),
  ) as Record<CareType, Weighted<Tier>>;
  roster = { byTier, tiers, oldTiers: rng.chance(0.25), isoDates: rng.chance(0.2) };
  rosters.set(province.code, roster);
  return roster;
}

/** CAP_CMKT as the province writes it: the 2023 level (a big province's general hospital is specialised) or the old tier. */
function levelLabel(facility: Facility, province: ProvinceInfo, oldTiers: boolean): string {
  if (oldTiers)
    return { central: 'Tuyến trung ương', provincial: 'Tuyến tỉnh', district: 'Tuyến huyện', commune: 'Tuyến xã' }[facility.tier];
  if (facility.tier === 'central') return 'Chuyên sâu';
  if (facility.tier === 'provincial') return facility.code.endsWith('001') && province.population > 2500 ? 'Chuyên sâu' : 'Cơ bản';
  return facility.tier === 'commune' ? 'Ban đầu' : 'Cơ bản';
}

/** The diagnosis as written: `J06.9` (most), `J069` (dot dropped) or `J06` (category only). */
function writeCode(rng: Rng, code: string): string {
  const r = rng.next();
  if (r < 0.55) return code;
  if (r < 0.85) return code.replace('.', '');
  return code.slice(0, 3);
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `yyyyMMddHHmm` (Decision 130) or `YYYY-MM-DD HH:MM:SS`. */
function stamp(day: number, minuteOfDay: number, iso: boolean): string {
  const d = isoDate(day);
  const hh = two(Math.floor(minuteOfDay / 60));
  const mm = two(minuteOfDay % 60);
  return iso ? `${d} ${hh}:${mm}:00` : `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${hh}${mm}`;
}

/** Days of the month weighted by weekday, per care type. */
function daysOf(year: number, month: number): Record<CareType, Weighted<number>> {
  const first = dayNumber(year, month, 1);
  const days = dayNumber(year, month + 1, 1) - first;
  const weekday = (d: number) => new Date(Date.UTC(year, month - 1, 1 + d - first)).getUTCDay();
  return Object.fromEntries(
    (['outpatient', 'day', 'inpatient'] as const).map((care) => [
      care,
      new Weighted(Array.from({ length: days }, (_, i) => [first + i, WEEKDAY_WEIGHTS[care][weekday(first + i)]!] as const)),
    ]),
  ) as Record<CareType, Weighted<number>>;
}

/** Card letters and benefit level for a patient of this age (the insurance snapshot's beneficiary types). */
const BENEFICIARIES = GROUPS.flatMap((g) =>
  g.types.map(([letters, level, weight, min, max]) => ({ letters, level, weight: weight * g.share, min, max })),
);
const BENEFICIARIES_BY_AGE = Array.from(
  { length: 100 },
  (_, age) => new Weighted(BENEFICIARIES.filter((b) => age >= b.min && age <= b.max).map((b) => [b, b.weight] as const)),
);

/** Level of care (the published `facility_level`) as a facility's CAP_CMKT reads. */
type Level = 'specialised' | 'basic' | 'primary';
const levelOf = (facility: Facility, province: ProvinceInfo, roster: Roster): Level => {
  const label = levelLabel(facility, province, roster.oldTiers);
  return label === 'Chuyên sâu' || label === 'Tuyến trung ương'
    ? 'specialised'
    : label === 'Ban đầu' || label === 'Tuyến xã'
      ? 'primary'
      : 'basic';
};

/** The chapter groups of the table by province (the definition's `chapter_group`), each with its chapters. */
const CHAPTER_GROUPS: ReadonlyArray<{ code: string; chapters: readonly Chapter[] }> = (() => {
  const source = definition.kind === 'aggregate' ? definition.dimensions.find((d) => d.name === 'chapter_group')?.source : undefined;
  if (source?.kind !== 'group') throw new Error('chapter_group is not a grouping of the chapters');
  return source.groups.map((group) => ({
    code: group.code,
    chapters: ENCOUNTER_CHAPTERS.filter((c) => group.members.includes(c.chapter)),
  }));
})();

/**
 * With `strata`: how many chapter groups each care type's encounters of a province are spread
 * over (all for outpatient care; for day and inpatient care drawn by their shares), and the fewest
 * encounters in any stratum that has some.
 */
const STRATA_GROUPS: Readonly<Record<CareType, number>> = { outpatient: 14, day: 5, inpatient: 8 };
const STRATUM_MIN = 11;

/** The care types, with their shares of encounters (%). */
const CARE_SHARES: ReadonlyArray<readonly [CareType, number]> = [
  ['outpatient', 88],
  ['day', 3],
  ['inpatient', 9],
];

/** Each chapter group's share of a care type's encounters, and its chapters' shares. */
const GROUPS_BY_CARE = Object.fromEntries(
  CARE_SHARES.map(([care]) => [
    care,
    CHAPTER_GROUPS.map((g) => ({ code: g.code, share: g.chapters.reduce((n, c) => n + c.share[care], 0), chapters: g.chapters })),
  ]),
) as Record<CareType, Array<{ code: string; share: number; chapters: readonly Chapter[] }>>;

/** `count` of the items drawn without replacement, by weight. */
function drawWithout<T>(rng: Rng, items: ReadonlyArray<T>, weight: (item: T) => number, count: number): T[] {
  const left = [...items];
  const out: T[] = [];
  while (out.length < count && left.length > 0) {
    const i = new Weighted(left.map((item, k) => [k, weight(item)] as const)).pick(rng);
    out.push(left[i]!);
    left.splice(i, 1);
  }
  return out;
}

/** A province's part of a national month of `rows` encounters, by population. */
function provinceShare(rows: number, province: ProvinceInfo): number {
  const g = geo();
  const total = g.provinces.reduce((n, p) => n + p.population, 0);
  return (rows * province.population) / total;
}

/** `total` split by weight, each part at least `min` (largest remainders first); total ≥ min × parts. */
function apportion(total: number, weights: readonly number[], min: number): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  const free = total - min * weights.length;
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => min + Math.floor(x));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - parts.reduce((n, p) => n + p, 0); k < left; k++) parts[order[k]![1]]!++;
  return parts;
}

/** Shuffles in place (Fisher–Yates). */
function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Encounters of one province, care type, chapter group and level of care (a stratum), and where. */
type Stratum = {
  province: ProvinceInfo;
  care: CareType;
  group: string;
  level: Level;
  count: number;
  /** The province's facilities of the stratum's level that give this care, weighted as a drawn encounter's. */
  facilities: Weighted<{ tier: Tier; facility: Facility }>;
};

/** A province's facilities for a care type by level of care, each weighted as a drawn encounter's would be. */
const levelCache = new Map<string, Array<{ level: Level; facilities: Weighted<{ tier: Tier; facility: Facility }>; weight: number }>>();
function levelsOf(province: ProvinceInfo, care: CareType) {
  const key = `${province.code}|${care}`;
  let cached = levelCache.get(key);
  if (cached) return cached;
  const roster = rosterOf(province);
  const levels = new Map<Level, Array<readonly [{ tier: Tier; facility: Facility }, number]>>();
  for (const tier of ['central', 'provincial', 'district', 'commune'] as const) {
    const facilities = roster.byTier[tier];
    const weight = TIER_WEIGHTS[care][tier] * (tier === 'central' ? 2.5 : 1);
    if (weight === 0 || facilities.length === 0) continue;
    for (const facility of facilities) {
      const level = levelOf(facility, province, roster);
      let list = levels.get(level);
      if (!list) levels.set(level, (list = []));
      list.push([{ tier, facility }, weight / facilities.length] as const);
    }
  }
  cached = [...levels].map(([level, facilities]) => ({
    level,
    facilities: new Weighted(facilities),
    weight: facilities.reduce((w, [, x]) => w + x, 0),
  }));
  levelCache.set(key, cached);
  return cached;
}

/**
 * A province's strata with `strata`: about `rows` encounters, as many of each care type as the
 * national mix gives, but at least STRATUM_MIN in each of the care type's chapter groups (drawn
 * by their shares, STRATA_GROUPS of them), then more in the busier months (`season`, 1 in the
 * quietest) and a few more or less at random; each group's encounters at one level of care, the
 * groups shared out so that every level the province has for the care type gets one or more, as
 * near its share as whole groups allow.
 */
function strataOf(rng: Rng, province: ProvinceInfo, rows: number, season: number): Stratum[] {
  const out: Stratum[] = [];
  for (const [care, careShare] of CARE_SHARES) {
    const byLevel = levelsOf(province, care).map((l) => ({ ...l, count: 0 }));
    const totalWeight = byLevel.reduce((w, l) => w + l.weight, 0);
    const groups = drawWithout(rng, GROUPS_BY_CARE[care], (g) => g.share, STRATA_GROUPS[care]);
    const least = STRATUM_MIN * groups.length;
    const n = Math.max(least, Math.round(Math.max(least, (rows * careShare) / 100) * season * (0.95 + 0.1 * rng.next())));
    const counts = apportion(
      n,
      groups.map((g) => g.share),
      STRATUM_MIN,
    );
    // Whole groups to levels, in the drawn order: each to the level furthest below its share,
    // except that the last groups go to the levels that have none yet.
    groups.forEach((group, i) => {
      const empty = byLevel.filter((l) => l.count === 0);
      const candidates = groups.length - i <= empty.length ? empty : byLevel;
      const level = candidates.reduce((a, b) => ((b.weight / totalWeight) * n - b.count > (a.weight / totalWeight) * n - a.count ? b : a));
      level.count += counts[i]!;
      out.push({ province, care, group: group.code, level: level.level, count: counts[i]!, facilities: level.facilities });
    });
  }
  return out;
}

/**
 * The chapters of every stratum of a month's export: the encounters of a care type, chapter group
 * and level, summed over the provinces, shared out among the group's chapters by their shares,
 * STRATUM_MIN or more to each chapter that gets any (the rarest get none when there are too few),
 * then dealt at random to the strata. The national table by chapter then holds no count under k.
 */
function chaptersOf(rng: Rng, strata: readonly Stratum[]): Chapter[][] {
  const byKey = new Map<string, number[]>();
  strata.forEach((s, i) => {
    const key = `${s.care}|${s.group}|${s.level}`;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const out: Chapter[][] = strata.map(() => []);
  for (const members of byKey.values()) {
    const { care, group } = strata[members[0]!]!;
    const total = members.reduce((n, i) => n + strata[i]!.count, 0);
    const chapters = [...GROUPS_BY_CARE[care].find((g) => g.code === group)!.chapters]
      .filter((c) => c.share[care] > 0)
      .sort((a, b) => b.share[care] - a.share[care]);
    // The commonest chapters that can each have STRATUM_MIN, and of those only the ones whose share would.
    let kept = chapters.slice(0, Math.max(1, Math.floor(total / STRATUM_MIN)));
    for (;;) {
      const sum = kept.reduce((n, c) => n + c.share[care], 0);
      const fewer = kept.filter((c) => (total * c.share[care]) / sum >= STRATUM_MIN);
      if (fewer.length === kept.length || fewer.length === 0) break;
      kept = fewer;
    }
    const counts = apportion(
      total,
      kept.map((c) => c.share[care]),
      Math.min(STRATUM_MIN, Math.floor(total / kept.length)),
    );
    const dealt = shuffle(
      rng,
      kept.flatMap((c, k) => Array.from({ length: counts[k]! }, () => c)),
    );
    let next = 0;
    for (const i of members) out[i] = dealt.slice(next, (next += strata[i]!.count));
  }
  return out;
}

export function* rows(opts: GeneratorOptions): Generator<EncounterRecord> {
  checkOptions(opts, true);
  // Each province's and month's export draws from a stream of its own: with one seed for a whole
  // backfill, the exports are independent, not the same draws relabelled.
  const { rng, canaries } = seededStreams(['health-care-encounters', opts.province, opts.month].filter(Boolean).join('/'), opts);
  const g = geo();
  const only = opts.province === undefined ? undefined : g.byCode.get(opts.province);
  if (opts.province !== undefined && !only) throw new RangeError(`province must be the code of a province in force, got ${opts.province}`);
  const [year, fixedMonth] =
    opts.month === undefined ? [YEAR, undefined] : [Number(opts.month.slice(0, 4)), Number(opts.month.slice(5, 7))];
  const months = new Weighted(MONTH_WEIGHTS.map((w, i) => [i + 1, w] as const));
  const calendar = new Map<number, Record<CareType, Weighted<number>>>();
  const daysOfMonth = (month: number): Record<CareType, Weighted<number>> => {
    let days = calendar.get(month);
    if (!days) calendar.set(month, (days = daysOf(year, month)));
    return days;
  };
  const diagnoses = new DiagnosisDraw();
  const draw: Draw = { rng, canaries, g, year };
  if (opts.strata) {
    // Every province's strata first, so that the chapters can be shared out over the country's.
    const season = MONTH_WEIGHTS[fixedMonth! - 1]! / Math.min(...MONTH_WEIGHTS);
    const strata = (only ? [only] : g.provinces).flatMap((p) => strataOf(rng, p, only ? opts.rows : provinceShare(opts.rows, p), season));
    const chapters = chaptersOf(rng, strata);
    let i = 0;
    for (const province of only ? [only] : g.provinces) {
      const encounters = strata.flatMap((s, k) => (s.province === province ? chapters[k]!.map((chapter) => ({ s, chapter })) : []));
      for (const { s, chapter } of shuffle(rng, encounters)) {
        const { tier, facility } = s.facilities.pick(rng);
        const loai = s.care === 'inpatient' && tier === 'commune' ? 6 : CARE_CODES[s.care].pick(rng);
        const code = diagnoses.codes.get(chapter.chapter)!.pick(rng);
        const month = fixedMonth!;
        yield encounter(draw, i++, {
          province,
          roster: rosterOf(province),
          care: s.care,
          tier,
          facility,
          loai,
          chapter,
          code,
          month,
          days: daysOfMonth(month),
        });
      }
    }
    return;
  }
  for (let i = 0; i < opts.rows; i++) {
    const province = only ?? g.residence.pick(rng);
    const roster = rosterOf(province);
    const care = CARE.pick(rng);
    const tier = roster.tiers[care].pick(rng);
    const facility = rng.pick(roster.byTier[tier]);
    const loai = care === 'inpatient' && tier === 'commune' ? 6 : CARE_CODES[care].pick(rng);
    const chapter = diagnoses.chapters[care].pick(rng);
    const code = diagnoses.codes.get(chapter.chapter)!.pick(rng);
    const month = fixedMonth ?? months.pick(rng);
    yield encounter(draw, i, { province, roster, care, tier, facility, loai, chapter, code, month, days: daysOfMonth(month) });
  }
}

/** What an export draws from. */
type Draw = { rng: Rng; canaries: Canaries; g: Geo; year: number };

/** One encounter's facility, care and diagnosis, chosen; its month and that month's days by care type. */
type Encounter = {
  province: ProvinceInfo;
  roster: Roster;
  care: CareType;
  tier: Tier;
  facility: Facility;
  loai: number;
  chapter: Chapter;
  code: string;
  month: number;
  days: Record<CareType, Weighted<number>>;
};

/** The claim record of an encounter: its dates and stay, the patient, the card, the costs (the `i`-th of the export). */
function encounter(
  { rng, canaries, g, year }: Draw,
  i: number,
  { province, roster, care, tier, facility, loai, chapter, code, month, days }: Encounter,
): EncounterRecord {
  const discharged = days[care].pick(rng);
  let stay = 0;
  if (care === 'inpatient' && loai === 3) stay = Math.min(90, Math.max(1, Math.round(Math.exp(rng.normal(1.55, 0.6)))));
  else if (loai === 6) stay = rng.range(1, 3);
  else if (loai === 5 || loai === 8) stay = rng.chance(0.2) ? rng.range(1, 30) : 0;
  const admitted = discharged - stay;
  const startMinute = care === 'inpatient' && stay > 0 ? rng.range(0, 1439) : rng.range(7 * 60, 16 * 60 + 30);
  const endMinute =
    stay > 0
      ? rng.range(8 * 60, 17 * 60)
      : Math.min(23 * 60 + 59, startMinute + (care === 'outpatient' ? rng.range(20, 240) : rng.range(180, 540)));

  // The patient: age and sex fit the diagnosis; most live in the province.
  let age: number;
  let female: boolean;
  if (chapter.chapter === 'XV') {
    age = rng.range(18, 44);
    female = true;
  } else if (chapter.chapter === 'XVI') {
    age = 0;
    female = rng.chance(0.47);
  } else {
    age = chapter.chapter === 'XVII' ? PATIENT_AGES.pick(rng, 0, 14) : PATIENT_AGES.pick(rng);
    female = rng.chance(
      code.startsWith('N40') || code.startsWith('C61') || code.startsWith('Q53') ? 0 : /^(N7|N9|N60|D25|C53|C50)/.test(code) ? 1 : 0.55,
    );
  }
  const residence = rng.chance(0.94) ? province : g.residence.pick(rng);
  const who = person(rng, residence, female ? 'F' : 'M', birthDayForAge(rng, age, admitted));
  const card = BENEFICIARIES_BY_AGE[Math.min(age, 99)]!.pick(rng);
  const total = Math.round((COST[care][tier] * (care === 'inpatient' ? Math.max(1, stay) : 1) * Math.exp(rng.normal(0, 0.6))) / 100) * 100;
  const paid = Math.round(total * (COVERAGE[card.level] ?? 0.8));

  let secondary = '';
  const extra = rng.next();
  // Comorbidities come with age: none for children, most often after 60.
  const count = age < 30 ? 0 : extra < (age < 60 ? 0.6 : 0.3) ? 0 : extra < 0.8 ? 1 : extra < 0.95 ? 2 : 3;
  for (let k = 0; k < count; k++) {
    const s = SECONDARY.pick(rng);
    if (s !== code && !secondary.includes(s)) secondary += `${secondary ? ';' : ''}${s}`;
  }

  let name = who.name;
  let where = address(rng, residence);
  const canary = canaries.next();
  if (canary) {
    if (canary.chance(0.5)) name = withCanary(canary, name);
    else where = withCanary(canary, where, name);
  }
  const birth = isoDate(who.birthDay);
  return {
    MA_LK: `${facility.code}${String(year % 100)}${two(month)}${String(i).padStart(8, '0')}`,
    MA_BN: String(rng.int(100_000_000)).padStart(8, '0'),
    HO_TEN: name,
    SO_CCCD: who.citizenId,
    NGAY_SINH: roster.isoDates ? birth : `${birth.slice(0, 4)}${birth.slice(5, 7)}${birth.slice(8, 10)}0000`,
    GIOI_TINH: female ? '2' : '1',
    DIA_CHI: where,
    MATINH_CU_TRU: residence.code,
    MA_THE_BHYT: bhytCard(rng, card.letters, card.level, residence.code),
    MA_BENH_CHINH: writeCode(rng, code),
    MA_BENH_KT: secondary,
    MA_KHOA: care === 'outpatient' ? 'K01' : (WARD[chapter.chapter] ?? 'K03'),
    MA_LOAI_KCB: String(loai),
    MA_CSKCB: facility.code,
    CAP_CMKT: levelLabel(facility, province, roster.oldTiers),
    MA_TINH: province.code,
    NGAY_VAO: stamp(admitted, startMinute, roster.isoDates),
    NGAY_RA: stamp(discharged, stay > 0 ? endMinute : Math.max(endMinute, startMinute), roster.isoDates),
    SO_NGAY_DTRI: String(care === 'outpatient' ? stay : care === 'day' ? 1 : stay + 1),
    KET_QUA_DTRI: OUTCOME[care].pick(rng),
    T_TONGCHI: String(total),
    T_BHTT: String(paid),
    T_BNCCT: String(total - paid),
  };
}

/**
 * The sample `npm start` lands: a national export of each month due (`<YYYY-MM>/` in the landing
 * bucket), drawn by strata, of about ENCOUNTERS_PER_MONTH encounters before each stratum is raised
 * to its minimum.
 */
const ENCOUNTERS_PER_MONTH = 6000;

function generatedSample(asOf: Date): SampleSpec[] {
  return (dueWindow(definition, asOf)?.periods ?? []).map((month) => ({
    file: `${month}/bhyt-toan-quoc-${month}.csv`,
    rows: ENCOUNTERS_PER_MONTH,
    seed: 2025_13_10,
    month,
    strata: true,
  }));
}

export const generator: DatasetGenerator = {
  id: 'health-care-encounters',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HO_TEN', 'DIA_CHI'],
  rows,
  partitioned: true,
  generatedSample,
};
