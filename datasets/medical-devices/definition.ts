import { defineDataset } from '../../src/policy/dataset-definition.ts';
import { MINISTRY_OF_HEALTH, OPEN_LICENCE } from '../shared.ts';

const text = (vi: string, en: string) => ({ vi, en });
const DATE_FORMATS = ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y'];

export default defineDataset({
  id: 'medical-devices',
  kind: 'registry',
  title: text('Trang thiết bị y tế được cấp số lưu hành', 'Medical devices with a marketing number'),
  description: text(
    'Trang thiết bị y tế đã được cấp số lưu hành (loại B, C, D) hoặc công bố tiêu chuẩn áp dụng (loại A): số lưu hành, tên, mức độ rủi ro, chủ sở hữu, cơ sở sản xuất, nước sản xuất, ngày cấp và ngày hết hạn. Giá kê khai và tài liệu kỹ thuật là bí mật kinh doanh; thông tin người đại diện là dữ liệu cá nhân: đều không công bố.',
    'Medical devices with a marketing number (classes B, C, D) or a declaration of applicable standards (class A): number, name, risk class, owner, manufacturer, country, issue and expiry dates. Declared prices and technical dossiers are business secrets; the representative’s details are personal data: none are published.',
  ),
  keywords: { vi: ['trang thiết bị y tế', 'số lưu hành', 'phân loại rủi ro'], en: ['medical devices', 'marketing number', 'risk class'] },
  decree: { categories: [9], scope: ['14.3.a', '14.3.b'] },
  licence: OPEN_LICENCE,
  publisher: MINISTRY_OF_HEALTH,
  source: { name: text('Hệ thống quản lý trang thiết bị y tế', 'Medical device management system'), format: 'csv' },
  schedule: 'cron(0 3 * * ? *)',
  updateFrequency: text('Hằng ngày', 'Daily'),
  fields: [
    { name: 'SoLuuHanh', class: 'open', required: true, description: text('Số lưu hành / số công bố', 'Marketing or declaration number') },
    { name: 'TenTrangThietBi', class: 'open', required: true, description: text('Tên trang thiết bị', 'Device name') },
    { name: 'PhanLoai', class: 'open', required: true, description: text('Mức độ rủi ro A–D', 'Risk class A–D') },
    { name: 'ChuSoHuu', class: 'open', description: text('Chủ sở hữu số lưu hành', 'Owner of the number') },
    { name: 'CoSoSanXuat', class: 'open', description: text('Cơ sở sản xuất', 'Manufacturer') },
    { name: 'NuocSanXuat', class: 'open', description: text('Nước sản xuất', 'Country of manufacture') },
    { name: 'NgayCap', class: 'open', description: text('Ngày cấp', 'Issue date') },
    { name: 'NgayHetHan', class: 'open', description: text('Ngày hết hạn', 'Expiry date') },
    { name: 'GiaKeKhai', class: 'business-secret', description: text('Giá kê khai', 'Declared price') },
    { name: 'TaiLieuKyThuat', class: 'business-secret', description: text('Tóm tắt tài liệu kỹ thuật', 'Technical dossier summary') },
    { name: 'NguoiDaiDien', class: 'personal', description: text('Họ tên người đại diện', 'Representative’s name') },
    { name: 'SoDienThoaiLienHe', class: 'personal', description: text('Số điện thoại người đại diện', 'Representative’s phone') },
  ],
  columns: [
    {
      name: 'marketing_number',
      type: 'string',
      title: text('Số lưu hành', 'Marketing number'),
      description: text(
        'Số lưu hành (loại B–D) hoặc số công bố (loại A)',
        'Marketing number (classes B–D) or declaration number (class A)',
      ),
      source: { kind: 'code', field: 'SoLuuHanh' },
    },
    {
      name: 'device_name',
      type: 'string',
      title: text('Tên trang thiết bị', 'Device name'),
      description: text('Tên trang thiết bị y tế', 'Name of the device'),
      source: { kind: 'text', field: 'TenTrangThietBi' },
    },
    {
      name: 'risk_class',
      type: 'string',
      title: text('Phân loại rủi ro', 'Risk class'),
      description: text('A (thấp) đến D (cao)', 'A (low) to D (high)'),
      source: { kind: 'code', field: 'PhanLoai' },
    },
    {
      name: 'owner',
      type: 'string',
      title: text('Chủ sở hữu', 'Owner'),
      description: text('Tổ chức đứng tên số lưu hành', 'Organisation holding the number'),
      source: { kind: 'text', field: 'ChuSoHuu' },
    },
    {
      name: 'manufacturer',
      type: 'string',
      title: text('Cơ sở sản xuất', 'Manufacturer'),
      description: text('Cơ sở sản xuất', 'Manufacturer'),
      source: { kind: 'text', field: 'CoSoSanXuat' },
    },
    {
      name: 'country',
      type: 'string',
      title: text('Nước sản xuất', 'Country'),
      description: text('Nước sản xuất', 'Country of manufacture'),
      source: { kind: 'text', field: 'NuocSanXuat' },
    },
    {
      name: 'issue_date',
      type: 'date',
      title: text('Ngày cấp', 'Issue date'),
      description: text('Ngày cấp số lưu hành', 'Date the number was issued'),
      source: { kind: 'date', field: 'NgayCap', formats: DATE_FORMATS, unknown: ['None', 'NULL'] },
    },
    {
      name: 'expiry_date',
      type: 'date',
      title: text('Ngày hết hạn', 'Expiry date'),
      description: text('Ngày hết hạn; trống khi không thời hạn', 'Expiry date; empty when unlimited'),
      source: { kind: 'date', field: 'NgayHetHan', formats: DATE_FORMATS, unknown: ['None', 'NULL'] },
    },
  ],
  sortBy: ['marketing_number', 'device_name'],
  chartBy: ['risk_class', 'country'],
  searchBy: ['device_name', 'owner', 'manufacturer'],
  quality: { duplicateKey: 'marketing_number', maxRejectedRatio: 0.01 },
});
