/**
 * Invented company names and addresses, Vietnamese and foreign, for the product registers
 * (medicines, medical devices). None is a real company; any likeness is a coincidence of common words.
 */
import { address, type ProvinceInfo } from './geo.ts';
import type { Rng } from './random.ts';
import { BRAND_WORDS } from './facilities.ts';

const VN_FORMS = ['Công ty TNHH', 'Công ty Cổ phần', 'Công ty TNHH MTV', 'Công ty Cổ phần'];

/** `Công ty Cổ phần Dược phẩm Minh Châu` (`trade` = `Dược phẩm`, `Thiết bị Y tế`…). */
export const vietnameseCompany = (rng: Rng, trade: string): string => `${rng.pick(VN_FORMS)} ${trade} ${rng.pick(BRAND_WORDS)}`;

const LATIN_HEADS = [
  'Medi',
  'Bio',
  'Cardio',
  'Sono',
  'Vita',
  'Nova',
  'Gen',
  'Ortho',
  'Derma',
  'Lumi',
  'Pharma',
  'Zen',
  'Aqua',
  'Neo',
  'Terra',
  'Alpha',
  'Kiro',
  'Sante',
  'Vero',
  'Helio',
];
const LATIN_TAILS = ['tech', 'line', 'med', 'care', 'gen', 'path', 'tron', 'vance', 'cura', 'sys', 'lab', 'nix', 'vita', 'form', 'core'];

/** Legal-form suffix by country (Vietnamese country names as registers write them). */
const SUFFIX: Readonly<Record<string, readonly string[]>> = {
  'Trung Quốc': ['Co., Ltd.', 'Medical Co., Ltd.'],
  'Hàn Quốc': ['Co., Ltd.', 'Corporation'],
  'Nhật Bản': ['Corporation', 'Co., Ltd.'],
  'Đài Loan': ['Co., Ltd.'],
  Đức: ['GmbH', 'AG'],
  Mỹ: ['Inc.', 'LLC', 'Corporation'],
  'Ấn Độ': ['Pvt. Ltd.', 'Limited'],
  Malaysia: ['Sdn. Bhd.'],
  'Thái Lan': ['Co., Ltd.'],
  Ý: ['S.p.A.', 'S.r.l.'],
  Pháp: ['SAS', 'S.A.'],
  'Tây Ban Nha': ['S.A.', 'S.L.'],
  'Thụy Sĩ': ['AG', 'SA'],
  Hungary: ['Zrt.', 'Kft.'],
  'Ba Lan': ['S.A.', 'Sp. z o.o.'],
  Bỉ: ['N.V.', 'S.A.'],
  Áo: ['GmbH'],
  Indonesia: ['PT', 'Tbk'],
};

/** An invented foreign company: `Cardiotron GmbH`, `Novacare Pvt. Ltd.` */
export function foreignCompany(rng: Rng, country: string): string {
  const name = `${rng.pick(LATIN_HEADS)}${rng.pick(LATIN_TAILS)}`;
  const suffix = rng.pick(SUFFIX[country] ?? ['Ltd.']);
  return suffix === 'PT' ? `PT ${name}` : `${name} ${suffix}`;
}

const FOREIGN_CITIES: Readonly<Record<string, readonly string[]>> = {
  'Trung Quốc': ['Thượng Hải', 'Quảng Châu', 'Thâm Quyến', 'Hàng Châu', 'Thiên Tân'],
  'Hàn Quốc': ['Seoul', 'Incheon', 'Gyeonggi-do', 'Busan'],
  'Nhật Bản': ['Tokyo', 'Osaka', 'Saitama'],
  Đức: ['Berlin', 'Hamburg', 'München', 'Frankfurt'],
  Mỹ: ['California', 'Texas', 'New Jersey', 'Minnesota'],
  'Ấn Độ': ['Gujarat', 'Maharashtra', 'Himachal Pradesh', 'Hyderabad'],
};

/** A foreign postal address, loosely (`Plot 12, Industrial Zone, Gujarat, Ấn Độ`). */
export function foreignAddress(rng: Rng, country: string): string {
  const city = rng.pick(FOREIGN_CITIES[country] ?? ['Industrial Park']);
  return `${rng.pick(['Plot', 'No.', 'Building', 'Lot'])} ${rng.range(1, 300)}, ${rng.pick(['Industrial Zone', 'Science Park', 'Hi-tech Park', 'Economic Zone'])}, ${city}, ${country}`;
}

/** A Vietnamese company's address in an industrial zone or a street of the province. */
export function companyAddress(rng: Rng, province: ProvinceInfo): string {
  if (rng.chance(0.35))
    return `Lô ${rng.pick(['A', 'B', 'C', 'D', 'E'])}${rng.range(1, 40)}, Khu công nghiệp ${rng.pick(BRAND_WORDS)}, ${province.name}`;
  return address(rng, province);
}

/** `1.250.000`: thousands separated by dots, as prices are written. */
export const vnNumber = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
