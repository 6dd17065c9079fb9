import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

/**
 * Dates as the social-insurance XML exports write them (`yyyyMMddHHmm`, Decision 130/QĐ-BYT), or as
 * provincial systems convert them.
 */
export const ENCOUNTER_DATE_FORMATS = ['%Y%m%d%H%M', '%Y%m%d', ...DATE_FORMATS];

/**
 * MA_LOAI_KCB (Decision 130/QĐ-BYT): 1 examination, 2 outpatient treatment, 3 inpatient, 4 day
 * (inpatient by day), 5 and 8 chronic outpatient treatment, 6 short stay at a commune station or
 * regional polyclinic, 7 medicines collected by appointment, 9 inpatient under 4 hours. Some
 * provincial systems write the code with a leading zero, or the name.
 */
const careCodes = (...codes: number[]): string[] => codes.flatMap((c) => [String(c), String(c).padStart(2, '0')]);

/** Rare chapters that the province table shows together (each alone would be mostly suppressed). */
const OTHER_CHAPTERS = ['III', 'XVI', 'XVII', 'XVIII', 'XX', 'XXI', 'XXII'];

const chapterGroup = (code: string, members: string[], vi: string, en: string) => ({ code, label: text(vi, en), members });

export default defineDataset({
  id: 'health-care-encounters',
  kind: 'aggregate',
  title: text(
    'Số lượt khám bệnh, chữa bệnh bảo hiểm y tế theo tháng, tỉnh, chương bệnh ICD-10, hình thức điều trị và cấp cơ sở',
    'Insured health-care encounters by month, province, ICD-10 chapter, care type and facility level',
  ),
  description: text(
    'Số lượt khám bệnh, chữa bệnh có thanh toán bảo hiểm y tế (ngoại trú, điều trị ban ngày, nội trú) theo tháng ra viện hoặc kết thúc khám, tỉnh/thành phố nơi khám chữa bệnh, chương ICD-10 của bệnh chính, hình thức điều trị và cấp chuyên môn kỹ thuật của cơ sở. Tổng hợp từ dữ liệu đề nghị thanh toán mà mỗi tỉnh xuất hằng tháng; mỗi tháng được công bố một lần sau khi đã khép lại 45 ngày và không sửa lại; các số nhỏ được ẩn để không thể nhận diện ai.',
    'Insured health-care encounters (outpatient, day and inpatient) by month of discharge or end of visit, province of the facility, ICD-10 chapter of the main diagnosis, care type and the facility’s level of care. Aggregated from the claim records each province exports monthly; each month is published once, 45 days after it closes, and never revised; small counts are suppressed so that no one can be identified.',
  ),
  keywords: {
    vi: ['khám bệnh, chữa bệnh', 'bảo hiểm y tế', 'nội trú', 'ngoại trú', 'ICD-10'],
    en: ['health-care use', 'health insurance', 'inpatient', 'outpatient', 'ICD-10'],
  },
  decree: { categories: [3, 13], scope: ['14.4.đ'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: {
    name: text(
      'Dữ liệu đề nghị thanh toán khám bệnh, chữa bệnh bảo hiểm y tế (bảng tổng hợp theo Quyết định 130/QĐ-BYT), xuất theo tỉnh và tháng',
      'Health-insurance claim records (summary table of Decision 130/QĐ-BYT), exported per province and month',
    ),
    format: 'csv',
  },
  schedule: 'cron(0 6 16 * ? *)',
  updateFrequency: text('Hằng tháng', 'Monthly'),
  fields: [
    { name: 'MA_LK', class: 'personal', description: text('Mã liên kết của lượt khám chữa bệnh', 'Encounter link code') },
    { name: 'MA_BN', class: 'personal', description: text('Mã người bệnh tại cơ sở', 'Patient number at the facility') },
    PERSON.name('HO_TEN'),
    PERSON.citizenId('SO_CCCD'),
    PERSON.birthDate('NGAY_SINH'),
    PERSON.sex('GIOI_TINH'),
    { name: 'DIA_CHI', class: 'personal', description: text('Địa chỉ nơi cư trú', 'Home address') },
    { name: 'MATINH_CU_TRU', class: 'personal', description: text('Mã tỉnh nơi cư trú', 'Province of residence') },
    { name: 'MA_THE_BHYT', class: 'personal', description: text('Mã thẻ bảo hiểm y tế', 'Health-insurance card number') },
    {
      name: 'MA_BENH_CHINH',
      class: 'private-secret',
      required: true,
      description: text('Mã ICD-10 của bệnh chính: tình trạng sức khỏe', 'ICD-10 code of the main diagnosis: health status'),
    },
    {
      name: 'MA_BENH_KT',
      class: 'private-secret',
      description: text('Mã ICD-10 các bệnh kèm theo: tình trạng sức khỏe', 'ICD-10 codes of secondary diagnoses: health status'),
    },
    {
      name: 'MA_KHOA',
      class: 'private-secret',
      description: text(
        'Khoa điều trị (cho biết chuyên khoa, tức tình trạng sức khỏe)',
        'Treating department (reveals the specialty, so health status)',
      ),
    },
    {
      name: 'MA_LOAI_KCB',
      class: 'personal',
      required: true,
      description: text('Hình thức khám bệnh, chữa bệnh (mã 1–9)', 'Type of care (codes 1–9)'),
    },
    {
      name: 'MA_CSKCB',
      class: 'open',
      description: text('Mã cơ sở khám bệnh, chữa bệnh (danh mục công khai)', 'Facility code (a public list)'),
    },
    {
      name: 'CAP_CMKT',
      class: 'open',
      required: true,
      description: text(
        'Cấp chuyên môn kỹ thuật của cơ sở (hoặc tuyến, trong dữ liệu cũ)',
        'The facility’s level of care (or tier, in older data)',
      ),
    },
    {
      ...PERSON.province('MA_TINH'),
      description: text(
        'Mã tỉnh nơi khám bệnh, chữa bệnh (thư mục của tỉnh nếu để trống)',
        'Province of the facility (the province folder when empty)',
      ),
    },
    { name: 'NGAY_VAO', class: 'personal', description: text('Ngày giờ vào viện hoặc đến khám', 'Date and time of admission or visit') },
    {
      name: 'NGAY_RA',
      class: 'personal',
      required: true,
      description: text('Ngày giờ ra viện hoặc kết thúc khám', 'Date and time of discharge or end of visit'),
    },
    { name: 'SO_NGAY_DTRI', class: 'personal', description: text('Số ngày điều trị', 'Days of treatment') },
    {
      name: 'KET_QUA_DTRI',
      class: 'private-secret',
      description: text('Kết quả điều trị (khỏi, đỡ, nặng hơn, tử vong…)', 'Outcome (cured, improved, worse, died…)'),
    },
    { name: 'T_TONGCHI', class: 'personal', description: text('Tổng chi phí của lượt khám chữa bệnh', 'Total cost of the encounter') },
    { name: 'T_BHTT', class: 'personal', description: text('Số tiền bảo hiểm y tế thanh toán', 'Amount paid by health insurance') },
    { name: 'T_BNCCT', class: 'personal', description: text('Số tiền người bệnh cùng chi trả', 'Co-payment by the patient') },
  ],
  dimensions: [
    {
      name: 'month',
      title: text('Tháng ra viện / kết thúc khám', 'Month of discharge or end of visit'),
      description: text(
        'Tháng ra viện (nội trú, điều trị ban ngày) hoặc kết thúc lượt khám (ngoại trú), dạng YYYY-MM',
        'Month of discharge (inpatient, day care) or of the end of the visit (outpatient), as YYYY-MM',
      ),
      source: { kind: 'month', field: 'NGAY_RA', formats: ENCOUNTER_DATE_FORMATS },
    },
    {
      ...PROVINCE_DIMENSION('MA_TINH'),
      description: text(
        'Tỉnh/thành phố nơi có cơ sở khám bệnh, chữa bệnh (danh mục 34 tỉnh từ 01/7/2025)',
        'Province of the facility (list of 34 provinces from 2025-07-01)',
      ),
    },
    {
      name: 'icd10_chapter',
      title: text('Chương ICD-10 của bệnh chính', 'ICD-10 chapter of the main diagnosis'),
      description: text('Chương ICD-10 (WHO 2019) của bệnh chính', 'ICD-10 (WHO 2019) chapter of the main diagnosis'),
      source: { kind: 'icd10-chapter', field: 'MA_BENH_CHINH' },
    },
    {
      name: 'chapter_group',
      title: text('Nhóm chương ICD-10', 'ICD-10 chapter group'),
      description: text(
        'Chương ICD-10 của bệnh chính; các chương ít gặp (và mắt với tai, tâm thần với thần kinh) gộp chung',
        'ICD-10 chapter of the main diagnosis; the rare chapters (and eye with ear, mental with nervous) together',
      ),
      source: {
        kind: 'group',
        of: 'icd10_chapter',
        groups: [
          chapterGroup('I', ['I'], 'Chương I: bệnh nhiễm trùng và ký sinh trùng', 'Chapter I: infectious and parasitic diseases'),
          chapterGroup('II', ['II'], 'Chương II: khối u', 'Chapter II: neoplasms'),
          chapterGroup(
            'IV',
            ['IV'],
            'Chương IV: bệnh nội tiết, dinh dưỡng và chuyển hóa',
            'Chapter IV: endocrine, nutritional and metabolic',
          ),
          chapterGroup('V-VI', ['V', 'VI'], 'Chương V–VI: tâm thần, hệ thần kinh', 'Chapters V–VI: mental and nervous system'),
          chapterGroup('VII-VIII', ['VII', 'VIII'], 'Chương VII–VIII: mắt, tai và xương chũm', 'Chapters VII–VIII: eye, ear and mastoid'),
          chapterGroup('IX', ['IX'], 'Chương IX: bệnh của hệ tuần hoàn', 'Chapter IX: circulatory system'),
          chapterGroup('X', ['X'], 'Chương X: bệnh của hệ hô hấp', 'Chapter X: respiratory system'),
          chapterGroup('XI', ['XI'], 'Chương XI: bệnh của hệ tiêu hóa', 'Chapter XI: digestive system'),
          chapterGroup('XII', ['XII'], 'Chương XII: bệnh của da và mô dưới da', 'Chapter XII: skin and subcutaneous tissue'),
          chapterGroup('XIII', ['XIII'], 'Chương XIII: bệnh của hệ cơ, xương khớp', 'Chapter XIII: musculoskeletal system'),
          chapterGroup('XIV', ['XIV'], 'Chương XIV: bệnh của hệ sinh dục, tiết niệu', 'Chapter XIV: genitourinary system'),
          chapterGroup('XV', ['XV'], 'Chương XV: mang thai, sinh đẻ và hậu sản', 'Chapter XV: pregnancy, childbirth and the puerperium'),
          chapterGroup('XIX', ['XIX'], 'Chương XIX: vết thương, ngộ độc', 'Chapter XIX: injury and poisoning'),
          chapterGroup(
            'other',
            OTHER_CHAPTERS,
            'Các chương khác (III, XVI, XVII, XVIII, XX, XXI, XXII)',
            'Other chapters (III, XVI, XVII, XVIII, XX, XXI, XXII)',
          ),
        ],
      },
    },
    {
      name: 'care_type',
      title: text('Hình thức điều trị', 'Care type'),
      description: text(
        'Ngoại trú (khám bệnh, điều trị ngoại trú, bệnh mạn tính, nhận thuốc theo hẹn: mã 1, 2, 5, 7, 8); điều trị ban ngày (mã 4); nội trú (mã 3, 6, 9)',
        'Outpatient (visits, outpatient treatment, chronic care, medicines by appointment: codes 1, 2, 5, 7, 8); day care (code 4); inpatient (codes 3, 6, 9)',
      ),
      source: {
        kind: 'category',
        field: 'MA_LOAI_KCB',
        categories: [
          {
            code: 'outpatient',
            label: text('Ngoại trú', 'Outpatient'),
            values: [...careCodes(1, 2, 5, 7, 8), 'Khám bệnh', 'Ngoại trú', 'Điều trị ngoại trú'],
          },
          {
            code: 'day',
            label: text('Điều trị ban ngày', 'Day care'),
            values: [...careCodes(4), 'Điều trị ban ngày', 'Nội trú ban ngày', 'Điều trị nội trú ban ngày'],
          },
          {
            code: 'inpatient',
            label: text('Nội trú', 'Inpatient'),
            values: [...careCodes(3, 6, 9), 'Nội trú', 'Điều trị nội trú'],
          },
        ],
      },
    },
    {
      name: 'facility_level',
      title: text('Cấp chuyên môn kỹ thuật', 'Facility level of care'),
      description: text(
        'Cấp chuyên môn kỹ thuật của cơ sở theo Luật Khám bệnh, chữa bệnh 2023 (chuyên sâu, cơ bản, ban đầu); dữ liệu còn ghi tuyến được đọc: trung ương → chuyên sâu; tỉnh, huyện → cơ bản; xã → ban đầu',
        'The facility’s level of care under the 2023 Law on Medical Examination and Treatment (specialised, basic, primary); data still giving the tier is read as: central → specialised; province, district → basic; commune → primary',
      ),
      source: {
        kind: 'category',
        field: 'CAP_CMKT',
        categories: [
          {
            code: 'specialised',
            label: text('Chuyên sâu', 'Specialised'),
            values: ['Chuyên sâu', 'Cấp chuyên sâu', 'Tuyến trung ương', 'Trung ương'],
          },
          {
            code: 'basic',
            label: text('Cơ bản', 'Basic'),
            values: ['Cơ bản', 'Cấp cơ bản', 'Tuyến tỉnh', 'Tỉnh', 'Tuyến huyện', 'Huyện'],
          },
          { code: 'primary', label: text('Ban đầu', 'Primary'), values: ['Ban đầu', 'Cấp ban đầu', 'Tuyến xã', 'Xã'] },
        ],
      },
    },
  ],
  // Claims are sent at discharge and settled in the following weeks; a province's re-export of a
  // month replaces it in the landing bucket until the month is published, 45 days after it closes.
  release: { kind: 'event', period: 'month', first: '2025-01', lagDays: 45 },
  sensitiveDimension: 'icd10_chapter',
  // 15M encounters a month, 180M a year, one export per province and month: each landing partition
  // is counted in its own function by a Step Functions Distributed Map (pipeline/distributed/).
  execution: 'distributed',
  // Three linked tables instead of one sparse five-way grid (34 × 22 × 3 × 3 cells a month); protected together.
  tables: [
    {
      id: 'by-month-province-care-level',
      title: text('Theo tháng, tỉnh, hình thức điều trị và cấp cơ sở', 'By month, province, care type and facility level'),
      dimensions: ['month', 'province', 'care_type', 'facility_level'],
    },
    {
      id: 'by-month-chapter-care-level',
      title: text(
        'Toàn quốc theo tháng, chương ICD-10, hình thức điều trị và cấp cơ sở',
        'National, by month, ICD-10 chapter, care type and facility level',
      ),
      dimensions: ['month', 'icd10_chapter', 'care_type', 'facility_level'],
    },
    {
      id: 'by-month-province-chapter-care',
      title: text('Theo tháng, tỉnh, nhóm chương ICD-10 và hình thức điều trị', 'By month, province, ICD-10 chapter group and care type'),
      dimensions: ['month', 'province', 'chapter_group', 'care_type'],
    },
  ],
});
