/**
 * Synthetic medical-device registration register (số lưu hành trang thiết bị y tế), national, as of
 * 2026-11-19: `SoLuuHanh,TenTrangThietBi,PhanLoai,ChuSoHuu,CoSoSanXuat,NuocSanXuat,NgayCap,NgayHetHan,
 * GiaKeKhai,TaiLieuKyThuat,NguoiDaiDien,SoDienThoaiLienHe`.
 *
 * Class A devices are declared to a provincial Department of Health (`230001234/PCBA-HN`), classes
 * B–D registered with the Ministry (`2300123ĐKLH/BYT-HTTB`). Owners are mostly in Hà Nội and Hồ Chí
 * Minh City. The declared price and the technical dossier are business secrets; the representative's
 * name and phone are personal data. Every company, device model and person invented.
 */
import { dayNumber, isoDate, yearOf } from '../generators/dates.ts';
import { foreignCompany, vietnameseCompany, vnNumber } from '../generators/companies.ts';
import { residenceWeights } from '../generators/geo.ts';
import { phoneNumber, seededStreams, withCanary } from '../generators/identifiers.ts';
import { fullName } from '../generators/names.ts';
import { drawSex } from '../generators/people.ts';
import { type Rng, Weighted, weightedKeys } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions } from '../generators/types.ts';

export const COLUMNS = [
  'SoLuuHanh',
  'TenTrangThietBi',
  'PhanLoai',
  'ChuSoHuu',
  'CoSoSanXuat',
  'NuocSanXuat',
  'NgayCap',
  'NgayHetHan',
  'GiaKeKhai',
  'TaiLieuKyThuat',
  'NguoiDaiDien',
  'SoDienThoaiLienHe',
] as const;
export type DeviceRecord = Record<(typeof COLUMNS)[number], string>;

/** `[device, risk class, typical price in đồng, unit]`. */
const DEVICES: ReadonlyArray<readonly [string, 'A' | 'B' | 'C' | 'D', number, string]> = [
  ['Găng tay khám bệnh', 'A', 85_000, 'hộp'],
  ['Khẩu trang y tế', 'A', 40_000, 'hộp'],
  ['Bông y tế', 'A', 25_000, 'gói'],
  ['Gạc y tế', 'A', 30_000, 'gói'],
  ['Băng dính y tế', 'A', 15_000, 'cuộn'],
  ['Nhiệt kế điện tử', 'A', 120_000, 'cái'],
  ['Giường bệnh nhân', 'A', 12_000_000, 'cái'],
  ['Xe lăn', 'A', 2_500_000, 'cái'],
  ['Bộ dụng cụ phẫu thuật', 'A', 8_000_000, 'bộ'],
  ['Đèn khám bệnh', 'A', 3_500_000, 'cái'],
  ['Ống nghe y tế', 'A', 450_000, 'cái'],
  ['Cáng cứu thương', 'A', 4_000_000, 'cái'],
  ['Máy đo huyết áp điện tử', 'B', 900_000, 'cái'],
  ['Máy đo đường huyết', 'B', 650_000, 'cái'],
  ['Que thử đường huyết', 'B', 250_000, 'hộp'],
  ['Kim lấy máu', 'B', 60_000, 'hộp'],
  ['Bơm tiêm sử dụng một lần', 'B', 1_200, 'cái'],
  ['Dây truyền dịch', 'B', 6_000, 'bộ'],
  ['Máy xông khí dung', 'B', 1_100_000, 'cái'],
  ['Máy siêu âm chẩn đoán', 'B', 950_000_000, 'hệ thống'],
  ['Máy đo SpO2', 'B', 550_000, 'cái'],
  ['Ống thông tiểu', 'B', 15_000, 'cái'],
  ['Test nhanh chẩn đoán thai', 'B', 12_000, 'test'],
  ['Máy điện tim', 'B', 85_000_000, 'cái'],
  ['Máy thở', 'C', 650_000_000, 'cái'],
  ['Máy theo dõi bệnh nhân', 'C', 120_000_000, 'cái'],
  ['Bơm tiêm điện', 'C', 35_000_000, 'cái'],
  ['Máy X-quang kỹ thuật số', 'C', 2_800_000_000, 'hệ thống'],
  ['Máy chụp cắt lớp vi tính', 'C', 15_000_000_000, 'hệ thống'],
  ['Máy lọc máu', 'C', 900_000_000, 'cái'],
  ['Kim luồn tĩnh mạch', 'C', 9_000, 'cái'],
  ['Chỉ phẫu thuật tự tiêu', 'C', 95_000, 'sợi'],
  ['Dao mổ điện', 'C', 250_000_000, 'cái'],
  ['Máy gây mê kèm thở', 'C', 1_500_000_000, 'cái'],
  ['Hóa chất xét nghiệm định lượng Glucose', 'C', 1_800_000, 'hộp'],
  ['Thủy tinh thể nhân tạo', 'C', 3_500_000, 'cái'],
  ['Stent động mạch vành phủ thuốc', 'D', 38_000_000, 'cái'],
  ['Van tim nhân tạo', 'D', 95_000_000, 'cái'],
  ['Máy tạo nhịp tim cấy ghép', 'D', 120_000_000, 'cái'],
  ['Test nhanh chẩn đoán HIV 1/2', 'D', 35_000, 'test'],
  ['Test nhanh phát hiện HBsAg', 'D', 25_000, 'test'],
  ['Khớp háng nhân tạo', 'D', 65_000_000, 'bộ'],
  ['Ống thông can thiệp tim mạch', 'D', 7_500_000, 'cái'],
  ['Túi máu', 'D', 45_000, 'túi'],
];

