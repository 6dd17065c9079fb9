/**
 * Synthetic export of the drug registry (thuốc được cấp số đăng ký lưu hành), national, as JSON:
 * a JSON array (one record a line) or NDJSON (option `format`).
 *
 * Fields, in order: `id`, `registerCode` (`VD-32243-19`, `VN-21939-19`, `GC-312-19`, `QLĐB-725-19`,
 * `VD3-45-20`, `QLSP-1234-21`), `drugName`, `drugPropertyNames` (active ingredients and strengths),
 * `drugProperties` (excipients: a business secret), `category`, `drugType` (`Tân dược`, `Đông dược`,
 * null or empty), `country`, `registerCompany`, `registerAddress`, `addressFrom`, `price` (often
 * empty), `expired`, `standard`, `drugNum` (decision number; in ~20 % of records written with the
 * look-alike `Ð` U+00D0 instead of `Đ`), `isStandard`. About 10 % of records carry the database
 * export's wrappers `_id: {"$oid": …}` and `updatedAt: {"$date": …}`, about 5 % a `drugImageUrl`
 * nobody has classified. Every company and brand name invented.
 */
import { dayNumber, isoDate } from '../generators/dates.ts';
import { companyAddress, foreignAddress, foreignCompany, vietnameseCompany, vnNumber } from '../generators/companies.ts';
import { residenceWeights } from '../generators/geo.ts';
import { seededStreams, withCanary } from '../generators/identifiers.ts';
import { type Rng, Weighted, weightedKeys } from '../generators/random.ts';
import { checkOptions, type DatasetGenerator, type GeneratorOptions } from '../generators/types.ts';

export const COLUMNS = [
  'id',
  'registerCode',
  'drugName',
  'drugPropertyNames',
  'drugProperties',
  'category',
  'drugType',
  'country',
  'registerCompany',
  'registerAddress',
  'addressFrom',
  'price',
  'expired',
  'standard',
  'drugNum',
  'isStandard',
] as const;

export type MedicineRecord = {
  _id?: { $oid: string };
  id: number;
  registerCode: string;
  drugName: string;
  drugPropertyNames: string;
  drugProperties: string;
  category: string;
  drugType: string | null;
  country: string;
  registerCompany: string;
  registerAddress: string;
  addressFrom: string;
  price: string;
  expired: string;
  standard: string;
  drugNum: string;
  isStandard: boolean;
  drugImageUrl?: string;
  updatedAt?: { $date: string };
};

export type RegisteredMedicinesOptions = GeneratorOptions & { format?: 'json-array' | 'ndjson' };

const RX = 'Thuốc kê đơn';
const OTC = 'Thuốc không kê đơn';

/** `[active ingredient(s) with strengths, dosage form, price unit, typical price, prescription?, herbal?]`. */
type Product = readonly [ingredients: readonly string[], form: string, unit: string, price: number, rx: boolean, herbal: boolean];

