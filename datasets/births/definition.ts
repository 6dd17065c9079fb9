import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, SEX_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

export default defineDataset({
  id: 'births',
  kind: 'aggregate',
  title: text('Số trẻ sinh ra theo tỉnh, tháng, giới tính và nhóm tuổi của mẹ', 'Births by province, month, sex and mother’s age group'),
  description: text(
    'Số trẻ được cấp giấy chứng sinh theo tỉnh/thành phố, tháng sinh và giới tính, và theo nhóm tuổi của mẹ. Tổng hợp từ dữ liệu giấy chứng sinh; các số nhỏ được ẩn để không thể nhận diện ai.',
    'Births with a birth certificate by province, month of birth and sex, and by the mother’s age group. Aggregated from birth-certificate records; small counts are suppressed so that no one can be identified.',
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
    PROVINCE_DIMENSION('MaTinh'),
    {
      name: 'month',
      title: text('Tháng sinh', 'Month of birth'),
      description: text('Tháng sinh, dạng YYYY-MM', 'Month of birth, as YYYY-MM'),
      source: { kind: 'month', field: 'NgaySinh', formats: DATE_FORMATS },
    },
    SEX_DIMENSION('GioiTinh'),
    {
      name: 'mother_age_group',
      title: text('Nhóm tuổi của mẹ', 'Mother’s age group'),
      description: text('Tuổi của mẹ khi sinh, theo nhóm 5 năm', 'Mother’s age at birth, in five-year groups'),
      source: { kind: 'value-band', field: 'TuoiMe', bands: [0, 20, 25, 30, 35, 40] },
    },
  ],
  tables: [
    {
      id: 'by-province-month-sex',
      title: text('Theo tỉnh, tháng và giới tính', 'By province, month and sex'),
      dimensions: ['province', 'month', 'sex'],
    },
    {
      id: 'by-province-mother-age',
      title: text('Theo tỉnh và nhóm tuổi của mẹ', 'By province and mother’s age group'),
      dimensions: ['province', 'mother_age_group'],
    },
  ],
});