const COUNTRIES = weightedKeys({
  'Việt Nam': 25,
  'Trung Quốc': 20,
  'Hàn Quốc': 10,
  Đức: 8,
  Mỹ: 8,
  'Nhật Bản': 7,
  'Ấn Độ': 4,
  'Đài Loan': 4,
  Malaysia: 4,
  'Thái Lan': 2,
  Ý: 2,
  Pháp: 2,
  'Thụy Sĩ': 1,
  'Ba Lan': 1,
  Bỉ: 1,
  Áo: 1,
});

const STANDARDS = ['ISO 13485:2016', 'ISO 14971:2019', 'IEC 60601-1', 'ISO 10993-1', 'ISO 11135', 'ASTM D6319', 'EN 14683'];

/** `DS-2000`, `MX 15 Pro`: an invented model designation. */
function model(rng: Rng): string {
  const letters = 'ABCDEFGHKLMNPRSTVX';
  const head = `${letters[rng.int(letters.length)]}${letters[rng.int(letters.length)]}`;
  return rng.chance(0.5)
    ? `${head}-${rng.range(1, 99) * 100}`
    : `${head} ${rng.range(1, 30)}${rng.pick(['', '', ' Pro', ' Plus', 'i', 'S'])}`;
}

/** The PCBA suffix is the province's usual short code (`HN`, `HCM`, `DNG`…). */
const pcbaCode = (abbreviation: string): string => (abbreviation === 'HNO' ? 'HN' : abbreviation);

export function* rows(opts: GeneratorOptions): Generator<DeviceRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('medical-devices', opts);
  const owners = residenceWeights({ '01': 4, '79': 4, '48': 1.5, '31': 1.5 });
  const devices = new Weighted(DEVICES.map((d) => [d, d[1] === 'A' ? 3 : d[1] === 'B' ? 3 : d[1] === 'C' ? 2 : 1] as const));
  const firstIssue = dayNumber(2019, 1, 1);
  const lastIssue = dayNumber(2026, 11, 18);
  for (let i = 0; i < opts.rows; i++) {
    const [device, riskClass, price, unit] = devices.pick(rng);
    const province = owners.pick(rng);
    const issued = firstIssue + rng.int(lastIssue - firstIssue + 1);
    const yy = String(yearOf(issued) % 100).padStart(2, '0');
    const number =
      riskClass === 'A' ? `${yy}${rng.digits(7)}/PCBA-${pcbaCode(province.abbreviation)}` : `${yy}${rng.digits(5)}ĐKLH/BYT-HTTB`;
    const country = COUNTRIES.pick(rng);
    const owner = vietnameseCompany(
      rng,
      rng.pick(['Thiết bị Y tế', 'Trang thiết bị Y tế', 'Dược phẩm và Thiết bị Y tế', 'Công nghệ Y tế', 'Vật tư Y tế']),
    );
    const maker =
      country === 'Việt Nam'
        ? rng.chance(0.4)
          ? owner
          : vietnameseCompany(rng, rng.pick(['Sản xuất Thiết bị Y tế', 'Vật tư Y tế', 'Nhựa Y tế']))
        : foreignCompany(rng, country);
    // Registrations from 2022 on are valid indefinitely; earlier ones and some others carry five years.
    const expires = riskClass === 'A' || rng.chance(0.6) ? '' : isoDate(issued + 5 * 365);
    const declared = rng.chance(0.3)
      ? ''
      : `${vnNumber(Math.round((price * (0.6 + rng.next() * 0.9)) / 1000) * 1000 || price)} VNĐ/${unit}`;
    const dossier = `Tài liệu mô tả kỹ thuật ${rng.range(8, 120)} trang; hướng dẫn sử dụng${country === 'Việt Nam' ? '' : ' (bản dịch tiếng Việt)'}; chứng nhận ${rng.pick(STANDARDS)} số ${rng.pick(['QMS', 'MD', 'CE'])}-${rng.digits(6)}${rng.chance(0.5) ? `; báo cáo thử nghiệm ${rng.pick(STANDARDS)}` : ''}`;
    const sex = drawSex(rng, 0.55);
    const representative = fullName(rng, sex, 1960 + rng.int(40), province.region);
    const canary = canaries.next();
    yield {
      SoLuuHanh: number,
      TenTrangThietBi: `${device}, model ${model(rng)}`,
      PhanLoai: riskClass,
      ChuSoHuu: owner,
      CoSoSanXuat: maker,
      NuocSanXuat: country,
      NgayCap: isoDate(issued),
      NgayHetHan: expires,
      GiaKeKhai: declared,
      TaiLieuKyThuat: dossier,
      NguoiDaiDien: canary ? withCanary(canary, representative) : representative,
      SoDienThoaiLienHe: phoneNumber(rng),
    };
  }
}

export const generator: DatasetGenerator = {
  id: 'medical-devices',
  formats: ['csv'],
  columns: COLUMNS,
  canaryFields: ['NguoiDaiDien'],
  rows,
  sample: { file: 'dang-ky-luu-hanh-2026-11-19.csv', rows: 40, seed: 2025_06 },
};
