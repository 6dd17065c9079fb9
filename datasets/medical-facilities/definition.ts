import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

export default defineDataset({
  id: 'medical-facilities',
  kind: 'registry',
  title: {
    vi: 'Cơ sở khám bệnh, chữa bệnh được cấp giấy phép hoạt động',
    en: 'Licensed medical examination and treatment facilities',
  },
  description: {
    vi: 'Danh sách cơ sở khám bệnh, chữa bệnh đã được Sở Y tế các tỉnh, thành phố cấp giấy phép hoạt động: tên, số giấy phép, hình thức tổ chức, tình trạng, địa chỉ, tỉnh/thành phố và ngày cấp. Tổng hợp từ sổ cấp phép của từng Sở Y tế; thông tin cá nhân của người chịu trách nhiệm chuyên môn đã được loại bỏ.',
    en: 'Medical examination and treatment facilities licensed by the provincial Departments of Health: name, licence number, form of practice, status, address, province and issue date. Compiled from each Department of Health’s licence register; personal data of the person in charge has been removed.',
  },
  keywords: {
    vi: ['cơ sở y tế', 'giấy phép hoạt động', 'phòng khám', 'bệnh viện', 'khám bệnh, chữa bệnh'],
    en: ['medical facilities', 'operating licence', 'clinics', 'hospitals', 'health care'],
  },
  decree: { categories: [24, 10], scope: ['14.1.a', '14.1.b', '14.1.c'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: {
    name: {
      vi: 'Sổ cấp giấy phép hoạt động khám bệnh, chữa bệnh của Sở Y tế các tỉnh, thành phố',
      en: 'Operating-licence registers of the provincial Departments of Health',
    },
    format: 'csv',
  },
  schedule: 'cron(0 2 * * ? *)',
  updateFrequency: { vi: 'Hằng ngày', en: 'Daily' },
  fields: [
    { name: 'TenCoSo', class: 'open', required: true, description: { vi: 'Tên cơ sở', en: 'Facility name' } },
    { name: 'SoGiayPhep', class: 'open', required: true, description: { vi: 'Số giấy phép hoạt động', en: 'Operating licence number' } },
    { name: 'DiaChi', class: 'open', description: { vi: 'Địa chỉ cơ sở', en: 'Facility address' } },
    { name: 'NgayCap', class: 'open', description: { vi: 'Ngày cấp giấy phép', en: 'Licence issue date' } },
    { name: 'TinhTrang', class: 'open', description: { vi: 'Tình trạng hoạt động', en: 'Operating status' } },
    { name: 'TenHinhThuc', class: 'open', description: { vi: 'Hình thức tổ chức', en: 'Form of practice' } },
    {
      name: 'SoCCHN_NDD',
      class: 'personal',
      description: {
        vi: 'Số chứng chỉ hành nghề của người chịu trách nhiệm chuyên môn: xác định một cá nhân',
        en: 'Practising-certificate number of the person legally responsible: identifies a natural person',
      },
    },
  ],
  columns: [
    {
      name: 'facility_name',
      type: 'string',
      title: { vi: 'Tên cơ sở', en: 'Facility name' },
      description: { vi: 'Tên cơ sở theo giấy phép hoạt động', en: 'Name of the facility as licensed' },
      source: { kind: 'text', field: 'TenCoSo' },
    },
    {
      name: 'licence_number',
      type: 'string',
      title: { vi: 'Số giấy phép', en: 'Licence number' },
      description: {
        vi: 'Số giấy phép hoạt động như trong sổ cấp phép (đã bỏ khoảng trắng thừa); một số có thể trùng, xem báo cáo chất lượng',
        en: 'Operating licence number as in the register (stray spaces removed); numbers may repeat, see the quality report',
      },
      source: { kind: 'code', field: 'SoGiayPhep' },
    },
    {
      name: 'form_of_practice',
      type: 'string',
      title: { vi: 'Hình thức tổ chức', en: 'Form of practice' },
      description: { vi: 'Hình thức tổ chức khám bệnh, chữa bệnh', en: 'Form of organisation of the facility' },
      source: { kind: 'text', field: 'TenHinhThuc' },
    },
    {
      name: 'status',
      type: 'string',
      title: { vi: 'Tình trạng', en: 'Status' },
      description: { vi: 'Tình trạng hoạt động theo sổ cấp phép', en: 'Operating status in the register' },
      source: { kind: 'text', field: 'TinhTrang' },
    },
    {
      name: 'address',
      type: 'string',
      title: { vi: 'Địa chỉ', en: 'Address' },
      description: { vi: 'Địa chỉ cơ sở', en: 'Address of the facility' },
      source: { kind: 'text', field: 'DiaChi' },
    },
    {
      name: 'province_code',
      type: 'string',
      title: { vi: 'Mã tỉnh/thành phố', en: 'Province code' },
      description: {
        vi: 'Mã tỉnh/thành phố (danh mục 34 tỉnh từ 01/7/2025) của Sở Y tế cấp phép; để trống khi không xác định được',
        en: 'Code of the licensing province (list of 34 provinces from 2025-07-01); empty when unknown',
      },
      source: { kind: 'province', part: 'code', addressField: 'DiaChi' },
    },
    {
      name: 'province_name',
      type: 'string',
      title: { vi: 'Tỉnh/thành phố', en: 'Province' },
      description: { vi: 'Tên tỉnh/thành phố', en: 'Province name' },
      source: { kind: 'province', part: 'name', addressField: 'DiaChi' },
    },
    {
      name: 'issue_date',
      type: 'date',
      title: { vi: 'Ngày cấp', en: 'Issue date' },
      description: {
        vi: 'Ngày cấp giấy phép; để trống khi sổ ghi "None" hoặc ngày giữ chỗ 2000-01-01',
        en: 'Licence issue date; empty where the register holds "None" or the 2000-01-01 placeholder',
      },
      source: {
        kind: 'date',
        field: 'NgayCap',
        formats: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f'],
        unknown: ['None', 'NULL', 'null', '2000-01-01', '2000-01-01 00:00:00'],
      },
    },
  ],
  sortBy: ['province_code', 'licence_number', 'facility_name', 'address'],
  chartBy: ['province_name', 'form_of_practice', 'status'],
  searchBy: ['facility_name', 'address'],
  quality: { duplicateKey: 'licence_number', maxRejectedRatio: 0.01 },
});
