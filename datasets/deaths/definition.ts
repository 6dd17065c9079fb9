import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, LIFE_AGE_BANDS, PERSON, PROVINCE_DIMENSION, SEX_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

export default defineDataset({
  id: 'deaths',
  kind: 'aggregate',
  title: text(
    'Số người tử vong theo tỉnh, năm, giới tính, nhóm tuổi và nhóm nguyên nhân',
    'Deaths by province, year, sex, age group and cause chapter',
  ),
  description: text(
    'Số người tử vong theo tỉnh/thành phố, năm, giới tính, nhóm tuổi (từ 90 tuổi trở lên gộp chung) và chương ICD-10 của nguyên nhân chính. Tổng hợp từ giấy báo tử; các số nhỏ được ẩn.',
    'Deaths by province, year, sex, age group (90 and over together) and the ICD-10 chapter of the underlying cause. Aggregated from death notifications; small counts are suppressed.',
  ),
  keywords: { vi: ['tử vong', 'nguyên nhân tử vong', 'ICD-10', 'dân số'], en: ['deaths', 'causes of death', 'ICD-10', 'population'] },
  decree: { categories: [11, 3], scope: ['14.4.e'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Dữ liệu giấy báo tử', 'Death notifications'), format: 'csv' },
  schedule: 'cron(0 5 1 * ? *)',
  updateFrequency: text('Hằng tháng', 'Monthly'),
  fields: [
    PERSON.name('HoTen'),
    PERSON.citizenId('SoCCCD'),
    { ...PERSON.birthDate('NgaySinh'), required: true },
    { name: 'NgayTuVong', class: 'personal', required: true, description: text('Ngày tử vong', 'Date of death') },
    { ...PERSON.sex('GioiTinh'), required: true },
    {
      name: 'MaICD10',
      class: 'private-secret',
      required: true,
      description: text('Nguyên nhân tử vong chính (ICD-10): tình trạng sức khỏe', 'Underlying cause of death (ICD-10): health status'),
    },
    { ...PERSON.province('MaTinh'), required: true },
  ],
  dimensions: [
    PROVINCE_DIMENSION('MaTinh'),
    {
      name: 'year',
      title: text('Năm tử vong', 'Year of death'),
      description: text('Năm tử vong', 'Year of death'),
      source: { kind: 'year', field: 'NgayTuVong', formats: DATE_FORMATS },
    },
    SEX_DIMENSION('GioiTinh'),
    {
      name: 'age_group',
      title: text('Nhóm tuổi', 'Age group'),
      description: text('Tuổi tròn khi tử vong; 90 tuổi trở lên gộp chung', 'Age in completed years at death; 90 and over together'),
      source: { kind: 'age-band', birthField: 'NgaySinh', atField: 'NgayTuVong', formats: DATE_FORMATS, bands: LIFE_AGE_BANDS },
    },
    {
      name: 'cause_chapter',
      title: text('Chương ICD-10 của nguyên nhân chính', 'ICD-10 chapter of the underlying cause'),
      description: text('Chương ICD-10 (WHO 2019) của nguyên nhân tử vong chính', 'ICD-10 (WHO 2019) chapter of the underlying cause'),
      source: { kind: 'icd10-chapter', field: 'MaICD10' },
    },
  ],
  tables: [
    {
      id: 'by-province-year-sex-age-cause',
      title: text('Theo tỉnh, năm, giới tính, nhóm tuổi và nguyên nhân', 'By province, year, sex, age group and cause'),
      dimensions: ['province', 'year', 'sex', 'age_group', 'cause_chapter'],
    },
  ],
});
