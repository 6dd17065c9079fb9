import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { DATE_FORMATS, PERSON, PROVINCE_DIMENSION, text } from '../person-level.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

const disease = (code: string, vi: string, en: string, ...aliases: string[]) => ({ code, label: text(vi, en), values: [vi, ...aliases] });

const DISEASES = [
  disease('dengue', 'Sốt xuất huyết Dengue', 'Dengue fever', 'Sốt xuất huyết'),
  disease('hfmd', 'Tay chân miệng', 'Hand, foot and mouth disease'),
  disease('measles', 'Sởi', 'Measles'),
  disease('influenza-a-h5n1', 'Cúm A(H5N1)', 'Influenza A(H5N1)', 'Cúm A/H5N1'),
  disease('diphtheria', 'Bạch hầu', 'Diphtheria'),
  disease('pertussis', 'Ho gà', 'Pertussis'),
  disease('varicella', 'Thủy đậu', 'Varicella', 'Thuỷ đậu'),
  disease('japanese-encephalitis', 'Viêm não Nhật Bản', 'Japanese encephalitis'),
  disease('rabies', 'Dại', 'Rabies'),
  disease('covid-19', 'COVID-19', 'COVID-19'),
];

export default defineDataset({
  id: 'notifiable-diseases',
  kind: 'aggregate',
  title: text('Số ca bệnh truyền nhiễm theo tỉnh, tuần và bệnh', 'Notifiable disease cases by province, week and disease'),
  description: text(
    'Số ca mắc bệnh truyền nhiễm phải báo cáo theo tuần báo cáo (ISO): toàn quốc theo từng bệnh, và theo tỉnh/thành phố cho sốt xuất huyết Dengue và các bệnh khác. Tổng hợp từ báo cáo ca bệnh; các số nhỏ được ẩn.',
    'Cases of notifiable infectious diseases by ISO week of report: national by disease, and by province for dengue fever and the other diseases. Aggregated from case reports; small counts are suppressed.',
  ),
  keywords: {
    vi: ['bệnh truyền nhiễm', 'sốt xuất huyết', 'tay chân miệng', 'y tế dự phòng'],
    en: ['notifiable diseases', 'dengue', 'hand, foot and mouth disease', 'preventive medicine'],
  },
  decree: { categories: [1], scope: ['14.4.đ'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Hệ thống báo cáo ca bệnh truyền nhiễm', 'Communicable disease case reporting system'), format: 'csv' },
  schedule: 'cron(0 6 ? * MON *)',
  updateFrequency: text('Hằng tuần', 'Weekly'),
  fields: [
    { name: 'MaCaBenh', class: 'personal', description: text('Mã ca bệnh', 'Case id') },
    PERSON.name('HoTen'),
    PERSON.birthDate('NgaySinh'),
    PERSON.sex('GioiTinh'),
    { name: 'SoDienThoai', class: 'personal', description: text('Số điện thoại', 'Phone number') },
    { name: 'DiaChi', class: 'personal', description: text('Địa chỉ nơi ở', 'Home address') },
    { ...PERSON.province('MaTinh'), required: true },
    {
      name: 'BenhTruyenNhiem',
      class: 'private-secret',
      required: true,
      description: text('Bệnh (tình trạng sức khỏe)', 'Disease (health status)'),
    },
    { name: 'NgayKhoiPhat', class: 'personal', required: true, description: text('Ngày khởi phát', 'Date of onset') },
    { name: 'NgayBaoCao', class: 'personal', required: true, description: text('Ngày báo cáo ca bệnh', 'Date the case was reported') },
  ],
  dimensions: [
    {
      name: 'week',
      title: text('Tuần báo cáo', 'Week of report'),
      description: text(
        'Tuần ISO 8601 ca bệnh được báo cáo, dạng YYYY-Www; ca báo cáo muộn được tính vào tuần báo cáo',
        'ISO 8601 week the case was reported, as YYYY-Www; a late report counts in the week it was made',
      ),
      source: { kind: 'iso-week', field: 'NgayBaoCao', formats: DATE_FORMATS },
    },
    PROVINCE_DIMENSION('MaTinh'),
    {
      name: 'notified_disease',
      title: text('Bệnh được báo cáo', 'Notified disease'),
      description: text(
        'Bệnh truyền nhiễm phải báo cáo, từng bệnh; các bảng công bố bệnh hoặc nhóm bệnh',
        'Each notifiable disease; the tables show diseases or groups of them',
      ),
      source: {
        kind: 'category',
        field: 'BenhTruyenNhiem',
        categories: DISEASES,
      },
    },
    {
      name: 'disease',
      title: text('Bệnh', 'Disease'),
      description: text(
        'Bệnh truyền nhiễm phải báo cáo; bệnh dại và cúm A(H5N1), hai bệnh lây từ động vật hiếm gặp, được gộp chung',
        'Notifiable disease; rabies and avian influenza A(H5N1), two rare zoonoses, are shown together',
      ),
      source: {
        kind: 'group',
        of: 'notified_disease',
        groups: [
          ...(['dengue', 'hfmd', 'measles', 'diphtheria', 'pertussis', 'varicella', 'japanese-encephalitis', 'covid-19'] as const).map(
            (code) => {
              const { label } = DISEASES.find((d) => d.code === code)!;
              return { code, label, members: [code] };
            },
          ),
          {
            code: 'rabies-h5n1',
            label: text('Dại và cúm A(H5N1) (bệnh lây từ động vật)', 'Rabies and avian influenza A(H5N1) (zoonoses)'),
            members: ['rabies', 'influenza-a-h5n1'],
          },
        ],
      },
    },
    {
      name: 'disease_group',
      title: text('Nhóm bệnh', 'Disease group'),
      description: text(
        'Sốt xuất huyết Dengue, và các bệnh khác gộp chung (theo tỉnh và tuần, số ca mỗi bệnh khác thường quá nhỏ để công bố)',
        'Dengue fever, and the other diseases together (by province and week, each other disease usually has too few cases to publish)',
      ),
      source: {
        kind: 'group',
        of: 'notified_disease',
        groups: [
          { code: 'dengue', label: text('Sốt xuất huyết Dengue', 'Dengue fever'), members: ['dengue'] },
          {
            code: 'other',
            label: text(
              'Các bệnh khác: tay chân miệng, sởi, cúm A(H5N1), bạch hầu, ho gà, thủy đậu, viêm não Nhật Bản, dại, COVID-19',
              'Other diseases: hand, foot and mouth disease, measles, influenza A(H5N1), diphtheria, pertussis, varicella, Japanese encephalitis, rabies, COVID-19',
            ),
            members: DISEASES.map((d) => d.code).filter((code) => code !== 'dengue'),
          },
        ],
      },
    },
  ],
  release: { kind: 'event', period: 'week', first: '2025-W01', lagDays: 7 },
  sensitiveDimension: 'notified_disease',
  // Every disease nationally (the two rarest together); by province, dengue and the others together.
  tables: [
    {
      id: 'by-week-disease',
      title: text('Toàn quốc theo tuần và bệnh', 'National, by week and disease'),
      dimensions: ['week', 'disease'],
    },
    {
      id: 'by-week-province-disease-group',
      title: text('Theo tuần, tỉnh và nhóm bệnh', 'By week, province and disease group'),
      dimensions: ['week', 'province', 'disease_group'],
    },
  ],
});
