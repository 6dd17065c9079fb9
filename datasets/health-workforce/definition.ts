import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { PERSON, PROVINCE_DIMENSION, SNAPSHOT_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

export default defineDataset({
  id: 'health-workforce',
  kind: 'aggregate',
  title: text(
    'Người hành nghề khám bệnh, chữa bệnh theo tỉnh, chức danh và tình trạng chứng chỉ',
    'Health practitioners by province, profession and certificate status',
  ),
  description: text(
    'Số người được cấp chứng chỉ hành nghề/giấy phép hành nghề khám bệnh, chữa bệnh, theo tỉnh/thành phố, chức danh chuyên môn và tình trạng. Tổng hợp từ sổ cấp chứng chỉ hành nghề; không công bố thông tin của từng người.',
    'Number of people holding a practising certificate or licence, by province, professional title and status. Aggregated from the practising-certificate register; nothing about any individual is published.',
  ),
  keywords: {
    vi: ['nhân lực y tế', 'chứng chỉ hành nghề', 'bác sĩ', 'điều dưỡng'],
    en: ['health workforce', 'practising certificates', 'doctors', 'nurses'],
  },
  decree: { categories: [20], scope: ['14.2.c'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Sổ cấp chứng chỉ hành nghề khám bệnh, chữa bệnh', 'Practising-certificate register'), format: 'csv' },
  schedule: 'cron(0 4 ? * MON *)',
  updateFrequency: text('Hằng tuần', 'Weekly'),
  fields: [
    PERSON.name('HoTen'),
    PERSON.birthDate('NgaySinh'),
    PERSON.citizenId('SoCCCD'),
    { name: 'SoChungChi', class: 'personal', description: text('Số chứng chỉ hành nghề', 'Certificate number') },
    { name: 'ChucDanh', class: 'personal', required: true, description: text('Chức danh chuyên môn', 'Professional title') },
    { name: 'PhamViHoatDong', class: 'personal', description: text('Phạm vi hoạt động chuyên môn', 'Scope of practice') },
    { name: 'NoiCap', class: 'personal', description: text('Nơi cấp', 'Issuing authority') },
    { name: 'NgayCap', class: 'personal', description: text('Ngày cấp', 'Issue date') },
    { name: 'TrangThai', class: 'personal', required: true, description: text('Tình trạng chứng chỉ', 'Certificate status') },
    { ...PERSON.province('MaTinh'), required: true },
  ],
  dimensions: [
    SNAPSHOT_DIMENSION('quarter'),
    PROVINCE_DIMENSION('MaTinh'),
    {
      name: 'profession',
      title: text('Chức danh chuyên môn', 'Profession'),
      description: text('Chức danh ghi trên chứng chỉ hành nghề', 'Professional title on the certificate'),
      source: {
        kind: 'category',
        field: 'ChucDanh',
        categories: [
          { code: 'physician', label: text('Bác sĩ', 'Physician'), values: ['Bác sĩ'] },
          { code: 'assistant-physician', label: text('Y sĩ', 'Assistant physician'), values: ['Y sĩ'] },
          { code: 'nurse', label: text('Điều dưỡng', 'Nurse'), values: ['Điều dưỡng'] },
          { code: 'midwife', label: text('Hộ sinh', 'Midwife'), values: ['Hộ sinh'] },
          { code: 'medical-technician', label: text('Kỹ thuật y', 'Medical technician'), values: ['Kỹ thuật y'] },
          { code: 'pharmacist', label: text('Dược sĩ', 'Pharmacist'), values: ['Dược sĩ'] },
          { code: 'traditional-practitioner', label: text('Lương y', 'Traditional medicine practitioner'), values: ['Lương y'] },
          { code: 'nutritionist', label: text('Cử nhân dinh dưỡng', 'Clinical nutritionist'), values: ['Cử nhân dinh dưỡng'] },
        ],
      },
    },
    {
      name: 'status',
      title: text('Tình trạng', 'Status'),
      description: text('Tình trạng của chứng chỉ', 'Status of the certificate'),
      source: {
        kind: 'category',
        field: 'TrangThai',
        categories: [
          { code: 'valid', label: text('Đang hiệu lực', 'Valid'), values: ['Đang hiệu lực'] },
          { code: 'suspended', label: text('Tạm đình chỉ', 'Suspended'), values: ['Tạm đình chỉ'] },
          { code: 'revoked', label: text('Đã thu hồi', 'Revoked'), values: ['Đã thu hồi', 'Thu hồi'] },
        ],
      },
    },
  ],
  // Counts of 1–9 are never shown exactly: every count is rounded to a multiple of 10.
  disclosure: { k: 10 },
  release: { kind: 'snapshot', period: 'snapshot', roundingBase: 10 },
  sensitiveDimension: 'status',
  tables: [
    {
      id: 'by-snapshot-province-profession-status',
      title: text('Theo kỳ, tỉnh, chức danh và tình trạng', 'By snapshot, province, profession and status'),
      dimensions: ['snapshot', 'province', 'profession', 'status'],
    },
  ],
});
