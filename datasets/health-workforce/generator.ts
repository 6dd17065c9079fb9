/**
 * Synthetic practising-certificate register (chứng chỉ / giấy phép hành nghề), national, as of
 * 2026-11-20: `HoTen,NgaySinh,SoCCCD,SoChungChi,ChucDanh,PhamViHoatDong,NoiCap,NgayCap,TrangThai,MaTinh`.
 *
 * Nurses and doctors are most of the register; Hà Nội, Hồ Chí Minh City and Huế (with their central
 * hospitals) weigh more than their population. Certificates are issued by the province's Department
 * of Health (`012345/HNO-CCHN`, from 2024 `…-GPHN`) or by the Ministry (`0012345/BYT-CCHN`), after
 * the holder's training. Most are valid, some revoked or suspended. Every person invented.
 */
import { dayNumber, dayOf, isoDate } from '../generators/dates.ts';
import { residenceWeights } from '../generators/geo.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { birthDayForAge, drawSex, person, POPULATION_AGES } from '../generators/people.ts';
import { type Rng, Weighted, weightedKeys } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions, type SampleSpec } from '../generators/types.ts';

export const COLUMNS = [
  'HoTen',
  'NgaySinh',
  'SoCCCD',
  'SoChungChi',
  'ChucDanh',
  'PhamViHoatDong',
  'NoiCap',
  'NgayCap',
  'TrangThai',
  'MaTinh',
] as const;
export type CertificateRecord = Record<(typeof COLUMNS)[number], string>;

/** The date of the export. */
const AS_OF = '2026-11-20';

const SPECIALTIES = [
  'Nội',
  'Ngoại',
  'Sản phụ khoa',
  'Nhi',
  'Răng Hàm Mặt',
  'Mắt',
  'Tai Mũi Họng',
  'Da liễu',
  'Chẩn đoán hình ảnh',
  'Gây mê hồi sức',
  'Y học cổ truyền',
  'Hồi sức cấp cứu',
  'Ung bướu',
  'Tâm thần',
  'Truyền nhiễm',
  'Phục hồi chức năng',
  'Y học gia đình',
  'Tim mạch',
  'Thần kinh',
];

type Title = { name: string; weight: number; maleShare: number; minAge: number; maxAge: number; scope: (rng: Rng) => string };

export const TITLES: readonly Title[] = [
  {
    name: 'Điều dưỡng',
    weight: 34,
    maleShare: 0.2,
    minAge: 22,
    maxAge: 62,
    scope: (rng) =>
      rng.pick([
        'Thực hiện phạm vi hoạt động chuyên môn của điều dưỡng theo quy định của Bộ Y tế',
        'Điều dưỡng đa khoa',
        `Điều dưỡng chuyên khoa ${rng.pick(SPECIALTIES)}`,
      ]),
  },
  {
    name: 'Bác sĩ',
    weight: 30,
    maleShare: 0.55,
    minAge: 25,
    maxAge: 70,
    scope: (rng) =>
      rng.chance(0.3)
        ? 'Khám bệnh, chữa bệnh đa khoa'
        : rng.chance(0.05)
          ? 'Y học dự phòng'
          : `Khám bệnh, chữa bệnh chuyên khoa ${rng.pick(SPECIALTIES)}`,
  },
  {
    name: 'Dược sĩ',
    weight: 10,
    maleShare: 0.3,
    minAge: 23,
    maxAge: 65,
    scope: (rng) => rng.pick(['Dược lâm sàng', 'Tư vấn sử dụng thuốc', 'Pha chế thuốc']),
  },
  {
    name: 'Y sĩ',
    weight: 9,
    maleShare: 0.45,
    minAge: 21,
    maxAge: 62,
    scope: (rng) => rng.pick(['Khám bệnh, chữa bệnh đa khoa ban đầu', 'Y sĩ y học cổ truyền', 'Sơ cứu, cấp cứu ban đầu']),
  },
  {
    name: 'Kỹ thuật y',
    weight: 7,
    maleShare: 0.4,
    minAge: 22,
    maxAge: 62,
    scope: (rng) =>
      rng.pick([
        'Kỹ thuật xét nghiệm y học',
        'Kỹ thuật hình ảnh y học',
        'Kỹ thuật phục hồi chức năng',
        'Kỹ thuật phục hình răng',
        'Kỹ thuật gây mê hồi sức',
      ]),
  },
  {
    name: 'Hộ sinh',
    weight: 6,
    maleShare: 0.02,
    minAge: 22,
    maxAge: 60,
    scope: () => 'Thực hiện phạm vi hoạt động chuyên môn của hộ sinh theo quy định của Bộ Y tế',
  },
  {
    name: 'Lương y',
    weight: 2.5,
    maleShare: 0.7,
    minAge: 30,
    maxAge: 80,
    scope: (rng) => rng.pick(['Khám bệnh, chữa bệnh bằng y học cổ truyền', 'Châm cứu, xoa bóp bấm huyệt', 'Kê đơn thuốc y học cổ truyền']),
  },
  {
    name: 'Cử nhân dinh dưỡng',
    weight: 1.5,
    maleShare: 0.15,
    minAge: 22,
    maxAge: 60,
    scope: (rng) => rng.pick(['Dinh dưỡng lâm sàng', 'Tư vấn dinh dưỡng']),
  },
];

