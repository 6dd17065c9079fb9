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
import { type CareType, DiagnosisDraw } from '../generators/diagnoses.ts';
import { address, geo, type ProvinceInfo } from '../generators/geo.ts';
import { bhytCard, seededStreams, withCanary } from '../generators/identifiers.ts';
import { AgeDistribution, birthDayForAge, person, POPULATION_AGES } from '../generators/people.ts';
import { Rng, Weighted } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';
import { GROUPS } from '../health-insurance-coverage/generator.ts';

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
  const diagnoses = new DiagnosisDraw();
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
    let days = calendar.get(month);
    if (!days) calendar.set(month, (days = daysOf(year, month)));
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
    const total =
      Math.round((COST[care][tier] * (care === 'inpatient' ? Math.max(1, stay) : 1) * Math.exp(rng.normal(0, 0.6))) / 100) * 100;
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
    yield {
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
}

/** The sample: Hà Nội and Hồ Chí Minh City in November and December 2025, Đà Nẵng in December. */
const SAMPLES: readonly SampleSpec[] = [
  ['01', '2025-11', 500],
  ['01', '2025-12', 520],
  ['48', '2025-12', 240],
  ['79', '2025-11', 560],
  ['79', '2025-12', 580],
].map(([province, month, rows], i) => ({
  file: `${province}/${month}/bhyt-${province}-${month}.csv`,
  rows: rows as number,
  seed: 2025_13_00 + i,
  province: province as string,
  month: month as string,
}));

export const generator: DatasetGenerator = {
  id: 'health-care-encounters',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HO_TEN', 'DIA_CHI'],
  rows,
  partitioned: true,
  samples: SAMPLES,
};