const PRODUCTS: readonly Product[] = [
  [['Paracetamol 500mg', 'Paracetamol 650mg', 'Paracetamol 325mg'], 'Viên nén', 'viên', 500, false, false],
  [['Paracetamol 250mg', 'Paracetamol 150mg', 'Paracetamol 80mg'], 'Thuốc bột sủi bọt', 'gói', 1_800, false, false],
  [['Amoxicillin 500mg', 'Amoxicillin 250mg'], 'Viên nang cứng', 'viên', 1_100, true, false],
  [
    ['Amoxicillin 500mg; Acid clavulanic 125mg', 'Amoxicillin 875mg; Acid clavulanic 125mg'],
    'Viên nén bao phim',
    'viên',
    6_500,
    true,
    false,
  ],
  [['Cefuroxim 500mg', 'Cefuroxim 250mg'], 'Viên nén bao phim', 'viên', 4_200, true, false],
  [['Cefixim 200mg', 'Cefixim 100mg'], 'Viên nang cứng', 'viên', 3_000, true, false],
  [['Azithromycin 500mg', 'Azithromycin 250mg'], 'Viên nén bao phim', 'viên', 5_500, true, false],
  [['Ciprofloxacin 500mg'], 'Viên nén bao phim', 'viên', 1_500, true, false],
  [['Levofloxacin 500mg', 'Levofloxacin 750mg'], 'Viên nén bao phim', 'viên', 4_000, true, false],
  [['Ceftriaxon 1g', 'Ceftriaxon 2g'], 'Thuốc bột pha tiêm', 'lọ', 18_000, true, false],
  [
    ['Metformin hydroclorid 500mg', 'Metformin hydroclorid 850mg', 'Metformin hydroclorid 1000mg'],
    'Viên nén bao phim',
    'viên',
    700,
    true,
    false,
  ],
  [['Gliclazid 30mg', 'Gliclazid 80mg'], 'Viên nén giải phóng có kiểm soát', 'viên', 1_600, true, false],
  [['Amlodipin 5mg', 'Amlodipin 10mg'], 'Viên nén', 'viên', 600, true, false],
  [['Losartan kali 50mg', 'Losartan kali 100mg'], 'Viên nén bao phim', 'viên', 1_200, true, false],
  [['Atorvastatin 10mg', 'Atorvastatin 20mg', 'Atorvastatin 40mg'], 'Viên nén bao phim', 'viên', 1_400, true, false],
  [['Rosuvastatin 10mg', 'Rosuvastatin 20mg'], 'Viên nén bao phim', 'viên', 2_500, true, false],
  [['Clopidogrel 75mg'], 'Viên nén bao phim', 'viên', 2_800, true, false],
  [['Omeprazol 20mg', 'Esomeprazol 40mg', 'Esomeprazol 20mg'], 'Viên nang cứng chứa vi hạt bao tan trong ruột', 'viên', 1_900, true, false],
  [['Ibuprofen 400mg', 'Ibuprofen 200mg'], 'Viên nén bao phim', 'viên', 800, false, false],
  [['Meloxicam 7,5mg', 'Meloxicam 15mg'], 'Viên nén', 'viên', 900, true, false],
  [['Loratadin 10mg', 'Cetirizin dihydroclorid 10mg'], 'Viên nén', 'viên', 500, false, false],
  [['Acid ascorbic 500mg', 'Vitamin B1 100mg; Vitamin B6 200mg; Vitamin B12 200mcg'], 'Viên nén bao phim', 'viên', 700, false, false],
  [['Salbutamol 2mg', 'Salbutamol 4mg'], 'Viên nén', 'viên', 300, true, false],
  [['Methylprednisolon 4mg', 'Methylprednisolon 16mg', 'Prednisolon 5mg'], 'Viên nén', 'viên', 1_000, true, false],
  [['Natri clorid 0,9%', 'Glucose 5%', 'Ringer lactat'], 'Dung dịch tiêm truyền', 'chai', 12_000, true, false],
  [['Insulin người 100IU/ml'], 'Hỗn dịch tiêm', 'lọ', 110_000, true, false],
  [['Domperidon 10mg'], 'Viên nén', 'viên', 400, true, false],
  [['Acetylcystein 200mg'], 'Thuốc bột uống', 'gói', 1_200, false, false],
  [['Alverin citrat 40mg', 'Drotaverin hydroclorid 40mg'], 'Viên nén', 'viên', 450, false, false],
  [['Cao khô lá thường xuân 35mg/5ml'], 'Siro', 'chai', 65_000, false, true],
  [['Cao đinh lăng 150mg; Cao bạch quả 20mg'], 'Viên nang mềm', 'viên', 1_500, false, true],
  [['Cao khô diệp hạ châu 250mg', 'Cao khô actiso 200mg'], 'Viên nang cứng', 'viên', 900, false, true],
  [['Kim tiền thảo 120mg; Râu mèo 80mg'], 'Viên nén bao đường', 'viên', 700, false, true],
  [['Bạch truật 300mg; Đảng sâm 250mg; Hoàng kỳ 250mg'], 'Viên hoàn cứng', 'gói', 4_500, false, true],
];

