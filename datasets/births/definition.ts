import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, SEX_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

export default defineDataset({
  id: 'births',
  kind: 'aggregate',
  title: text('Số trẻ sinh ra theo tháng, tỉnh, giới tính và nhóm tuổi của mẹ', 'Births by month, province, sex and mother’s age group'),
  description: text(
    'Số trẻ được cấp giấy chứng sinh theo tháng cấp, tỉnh/thành phố và giới tính, và theo nhóm tuổi của mẹ. Mỗi tháng được công bố một lần sau khi đã khép lại 30 ngày và không sửa lại. Tổng hợp từ dữ liệu giấy chứng sinh; các số nhỏ được ẩn để không thể nhận diện ai.',
    'Births with a birth certificate by month of issue, province and sex, and by the mother’s age group. Each month is published once, 30 days after it closes, and never revised. Aggregated from birth-certificate records; small counts are suppressed so that no one can be identified.',
  ),
  keywords: {
    vi: ['sinh', 'giấy chứng sinh', 'dân số', 'sức khỏe bà mẹ trẻ em'],
    en: ['births', 'birth certificates', 'population', 'maternal and child health'],
  },
  decree: { categories: [11, 12], scope: ['14.4.c'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Cơ sở dữ liệu giấy chứng sinh', 'Birth-certificate records'), format: 'csv' },
  schedule: 'cron(0 5 1 * ? *)',
  updateFrequency: text('Hằng tháng', 'Monthly'),
  fields: [
    PERSON.name('HoTenTre'),
    { ...PERSON.sex('GioiTinh'), required: true },
    { ...PERSON.birthDate('NgaySinh'), required: true },
    {
      name: 'NgayCapGCS',
      class: 'personal',
      required: true,
      description: text('Ngày cấp giấy chứng sinh', 'Date the birth certificate was issued'),
    },
    {
      name: 'CanNang',
      class: 'private-secret',
      description: text('Cân nặng khi sinh (đặc điểm thể chất)', 'Birth weight (a physical attribute)'),
    },
    { name: 'HoTenMe', class: 'personal', description: text('Họ tên mẹ', 'Mother’s name') },
    { name: 'SoCCCDMe', class: 'personal', description: text('Số CCCD của mẹ', 'Mother’s citizen ID') },
    { name: 'TuoiMe', class: 'personal', required: true, description: text('Tuổi của mẹ', 'Mother’s age') },
    { name: 'NoiSinh', class: 'personal', description: text('Nơi sinh (cơ sở y tế)', 'Place of birth (facility)') },
    { ...PERSON.province('MaTinh'), required: true },
  ],
  dimensions: [
    {
      name: 'month',
      title: text('Tháng cấp giấy chứng sinh', 'Month of certificate'),
      description: text(
        'Tháng cấp giấy chứng sinh, dạng YYYY-MM; giấy cấp muộn được tính vào tháng cấp',
        'Month the birth certificate was issued, as YYYY-MM; a late certificate counts in the month it was issued',
      ),
      source: { kind: 'month', field: 'NgayCapGCS', formats: DATE_FORMATS },
    },
    PROVINCE_DIMENSION('MaTinh'),
    SEX_DIMENSION('GioiTinh'),
    {
      name: 'mother_age_group',
      title: text('Nhóm tuổi của mẹ', 'Mother’s age group'),
      description: text('Tuổi của mẹ khi sinh, theo nhóm 5 năm', 'Mother’s age at birth, in five-year groups'),
      source: { kind: 'value-band', field: 'TuoiMe', bands: [0, 20, 25, 30, 35, 40] },
    },
  ],
  release: { kind: 'event', period: 'month', first: '2025-01', lagDays: 30 },
  sensitiveDimension: 'mother_age_group',
  tables: [
    {
      id: 'by-month-province-sex',
      title: text('Theo tháng, tỉnh và giới tính', 'By month, province and sex'),
      dimensions: ['month', 'province', 'sex'],
    },
    {
      id: 'by-month-province-mother-age',
      title: text('Theo tháng, tỉnh và nhóm tuổi của mẹ', 'By month, province and mother’s age group'),
      dimensions: ['month', 'province', 'mother_age_group'],
    },
  ],
});
