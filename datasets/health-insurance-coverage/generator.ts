/**
 * Synthetic health-insurance enrolment snapshot (danh sách thẻ BHYT còn giá trị), national:
 * `SoTheBHYT,SoCCCD,HoTen,NgaySinh,MaTinh,DoiTuong,NgayChot`.
 *
 * Each member belongs to one of the five contribution groups (state-paid and household members the
 * largest), and within it to a beneficiary type whose two letters and benefit level open the card
 * number (`TE1` children under 6, `HT3` pensioners, `GD4` households…) and whose ages fit it; the
 * card's two-digit province part is the province of enrolment (MaTinh). NgayChot, the snapshot
 * date, is the same on every row. Every person and card invented.
 */
import { dayOf, isoDate } from '../generators/dates.ts';
import { geo } from '../generators/geo.ts';
import { bhytCard, seededStreams, withCanary } from '../generators/identifiers.ts';
import { birthDayForAge, drawSex, person, POPULATION_AGES } from '../generators/people.ts';
import { Weighted } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';

export const COLUMNS = ['SoTheBHYT', 'SoCCCD', 'HoTen', 'NgaySinh', 'MaTinh', 'DoiTuong', 'NgayChot'] as const;
export type CoverageRecord = Record<(typeof COLUMNS)[number], string>;

export const SNAPSHOT_DATE = '2025-12-31';

/** A beneficiary type: card letters, benefit level, relative weight in its group, age range. */
type Beneficiary = readonly [letters: string, level: number, weight: number, minAge: number, maxAge: number];

/** The five contribution groups, their rough shares of members (%), and their beneficiary types. */
export const GROUPS: ReadonlyArray<{ name: string; share: number; types: readonly Beneficiary[] }> = [
  {
    name: 'Người lao động và người sử dụng lao động đóng',
    share: 20,
    types: [
      ['DN', 4, 62, 18, 62],
      ['HC', 4, 12, 22, 62],
      ['CH', 4, 14, 22, 62],
      ['HX', 4, 3, 18, 62],
      ['NN', 4, 1, 20, 60],
      ['TK', 4, 1, 18, 62],
      ['XK', 4, 1, 18, 62],
    ],
  },
  {
    name: 'Tổ chức bảo hiểm xã hội đóng',
    share: 5,
    types: [
      ['HT', 3, 75, 55, 99],
      ['MS', 4, 8, 50, 95],
      ['TB', 4, 9, 20, 60],
      ['NO', 4, 8, 20, 60],
    ],
  },
  {
    name: 'Ngân sách nhà nước đóng',
    share: 33,
    types: [
      ['TE', 1, 32, 0, 5],
      ['DT', 2, 18, 0, 99],
      ['BT', 2, 18, 75, 99],
      ['HN', 2, 12, 0, 99],
      ['QN', 5, 3, 18, 45],
      ['CA', 5, 2, 18, 55],
      ['CK', 2, 3, 40, 99],
      ['KC', 2, 2, 65, 99],
      ['CC', 1, 2, 60, 99],
      ['CB', 2, 1, 45, 99],
      ['XN', 2, 1, 30, 60],
      ['CY', 5, 0.5, 22, 60],
    ],
  },
  {
    name: 'Ngân sách nhà nước hỗ trợ mức đóng',
    share: 14,
    types: [
      ['HS', 4, 55, 6, 18],
      ['SV', 4, 15, 18, 24],
      ['CN', 3, 20, 0, 99],
      ['GB', 4, 10, 18, 70],
    ],
  },
  { name: 'Tham gia theo hộ gia đình', share: 28, types: [['GD', 4, 1, 6, 99]] },
];

export function* rows(opts: GeneratorOptions): Generator<CoverageRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('health-insurance-coverage', opts);
  const { residence } = geo();
  const snapshot = dayOf(SNAPSHOT_DATE);
  const groups = new Weighted(
    GROUPS.map((g) => [{ name: g.name, types: new Weighted(g.types.map((t) => [t, t[2]] as const)) }, g.share] as const),
  );
  for (let i = 0; i < opts.rows; i++) {
    const province = residence.pick(rng);
    const group = groups.pick(rng);
    const [letters, level, , minAge, maxAge] = group.types.pick(rng);
    const age = POPULATION_AGES.pick(rng, minAge, maxAge);
    const sex = drawSex(rng, letters === 'QN' || letters === 'CA' ? 0.9 : 0.49);
    const member = person(rng, province, sex, birthDayForAge(rng, age, snapshot));
    const canary = canaries.next();
    yield {
      SoTheBHYT: bhytCard(rng, letters, level, province.code),
      SoCCCD: member.citizenId,
      HoTen: canary ? withCanary(canary, member.name) : member.name,
      NgaySinh: isoDate(member.birthDay),
      MaTinh: province.code,
      DoiTuong: group.name,
      NgayChot: SNAPSHOT_DATE,
    };
  }
}

/**
 * The sample `npm start` lands: 40,000 cards, enough for most provinces' beneficiary groups to
 * count 5 or more people (which round to 10) in most age groups.
 */
const GENERATED_SAMPLE: SampleSpec = { file: 'the-bhyt-2025-12-31.csv', rows: 40_000, seed: 2025_04 };

export const generator: DatasetGenerator = {
  id: 'health-insurance-coverage',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTen'],
  rows,
  generatedSample: () => [GENERATED_SAMPLE],
};