const EXCIPIENTS = [
  'Tinh bột ngô',
  'Lactose monohydrat',
  'Cellulose vi tinh thể',
  'Magnesi stearat',
  'Talc',
  'Povidon K30',
  'Natri starch glycolat',
  'Silic dioxyd keo khan',
  'Hydroxypropyl methylcellulose',
  'Titan dioxyd',
  'Polyethylen glycol 6000',
  'Croscarmellose natri',
  'Sucrose',
  'Natri benzoat',
  'Nước tinh khiết',
  'Acid citric khan',
  'Màu oxyd sắt đỏ',
  'Gelatin',
  'Glycerin',
  'Sorbitol',
];

const FOREIGN = weightedKeys({
  'Ấn Độ': 25,
  'Hàn Quốc': 15,
  'Trung Quốc': 8,
  Pháp: 6,
  Đức: 6,
  Ý: 4,
  Hungary: 3,
  'Tây Ban Nha': 3,
  'Thái Lan': 3,
  Mỹ: 3,
  'Nhật Bản': 3,
  Pakistan: 3,
  Bangladesh: 2,
  Indonesia: 2,
  Malaysia: 2,
  Anh: 2,
  'Thụy Sĩ': 2,
  'Ba Lan': 2,
  Síp: 2,
  'Đài Loan': 2,
  Bỉ: 1,
  Áo: 1,
  Argentina: 1,
});

const CODE_KIND = weightedKeys({ VD: 50, VN: 30, GC: 5, QLĐB: 3, VD3: 2, VN3: 2, QLSP: 3, VS: 5 });
const EXPIRY = weightedKeys({ '36 tháng': 55, '24 tháng': 30, '48 tháng': 7, '60 tháng': 5, '18 tháng': 3 });
const DOMESTIC_STANDARD = weightedKeys({ TCCS: 55, 'DĐVN V': 15, 'BP 2020': 10, 'USP 43': 10, 'USP 42': 5, 'EP 10': 5 });
const FOREIGN_STANDARD = weightedKeys({ NSX: 35, 'BP 2020': 18, 'USP 43': 18, 'EP 10': 12, 'USP 42': 7, 'BP 2019': 5, 'JP 17': 5 });

const BRAND_HEADS = [
  'Ta',
  'Pa',
  'Ce',
  'Mo',
  'Gli',
  'Lo',
  'Zi',
  'Fa',
  'Me',
  'Ro',
  'Vi',
  'Do',
  'Sa',
  'Am',
  'Bi',
  'Ka',
  'Neo',
  'Tri',
  'Hepa',
  'Cardi',
];
const BRAND_MIDS = ['', '', 'xi', 'fu', 'ra', 'lo', 'me', 'ta', 'ro', 'co', 'na', 've'];
const BRAND_TAILS = ['col', 'dol', 'zil', 'fen', 'min', 'tin', 'sol', 'pin', 'nat', 'lex', 'vit', 'gan', 'mox', 'cef', 'stad', 'bac'];

/** First strength number of an ingredient list (`Paracetamol 500mg` → `500`). */
const firstStrength = (ingredients: string): string => /(\d+(?:,\d+)?)\s*(?:mg|g|mcg|IU|%)/.exec(ingredients)?.[1] ?? '';

function drugName(rng: Rng, ingredients: string, form: string): string {
  const strength = firstStrength(ingredients);
  if (rng.chance(0.4)) {
    // Generic name: the first ingredient (and strength), sometimes the form.
    const first = ingredients.split('; ')[0] ?? ingredients;
    return rng.chance(0.2) ? `${first} (${form.toLowerCase()})` : first;
  }
  const brand = `${rng.pick(BRAND_HEADS)}${rng.pick(BRAND_MIDS)}${rng.pick(BRAND_TAILS)}`;
  return strength && rng.chance(0.7) ? `${brand} ${strength}` : brand;
}

const hex = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
};

