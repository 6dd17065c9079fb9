import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, SEX_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

/** Wide bands where deaths are few (children, young adults), 10 years from 30, top-coded at 90+. */
const DEATH_AGE_BANDS = [0, 1, 5, 15, 30, 45, 60, 70, 80, 90];

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
    {
      name: 'NgayBaoTu',
      class: 'personal',
      required: true,
      description: text('Ngày cấp giấy báo tử', 'Date the death notification was issued'),
    },
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
    {
      name: 'year',
      title: text('Năm báo tử', 'Year of notification'),
      description: text(
        'Năm cấp giấy báo tử; giấy báo tử cấp muộn được tính vào năm cấp',
        'Year the death notification was issued; a late notification counts in the year it was issued',
      ),
      source: { kind: 'year', field: 'NgayBaoTu', formats: DATE_FORMATS },
    },
    PROVINCE_DIMENSION('MaTinh'),
    SEX_DIMENSION('GioiTinh'),
    {
      name: 'age_group',
      title: text('Nhóm tuổi', 'Age group'),
      description: text('Tuổi tròn khi tử vong; 90 tuổi trở lên gộp chung', 'Age in completed years at death; 90 and over together'),
      source: { kind: 'age-band', birthField: 'NgaySinh', atField: 'NgayTuVong', formats: DATE_FORMATS, bands: DEATH_AGE_BANDS },
    },
    {
      name: 'cause_chapter',
      title: text('Chương ICD-10 của nguyên nhân chính', 'ICD-10 chapter of the underlying cause'),
      description: text('Chương ICD-10 (WHO 2019) của nguyên nhân tử vong chính', 'ICD-10 (WHO 2019) chapter of the underlying cause'),
      source: { kind: 'icd10-chapter', field: 'MaICD10' },
    },
    {
      name: 'cause_group',
      title: text('Nhóm nguyên nhân', 'Cause group'),
      description: text(
        'Chương ICD-10 của nguyên nhân chính; các chương ít gặp gộp thành "các chương khác"',
        'ICD-10 chapter of the underlying cause; the rare chapters together as "other chapters"',
      ),
      source: {
        kind: 'group',
        of: 'cause_chapter',
        groups: [
          ...['I', 'II', 'IV', 'V', 'VI', 'IX', 'X', 'XI', 'XIV', 'XVIII', 'XX'].map((chapter) => ({
            code: chapter,
            label: text(`Chương ${chapter}`, `Chapter ${chapter}`),
            members: [chapter],
          })),
          {
            code: 'other',
            label: text(
              'Các chương khác (III, VII, VIII, XII, XIII, XV, XVI, XVII, XIX, XXI, XXII)',
              'Other chapters (III, VII, VIII, XII, XIII, XV, XVI, XVII, XIX, XXI, XXII)',
            ),
            members: ['III', 'VII', 'VIII', 'XII', 'XIII', 'XV', 'XVI', 'XVII', 'XIX', 'XXI', 'XXII'],
          },
        ],
      },
    },
  ],
  release: { kind: 'event', period: 'year', first: '2025', lagDays: 90 },
  sensitiveDimension: 'cause_chapter',
  // Linked tables of fewer dimensions instead of one sparse grid; protected together.
  tables: [
    {
      id: 'by-year-province-sex-age',
      title: text('Theo năm, tỉnh, giới tính và nhóm tuổi', 'By year, province, sex and age group'),
      dimensions: ['year', 'province', 'sex', 'age_group'],
    },
    {
      id: 'by-year-sex-age-cause',
      title: text('Toàn quốc theo năm, giới tính, nhóm tuổi và nguyên nhân', 'National, by year, sex, age group and cause'),
      dimensions: ['year', 'sex', 'age_group', 'cause_group'],
    },
    {
      id: 'by-year-province-cause',
      title: text('Theo năm, tỉnh và nguyên nhân', 'By year, province and cause'),
      dimensions: ['year', 'province', 'cause_group'],
    },
  ],
});
