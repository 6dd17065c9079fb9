/**
 * Synthetic notifiable-disease case reports (báo cáo ca bệnh truyền nhiễm), national, onsets in 2025
 * (or, with `from` and `until`, the cases reported in those days, as an export sent on `until`
 * holds them):
 * `MaCaBenh,HoTen,NgaySinh,GioiTinh,SoDienThoai,DiaChi,MaTinh,BenhTruyenNhiem,NgayKhoiPhat,NgayBaoCao`.
 *
 * `NgayBaoCao`, the day the case was reported, is the onset plus 1–10 days for most rows, and for
 * ~2 % a later day, up to 30 days; never the onset day or before. Onsets of late 2025 can be
 * reported in 2026. It is drawn from a stream of its own (derived from the seed), so the other
 * columns are those the export had before the column was added.
 *
 * Dengue is most of the cases, peaking June–November and commoner in the centre and south; hand,
 * foot and mouth disease in small children (peaks spring and autumn); measles early in the year;
 * a few cases of the rare diseases, H5N1 almost never. Ages follow each disease. Every person invented.
 */
import { dayNumber, type DelaySpec, drawDelay, eventWindow, isoDate, monthOf, yearOf } from '../generators/dates.ts';
import { address, geo, type ProvinceInfo } from '../generators/geo.ts';
import { phoneNumber, seededStreams, withCanary } from '../generators/identifiers.ts';
import { AgeDistribution, birthDayForAge, person, POPULATION_AGES, sexLabel } from '../generators/people.ts';
import { Rng, streamOf, Weighted } from '../generators/random.ts';
import { dailySample } from '../generators/sample-window.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';
import definition from './definition.ts';

export const COLUMNS = [
  'MaCaBenh',
  'HoTen',
  'NgaySinh',
  'GioiTinh',
  'SoDienThoai',
  'DiaChi',
  'MaTinh',
  'BenhTruyenNhiem',
  'NgayKhoiPhat',
  'NgayBaoCao',
] as const;
export type CaseRecord = Record<(typeof COLUMNS)[number], string>;

const YEAR = 2025;

/** Onset → report (NgayBaoCao): 1–10 days (mostly 1–4), ~2 % 11–30 days. */
const REPORT_DELAY: DelaySpec = { usual: [1, 10, 3], lateShare: 0.02, late: [11, 30, 7] };

/** Weights by single year of age: `[from, to, weight per year]` bands, 0 elsewhere (to 99). */
const ages = (bands: ReadonlyArray<readonly [number, number, number]>): AgeDistribution =>
  new AgeDistribution(Array.from({ length: 100 }, (_, a) => bands.find(([f, t]) => a >= f && a <= t)?.[2] ?? 0));

type Disease = {
  name: string;
  /** Prefix of the case number. */
  code: string;
  /** Relative number of cases. */
  weight: number;
  /** Relative cases by month of onset, January first. */
  months: readonly number[];
  /** Age at onset: a distribution, or the population's ages within [min, max]. */
  ages: AgeDistribution | readonly [number, number];
  /** Case-weight multiplier by region (north, centre, south). */
  regions: readonly [number, number, number];
  maleShare: number;
};

export const DISEASES: readonly Disease[] = [
  {
    name: 'Sốt xuất huyết Dengue',
    code: 'SXH',
    weight: 520,
    months: [0.5, 0.35, 0.3, 0.3, 0.45, 0.8, 1.3, 1.8, 2.0, 2.0, 1.6, 1.0],
    ages: ages([
      [1, 4, 0.5],
      [5, 14, 1.6],
      [15, 34, 2],
      [35, 59, 1.2],
      [60, 85, 0.5],
    ]),
    regions: [0.6, 1.4, 1.5],
    maleShare: 0.52,
  },
  {
    name: 'Tay chân miệng',
    code: 'TCM',
    weight: 200,
    months: [0.6, 0.5, 0.8, 1.2, 1.3, 1.0, 0.9, 1.0, 1.3, 1.4, 1.2, 0.8],
    ages: ages([
      [0, 0, 1],
      [1, 1, 3],
      [2, 2, 3],
      [3, 3, 2],
      [4, 4, 1],
      [5, 6, 0.4],
      [7, 10, 0.1],
    ]),
    regions: [0.8, 1, 1.3],
    maleShare: 0.57,
  },
  {
    name: 'Sởi',
    code: 'SOI',
    weight: 100,
    months: [1.6, 1.8, 1.9, 1.6, 1.2, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8],
    ages: ages([
      [0, 0, 2],
      [1, 4, 2.5],
      [5, 9, 1.5],
      [10, 19, 0.6],
      [20, 39, 0.25],
    ]),
    regions: [1, 1, 1.2],
    maleShare: 0.53,
  },
  {
    name: 'Thủy đậu',
    code: 'TD',
    weight: 70,
    months: [1.5, 1.6, 1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.5, 0.6, 0.7, 1.0],
    ages: ages([
      [1, 4, 1.5],
      [5, 14, 2],
      [15, 29, 0.8],
      [30, 50, 0.2],
    ]),
    regions: [1.1, 1, 0.9],
    maleShare: 0.5,
  },
  {
    name: 'COVID-19',
    code: 'COVID',
    weight: 70,
    months: [0.8, 0.7, 0.7, 0.9, 1.5, 1.6, 1.2, 0.9, 0.8, 0.8, 0.9, 1.0],
    ages: [0, 95],
    regions: [1, 1, 1],
    maleShare: 0.48,
  },
  {
    name: 'Ho gà',
    code: 'HG',
    weight: 25,
    months: [1, 1, 1, 1, 1.1, 1.2, 1.2, 1.1, 1, 0.9, 0.9, 0.9],
    ages: ages([
      [0, 0, 6],
      [1, 4, 1],
      [5, 14, 0.2],
    ]),
    regions: [1.1, 1, 0.9],
    maleShare: 0.5,
  },
  {
    name: 'Viêm não Nhật Bản',
    code: 'VNNB',
    weight: 6,
    months: [0.3, 0.3, 0.5, 0.8, 1.5, 2.2, 2.5, 1.8, 0.9, 0.5, 0.4, 0.3],
    ages: ages([
      [1, 14, 1.5],
      [15, 60, 0.3],
    ]),
    regions: [1.6, 1, 0.5],
    maleShare: 0.55,
  },
  {
    name: 'Bạch hầu',
    code: 'BH',
    weight: 3,
    months: [1, 1, 1, 1, 1, 1, 1.2, 1.2, 1.1, 1, 1, 1],
    ages: ages([
      [2, 4, 0.8],
      [5, 19, 1.2],
      [20, 40, 0.2],
    ]),
    regions: [1.2, 1.5, 0.5],
    maleShare: 0.5,
  },
  {
    name: 'Dại',
    code: 'DAI',
    weight: 3,
    months: [0.8, 0.8, 0.9, 1, 1.1, 1.2, 1.2, 1.1, 1, 1, 0.9, 0.9],
    ages: ages([
      [3, 14, 0.6],
      [15, 70, 1],
      [71, 85, 0.4],
    ]),
    regions: [1.5, 1.2, 0.5],
    maleShare: 0.75,
  },
  {
    name: 'Cúm A(H5N1)',
    code: 'H5N1',
    weight: 0.2,
    months: [1.5, 1.8, 1.5, 1, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1.2],
    ages: [1, 70],
    regions: [1, 1, 1.2],
    maleShare: 0.55,
  },
];

