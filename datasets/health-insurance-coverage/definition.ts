import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, SNAPSHOT_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

const group = (code: string, vi: string, en: string) => ({ code, label: text(vi, en), values: [vi] });

export default defineDataset({
  id: 'health-insurance-coverage',
  kind: 'aggregate',
  title: text(
    'Số người tham gia bảo hiểm y tế theo tỉnh, nhóm đối tượng và nhóm tuổi',
    'Health-insurance enrolment by province, beneficiary group and age group',
  ),
  description: text(
    'Số người có thẻ bảo hiểm y tế còn hiệu lực tại ngày chốt dữ liệu, theo tỉnh/thành phố, nhóm đối tượng tham gia và nhóm tuổi. Tổng hợp từ dữ liệu thẻ; các số nhỏ được ẩn.',
    'People holding a valid health-insurance card on the data cut-off date, by province, beneficiary group and age group. Aggregated from card records; small counts are suppressed.',
  ),
  keywords: { vi: ['bảo hiểm y tế', 'thẻ BHYT', 'độ bao phủ'], en: ['health insurance', 'insurance cards', 'coverage'] },
  decree: { categories: [13], scope: ['14.4.d'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Cơ sở dữ liệu thẻ bảo hiểm y tế', 'Health-insurance card records'), format: 'csv' },
  schedule: 'cron(0 5 1 * ? *)',
  updateFrequency: text('Hằng tháng', 'Monthly'),
  fields: [
    { name: 'SoTheBHYT', class: 'personal', description: text('Số thẻ bảo hiểm y tế', 'Health-insurance card number') },
    PERSON.citizenId('SoCCCD'),
    PERSON.name('HoTen'),
    { ...PERSON.birthDate('NgaySinh'), required: true },
    { ...PERSON.province('MaTinh'), required: true },
    { name: 'DoiTuong', class: 'personal', required: true, description: text('Nhóm đối tượng tham gia', 'Beneficiary group') },
    { name: 'NgayChot', class: 'open', required: true, description: text('Ngày chốt dữ liệu', 'Data cut-off date') },
  ],
  dimensions: [
    SNAPSHOT_DIMENSION('quarter'),
    PROVINCE_DIMENSION('MaTinh'),
    {
      name: 'beneficiary_group',
      title: text('Nhóm đối tượng', 'Beneficiary group'),
      description: text('Nhóm đối tượng tham gia theo Luật Bảo hiểm y tế', 'Beneficiary group under the Law on Health Insurance'),
      source: {
        kind: 'category',
        field: 'DoiTuong',
        categories: [
          group('employment', 'Người lao động và người sử dụng lao động đóng', 'Paid by employees and employers'),
          group('social-insurance', 'Tổ chức bảo hiểm xã hội đóng', 'Paid by the social-insurance agency'),
          group('state-budget', 'Ngân sách nhà nước đóng', 'Paid by the state budget'),
          group('state-subsidised', 'Ngân sách nhà nước hỗ trợ mức đóng', 'Subsidised by the state budget'),
          group('household', 'Tham gia theo hộ gia đình', 'Enrolled by household'),
        ],
      },
    },
    {
      name: 'age_group',
      title: text('Nhóm tuổi', 'Age group'),
      description: text(
        'Tuổi tròn tại ngày chốt dữ liệu; 90 tuổi trở lên gộp chung',
        'Age in completed years on the cut-off date; 90 and over together',
      ),
      source: {
        kind: 'age-band',
        birthField: 'NgaySinh',
        atField: 'NgayChot',
        formats: DATE_FORMATS,
        bands: [0, 6, 15, 25, 35, 45, 55, 65, 75, 90],
      },
    },
  ],
  // Counts of 1–9 are never shown exactly: every count is rounded to a multiple of 10.
  disclosure: { k: 10 },
  release: { kind: 'snapshot', period: 'snapshot', roundingBase: 10 },
  sensitiveDimension: 'beneficiary_group',
  tables: [
    {
      id: 'by-snapshot-province-group-age',
      title: text('Theo kỳ, tỉnh, nhóm đối tượng và nhóm tuổi', 'By snapshot, province, beneficiary group and age group'),
      dimensions: ['snapshot', 'province', 'beneficiary_group', 'age_group'],
    },
  ],
});