const STATUS = weightedKeys({ 'Đang hiệu lực': 93, 'Đã thu hồi': 4.5, 'Tạm đình chỉ': 2.5 });

export function* rows(opts: GeneratorOptions): Generator<CertificateRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('health-workforce', opts);
  const provinces = residenceWeights({ '01': 1.6, '79': 1.6, '46': 1.3 });
  const titles = new Weighted(TITLES.map((t) => [t, t.weight] as const));
  const asOf = dayOf(AS_OF);
  const firstIssue = dayNumber(2012, 1, 1);
  const lastIssue = dayNumber(2026, 10, 31);
  const newLicences = dayNumber(2024, 1, 1);
  for (let i = 0; i < opts.rows; i++) {
    const province = provinces.pick(rng);
    const title = titles.pick(rng);
    const sex = drawSex(rng, title.maleShare);
    const age = POPULATION_AGES.pick(rng, title.minAge, title.maxAge);
    const holder = person(rng, province, sex, birthDayForAge(rng, age, asOf));
    // Issued after the holder reached the title's minimum age, within 2012 – October 2026.
    const earliest = Math.max(firstIssue, holder.birthDay + Math.round(title.minAge * 365.25));
    const issued = earliest >= lastIssue ? lastIssue : earliest + rng.int(lastIssue - earliest + 1);
    const ministry = rng.chance(0.12);
    const suffix = issued >= newLicences ? 'GPHN' : 'CCHN';
    const canary = canaries.next();
    yield {
      HoTen: canary ? withCanary(canary, holder.name) : holder.name,
      NgaySinh: isoDate(holder.birthDay),
      SoCCCD: holder.citizenId,
      SoChungChi: ministry ? `${rng.digits(7)}/BYT-${suffix}` : `${rng.digits(6)}/${province.abbreviation}-${suffix}`,
      ChucDanh: title.name,
      PhamViHoatDong: title.scope(rng),
      NoiCap: ministry ? 'Bộ Y tế' : `Sở Y tế ${province.name}`,
      NgayCap: isoDate(issued),
      TrangThai: STATUS.pick(rng),
      MaTinh: province.code,
    };
  }
}

/**
 * The sample `npm start` lands: a register of 60,000 certificates (about a tenth of the
 * country's), enough for most provinces' revoked and suspended certificates of the commoner
 * professions to round to 10 or more.
 */
const GENERATED_SAMPLE: SampleSpec = { file: 'chung-chi-hanh-nghe-2026-11-20.csv', rows: 60_000, seed: 2025_05 };

export const generator: DatasetGenerator = {
  id: 'health-workforce',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['HoTen'],
  rows,
  generatedSample: () => [GENERATED_SAMPLE],
};