type Plan = { disease: Disease; months: Weighted<number>; provinces: Weighted<ProvinceInfo> };

function plans(): Weighted<Plan> {
  const { provinces } = geo();
  return new Weighted(
    DISEASES.map(
      (d) =>
        [
          {
            disease: d,
            months: new Weighted(d.months.map((w, i) => [i + 1, w] as const)),
            provinces: new Weighted(provinces.map((p) => [p, p.population * (d.regions[p.region - 1] ?? 1)] as const)),
          },
          d.weight,
        ] as const,
    ),
  );
}

export function* rows(opts: GeneratorOptions): Generator<CaseRecord> {
  checkOptions(opts, false, true);
  const { rng, canaries } = seededStreams('notifiable-diseases', opts);
  const delays = new Rng(opts.seed, streamOf('notifiable-diseases/NgayBaoCao'));
  const byDisease = plans();
  // With a window: onsets on its days, by the disease's months; a case reported on or after
  // `until` is not in the export yet. (Across the year the diseases keep their shares.)
  const window = opts.from === undefined ? undefined : eventWindow(opts, YEAR);
  const onsetDay = (disease: Disease, months: Weighted<number>): number => {
    if (!window) {
      const month = months.pick(rng);
      return dayNumber(YEAR, month, 1) + rng.int(dayNumber(YEAR, month + 1, 1) - dayNumber(YEAR, month, 1));
    }
    const heaviest = Math.max(...disease.months);
    for (;;) {
      const day = window.first + rng.int(window.days);
      if (rng.next() * heaviest < disease.months[monthOf(day) - 1]!) return day;
    }
  };
  for (let i = 0; i < opts.rows;) {
    const { disease, months, provinces } = byDisease.pick(rng);
    const province = provinces.pick(rng);
    const onset = onsetDay(disease, months);
    const age =
      disease.ages instanceof AgeDistribution ? disease.ages.pick(rng) : POPULATION_AGES.pick(rng, disease.ages[0], disease.ages[1]);
    const sex = rng.chance(disease.maleShare) ? 'M' : 'F';
    const patient = person(rng, province, sex, birthDayForAge(rng, age, onset));
    // Children's reports carry a parent's phone; some reports have none.
    const phone = rng.chance(0.06) ? '' : phoneNumber(rng);
    let name = patient.name;
    let place = address(rng, province);
    const canary = canaries.next();
    if (canary) {
      if (canary.chance(0.5)) name = withCanary(canary, name);
      else place = withCanary(canary, place, name);
    }
    const reported = onset + drawDelay(delays, REPORT_DELAY);
    if (window?.until !== undefined && reported >= window.until) continue;
    i++;
    yield {
      MaCaBenh: `${disease.code}-${province.code}-${yearOf(onset)}-${String(i).padStart(8, '0')}`,
      HoTen: name,
      NgaySinh: isoDate(patient.birthDay),
      GioiTinh: sexLabel(sex),
      SoDienThoai: phone,
      DiaChi: place,
      MaTinh: province.code,
      BenhTruyenNhiem: disease.name,
      NgayKhoiPhat: isoDate(onset),
      NgayBaoCao: isoDate(reported),
    };
  }
}

/**
 * The sample `npm start` lands: every case reported from the first period published to the
 * last one due, 200 a day, enough for most published counts to be at least k.
 */
const CASES_PER_DAY = 200;

const generatedSample = (asOf: Date): SampleSpec[] =>
  dailySample(definition, asOf, { stem: 'ca-benh', perDay: CASES_PER_DAY, seed: 2025_03 });

export const generator: DatasetGenerator = {
  id: 'notifiable-diseases',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTen', 'DiaChi'],
  rows,
  windowed: true,
  generatedSample,
};