export function* rows(opts: RegisteredMedicinesOptions): Generator<MedicineRecord> {
  checkOptions(opts);
  const { rng, canaries } = seededStreams('registered-medicines', opts);
  const companyProvinces = residenceWeights({ '01': 3, '79': 3 });
  const products = new Weighted(PRODUCTS.map((p) => [p, p[5] ? 1 : 2] as const));
  const exportedFrom = dayNumber(2024, 1, 1);
  const exportedTo = dayNumber(2026, 11, 19);
  let id = 10_000;
  for (let i = 0; i < opts.rows; i++) {
    id += 1 + (rng.chance(0.15) ? rng.range(1, 5) : 0);
    const [strengths, form, unit, basePrice, rx, herbal] = products.pick(rng);
    const ingredients = rng.pick(strengths);
    const kind = CODE_KIND.pick(rng);
    const foreign = kind === 'VN' || kind === 'VN3' || (kind === 'QLSP' && rng.chance(0.6)) || (kind === 'QLĐB' && rng.chance(0.3));
    const yy = String(rng.range(15, 25));
    const serial = kind === 'VD' || kind === 'VN' ? rng.digits(5) : kind === 'QLSP' ? rng.digits(4) : String(rng.range(1, 999));
    // Imported herbal medicines come from the neighbours with the same tradition.
    const country = !foreign ? 'Việt Nam' : herbal ? rng.pick(['Trung Quốc', 'Trung Quốc', 'Hàn Quốc', 'Đài Loan']) : FOREIGN.pick(rng);
    const province = companyProvinces.pick(rng);
    const company = foreign
      ? foreignCompany(rng, country)
      : vietnameseCompany(rng, rng.pick(['Dược phẩm', 'Dược', 'Dược - Vật tư Y tế', 'Dược phẩm Trung ương']));
    let registerAddress = foreign ? foreignAddress(rng, country) : companyAddress(rng, province);
    const addressFrom = foreign
      ? foreignAddress(rng, country)
      : rng.chance(0.5)
        ? registerAddress
        : companyAddress(rng, companyProvinces.pick(rng));
    const standard = (foreign ? FOREIGN_STANDARD : DOMESTIC_STANDARD).pick(rng);
    const lookAlike = rng.chance(0.2);
    const decision = `QĐ ${rng.range(1, 999)}/QĐ-QLD`;
    const r = rng.next();
    const drugType = r < 0.06 ? null : r < 0.1 ? '' : herbal ? 'Đông dược' : 'Tân dược';
    const price = rng.chance(0.6)
      ? ''
      : `${vnNumber(Math.max(100, Math.round((basePrice * (0.5 + rng.next() * 1.5)) / 50) * 50))} VNĐ/${unit}`;
    const excipients = Array.from({ length: rng.range(3, 6) }, () => rng.pick(EXCIPIENTS)).filter((e, k, all) => all.indexOf(e) === k);
    const wrapped = rng.chance(0.1);
    const withImage = rng.chance(0.05);
    const canary = canaries.next();
    if (canary) registerAddress = withCanary(canary, registerAddress, company);
    const oid = wrapped ? hex(rng, 24) : '';
    let record: MedicineRecord = {
      id,
      registerCode: `${kind}-${serial}-${yy}`,
      drugName: drugName(rng, ingredients, form),
      drugPropertyNames: ingredients,
      drugProperties: `${excipients.join(', ')} vừa đủ 1 ${unit}`,
      category: rx ? RX : OTC,
      drugType,
      country,
      registerCompany: company,
      registerAddress,
      addressFrom,
      price,
      expired: EXPIRY.pick(rng),
      standard,
      drugNum: lookAlike ? decision.replaceAll('Đ', 'Ð') : decision,
      isStandard: standard !== 'TCCS' && standard !== 'NSX',
    };
    if (withImage) record.drugImageUrl = `https://images.thuoc.example/${hex(rng, 8)}/${id}.jpg`;
    if (wrapped) {
      // The database export's wrappers: `_id` first, `updatedAt` last.
      record = { _id: { $oid: oid }, ...record };
      const day = exportedFrom + rng.int(exportedTo - exportedFrom + 1);
      const ms = rng.int(86_400_000);
      record.updatedAt = { $date: `${isoDate(day)}T${new Date(ms).toISOString().slice(11)}` };
    }
    yield record;
  }
}

export const generator: DatasetGenerator = {
  id: 'registered-medicines',
  formats: ['json-array', 'ndjson'],
  columns: COLUMNS,
  canaryFields: ['registerAddress'],
  rows,
  sample: { file: 'drug-registry-2026-11-20.json', rows: 40, seed: 2025_11, format: 'json-array' },
};
