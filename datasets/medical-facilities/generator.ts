/**
 * Synthetic operating-licence register of medical facilities, national, in the format of the
 * provincial exports in `sample/` (which are hand-made and stay as they are):
 * `TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD`.
 *
 * Facilities spread over the provinces by population (Hà Nội and Hồ Chí Minh City more); licence
 * numbers `01234/HNO-GPHĐ`; issue date and time `YYYY-MM-DD HH:MM:SS` (midnight for most, `None`
 * for a few); the practising-certificate number of the person in charge (`SoCCHN_NDD`, personal)
 * `025816/HNO-CCHN` or `0072742/BYT-CCHN`. Canaries go in DiaChi (the register has no free-text
 * personal field). Every facility and number invented.
 */
import { dayNumber, isoDate } from '../generators/dates.ts';
import { BRAND_WORDS } from '../generators/facilities.ts';
import { address, residenceWeights } from '../generators/geo.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { type Rng, Weighted, weightedKeys } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions } from '../generators/types.ts';

export const COLUMNS = ['TenCoSo', 'SoGiayPhep', 'DiaChi', 'NgayCap', 'TinhTrang', 'TenHinhThuc', 'SoCCHN_NDD'] as const;
export type FacilityRecord = Record<(typeof COLUMNS)[number], string>;

const SPECIALTIES = [
  'Răng Hàm Mặt',
  'Mắt',
  'Nhi',
  'Da liễu',
  'Tai Mũi Họng',
  'Phụ sản',
  'Nội',
  'Ngoại',
  'Chẩn đoán hình ảnh',
  'Tâm thần',
  'Phục hồi chức năng',
];

/** Forms of practice (as `TenHinhThuc`) with how a facility of that form is named, weighted. */
const FORMS = new Weighted<readonly [string, (rng: Rng) => string]>([
  [['Phòng khám chuyên khoa', (rng) => `Phòng khám chuyên khoa ${rng.pick(SPECIALTIES)}`], 38],
  [['Phòng khám đa khoa', () => 'Phòng khám đa khoa'], 14],
  [['Phòng chẩn trị y học cổ truyền', () => 'Phòng chẩn trị y học cổ truyền'], 12],
  [
    [
      'Cơ sở dịch vụ y tế',
      (rng) =>
        `Cơ sở dịch vụ y tế ${rng.pick(['Chăm Sóc Tại Nhà', 'Tiêm Chích Thay Băng', 'Chăm Sóc Vết Thương', 'Vận Chuyển Người Bệnh'])}`,
    ],
    12,
  ],
  [['Phòng xét nghiệm', (rng) => (rng.chance(0.5) ? 'Phòng xét nghiệm Y khoa' : 'Phòng xét nghiệm')], 8],
  [['Nhà hộ sinh', () => 'Nhà hộ sinh'], 4],
  [['Bệnh viện đa khoa', () => 'Bệnh viện đa khoa'], 4],
  [['Bệnh viện chuyên khoa', (rng) => `Bệnh viện chuyên khoa ${rng.pick(SPECIALTIES)}`], 2],
  [['Phòng khám chẩn đoán hình ảnh', () => 'Phòng khám chẩn đoán hình ảnh'], 3],
  [['Cơ sở dịch vụ kính thuốc', () => 'Cơ sở kính thuốc'], 3],
]);

const STATUS = weightedKeys({ 'Đang hoạt động': 85, 'Ngừng hoạt động': 10, 'Thu hồi': 5 });

const pad = (n: number): string => String(n).padStart(2, '0');

export function* rows(opts: GeneratorOptions): Generator<FacilityRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('medical-facilities', opts);
  const provinces = residenceWeights({ '01': 1.5, '79': 1.5 });
  const first = dayNumber(2012, 1, 1);
  const last = dayNumber(2026, 11, 17);
  for (let i = 0; i < opts.rows; i++) {
    const province = provinces.pick(rng);
    const [form, prefix] = FORMS.pick(rng);
    const name = `${prefix(rng)} ${rng.pick(BRAND_WORDS)}${rng.chance(0.15) ? ` ${rng.pick(BRAND_WORDS)}` : ''}`;
    const day = first + rng.int(last - first + 1);
    const time = rng.chance(0.6) ? '00:00:00' : `${pad(rng.range(7, 16))}:${pad(rng.int(60))}:${pad(rng.int(60))}`;
    const issued = rng.chance(0.03) ? 'None' : `${isoDate(day)} ${time}`;
    const manager = rng.chance(0.15) ? `${rng.digits(7)}/BYT-CCHN` : `${rng.digits(6)}/${province.abbreviation}-CCHN`;
    let where = address(rng, province);
    const canary = canaries.next();
    if (canary) where = withCanary(canary, where, name);
    yield {
      TenCoSo: name,
      SoGiayPhep: `${rng.digits(5)}/${province.abbreviation}-GPHĐ`,
      DiaChi: where,
      NgayCap: issued,
      TinhTrang: STATUS.pick(rng),
      TenHinhThuc: form,
      SoCCHN_NDD: manager,
    };
  }
}

export const generator: DatasetGenerator = {
  id: 'medical-facilities',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['DiaChi'],
  rows,
};
