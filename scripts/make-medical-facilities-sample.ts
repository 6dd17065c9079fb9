/**
 * Writes the synthetic sample exports of the medical-facility licence register
 * (datasets/medical-facilities/sample/<province code>/giay-phep-hoat-dong-<date>.csv).
 *
 *   npx tsx scripts/make-medical-facilities-sample.ts
 *
 * Every facility name, licence number, practising-certificate number, note and phone number is
 * invented. Output is deterministic: the only "randomness" (issue dates, certificate numbers) comes
 * from a PRNG with a fixed seed, so every run writes the same bytes.
 *
 * Quirks carried on purpose (what real provincial exports look like):
 * - about a third of the rows have TenCoSo/DiaChi/TinhTrang in decomposed Unicode (NFD);
 * - exact duplicate rows; pairs of rows sharing a licence number but differing (moved, renamed);
 * - licence numbers in several formats, with stray spaces, lower case and an `Ð` (U+00D0) look-alike;
 * - NgayCap `None` and `2000-01-01 00:00:00` placeholders;
 * - a name with a comma and double quotes, names starting with `-` / `=` (formula-like);
 * - addresses naming the province in varied forms, by pre-2025 province names, or not at all,
 *   and streets/wards named after other provinces earlier in the address;
 * - in the HCM file an unclassified free-text column GhiChu (one multi-line cell, one phone number).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { resolveProvinceFromAddress } from '../src/reference/provinces.ts';

const sampleRoot = join(import.meta.dirname, '..', 'datasets', 'medical-facilities', 'sample');

const FORM = {
  PKDK: 'Phòng khám đa khoa',
  PKCK: 'Phòng khám chuyên khoa',
  BVDK: 'Bệnh viện đa khoa',
  BVCK: 'Bệnh viện chuyên khoa',
  YHCT: 'Phòng chẩn trị y học cổ truyền',
  NHS: 'Nhà hộ sinh',
  DV: 'Cơ sở dịch vụ y tế',
  XN: 'Phòng xét nghiệm',
} as const;

const ACTIVE = 'Đang hoạt động';
const STOPPED = 'Ngừng hoạt động';
const REVOKED = 'Thu hồi';

type Spec = {
  name: string;
  licence: string;
  address: string;
  form: string;
  status?: string;
  /** `YYYY-MM-DD HH:MM:SS`, `None`, or the `2000-01-01 00:00:00` placeholder; drawn when absent. */
  date?: string;
  note?: string;
  /** The address deliberately names no province. */
  noProvince?: true;
};

/** mulberry32: small, well-known, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function drawDate(rand: () => number): string {
  const year = 2012 + Math.floor(rand() * 15); // 2012–2026
  const month = 1 + Math.floor(rand() * (year === 2026 ? 10 : 12));
  const day = 1 + Math.floor(rand() * 28);
  // Most registers store midnight; some keep the time the record was entered.
  const time =
    rand() < 0.6 ? '00:00:00' : `${pad(7 + Math.floor(rand() * 10))}:${pad(Math.floor(rand() * 60))}:${pad(Math.floor(rand() * 60))}`;
  return `${year}-${pad(month)}-${pad(day)} ${time}`;
}

function drawStatus(rand: () => number): string {
  const r = rand();
  return r < 0.82 ? ACTIVE : r < 0.93 ? STOPPED : REVOKED;
}

// ---------------------------------------------------------------------------------------------
// Thành phố Hồ Chí Minh (79)

const HCM: Spec[] = [
  {
    name: 'Phòng khám đa khoa Hoàng Long Phát',
    licence: '04211/SYT-GPHĐ',
    address: '215 Nguyễn Trãi, Phường 2, Quận 5, TP Hồ Chí Minh',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng khám chuyên khoa Răng Hàm Mặt Nụ Cười Sao Mai',
    licence: '00123/HCM-GPHĐ',
    address: '48 Lê Văn Sỹ, Phường Nhiêu Lộc, TP.Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Bệnh viện đa khoa Tâm Phúc Gia',
    licence: '00087/HCM-GPHĐ',
    address: '1025 Xa lộ Hà Nội, Phường Phước Long, Thành phố Hồ Chí Minh',
    form: FORM.BVDK,
  },
  {
    name: 'Phòng chẩn trị y học cổ truyền Đức Nguyên Đường',
    licence: '1587',
    address: '76/12 Hậu Giang, Phường 6, Quận 6, TP Hồ Chí Minh',
    form: FORM.YHCT,
    date: 'None',
  },
  { name: 'Nhà hộ sinh Mẹ Hiền Thảo Vy', licence: '00234/HCM-GPHĐ', address: '9 Đường số 7, Phường Bình Trị Đông, TP.HCM', form: FORM.NHS },
  {
    name: 'Phòng xét nghiệm Y khoa Minh Triết',
    licence: '00311/HCM-GPHĐ',
    address: '132 Đồng Nai, Phường 15, Quận 10, Thành phố Hồ Chí Minh',
    form: FORM.XN,
  },
  {
    name: 'Cơ sở dịch vụ y tế Chăm Sóc Tại Nhà An Khang Phúc',
    licence: '00402/HCM-GPHĐ',
    address: '17 Phan Đình Phùng, Phường Phú Nhuận, TPHCM',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám "An Tâm", chi nhánh 2',
    licence: '00519/HCM-GPHĐ',
    address: '305 Cách Mạng Tháng Tám, Phường Bàn Cờ, TP Hồ Chí Minh',
    form: FORM.PKDK,
    status: ACTIVE,
    note: 'Cấp lại do thay đổi người chịu trách nhiệm chuyên môn',
  },
  {
    name: '- Phòng khám chuyên khoa Da liễu Thanh Mộc',
    licence: '00577/HCM-GPHĐ',
    address: '61 Võ Văn Tần, Phường Xuân Hòa, Tp. Hồ Chí Minh',
    form: FORM.PKCK,
  },
  // `Ð` (U+00D0, Icelandic eth) instead of `Đ`: a look-alike typed on a foreign keyboard layout.
  {
    name: 'Phòng khám đa khoa Phú Lợi Xanh',
    licence: '01877/HCM-GPH\u00D0',
    address: 'Số 8 Đại lộ Bình Dương, Phường Phú Lợi, TP Thủ Dầu Một, Bình Dương',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng khám chuyên khoa Nhi Bé Khỏe Dĩ An',
    licence: '0231/SYT-GPHĐ',
    address: '22 Nguyễn An Ninh, Phường Dĩ An, Tỉnh Bình Dương',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Biển Xanh Mũi Nghinh Phong',
    licence: '00912/SYT-GPHĐ',
    address: '45 Trần Hưng Đạo, Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng xét nghiệm Hải Đăng Bà Rịa',
    licence: '1203',
    address: '18 Cách Mạng Tháng Tám, Phường Phước Hiệp, TP Bà Rịa, Tỉnh Bà Rịa–Vũng Tàu',
    form: FORM.XN,
    date: '2000-01-01 00:00:00',
  },
  {
    name: 'Bệnh viện chuyên khoa Mắt Sáng Tâm Việt',
    licence: '00045/HCM-GPHĐ',
    address: '280 Điện Biên Phủ, Phường Gia Định, TP Hồ Chí Minh',
    form: FORM.BVCK,
  },
  {
    name: 'Phòng khám chuyên khoa Tai Mũi Họng Thiện Ân',
    licence: '00688/HCM-GPHĐ',
    address: '90 Đường số 3, Phường Hòa Bình, TP.Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Quốc tế Sen Hồng',
    licence: '00731/HCM-GPHĐ',
    address: '150 Lãnh Binh Thăng, Phường Phú Thọ, Thành phố Hồ Chí Minh',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng chẩn trị y học cổ truyền Phước Thiện Đường',
    licence: '00756/HCM-GPHĐ',
    address: '33 Hùng Vương, Phường Chợ Lớn, TP Hồ Chí Minh',
    form: FORM.YHCT,
  },
  {
    name: 'Nhà hộ sinh Ánh Hồng',
    licence: '2044',
    address: '71 Quang Trung, Phường 10, Quận Gò Vấp, TP. Hồ Chí Minh',
    form: FORM.NHS,
    date: 'None',
    status: STOPPED,
  },
  {
    name: 'Cơ sở dịch vụ y tế Tiêm Chích Thay Băng Hạnh Nhân',
    licence: '00801/HCM-GPHĐ',
    address: '5 Tô Ký, Xã Hóc Môn, TP Hồ Chí Minh',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám chuyên khoa Phụ sản Mai Anh Đào',
    licence: '00845/HCM-GPHĐ',
    address: '142 Pasteur, Phường Sài Gòn, TP Hồ Chí Minh',
    form: FORM.PKCK,
    note: 'Liên hệ bộ phận tiếp nhận hồ sơ: 0903 123 456',
  },
  {
    name: 'Phòng khám chuyên khoa Nội tổng hợp Bình An Tâm',
    licence: '00863/HCM-GPHĐ',
    address: '27 Kha Vạn Cân, Phường Linh Xuân, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng xét nghiệm Y khoa Đông Phương Lab',
    licence: '00901/HCM-GPHĐ',
    address: '19 Nguyễn Thị Minh Khai, Phường Bến Thành, TP.HCM',
    form: FORM.XN,
  },
  // Pair 1: same licence, renamed (and the number written once with stray spaces).
  {
    name: 'Phòng khám đa khoa Thiên Phước Khang',
    licence: ' 00456 /HCM-GPHĐ ',
    address: '412 Lũy Bán Bích, Phường Tân Phú, TP Hồ Chí Minh',
    form: FORM.PKDK,
    date: '2016-03-14 00:00:00',
    status: STOPPED,
  },
  {
    name: 'Phòng khám đa khoa Thiên Phước Khang Sài Gòn',
    licence: '00456/HCM-GPHĐ',
    address: '412 Lũy Bán Bích, Phường Tân Phú, TP Hồ Chí Minh',
    form: FORM.PKDK,
    date: '2023-08-02 09:12:40',
    status: ACTIVE,
  },
  // Pair 2: same licence, the facility moved.
  {
    name: 'Phòng khám chuyên khoa Răng Hàm Mặt Ngọc Trai Xanh',
    licence: '00612/HCM-GPHĐ',
    address: '56 Nguyễn Tri Phương, Phường 8, Quận 10, TP Hồ Chí Minh',
    form: FORM.PKCK,
    date: '2018-05-21 00:00:00',
    status: STOPPED,
    note: 'Đã chuyển địa điểm',
  },
  {
    name: 'Phòng khám chuyên khoa Răng Hàm Mặt Ngọc Trai Xanh',
    licence: '00612/HCM-GPHĐ',
    address: '203 Ba Tháng Hai, Phường Hòa Hưng, TP Hồ Chí Minh',
    form: FORM.PKCK,
    date: '2025-02-10 14:05:33',
    status: ACTIVE,
    note: 'Chuyển địa điểm từ 56 Nguyễn Tri Phương\nHồ sơ bổ sung tháng 3/2025',
  },
  {
    name: 'Phòng khám chuyên khoa Cơ Xương Khớp Vạn Xuân Phát',
    licence: '00934/HCM-GPHĐ',
    address: 'Số 27 Đường số 9, Khu dân cư Trung Sơn, Xã Bình Hưng',
    form: FORM.PKCK,
    noProvince: true,
  },
  {
    name: 'Bệnh viện đa khoa Rạng Đông Miền Biển',
    licence: '00052/HCM-GPHĐ',
    address: '88 Lương Văn Nho, Xã Cần Giờ, TP Hồ Chí Minh',
    form: FORM.BVDK,
  },
  {
    name: 'Phòng khám đa khoa Vạn Lộc An',
    licence: '1760',
    address: '301 Nguyễn Văn Luông, Phường Bình Tiên, TP.Hồ Chí Minh',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng khám chuyên khoa Mắt Thị Lực Vàng',
    licence: '00931/hcm-gphđ',
    address: '14 Trần Quang Khải, Phường Tân Định, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng chẩn trị y học cổ truyền Thảo Mộc Nam Phương',
    licence: '01025/HCM-GPHĐ',
    address: '9 Hồng Bàng, Phường An Đông, Thành phố Hồ Chí Minh',
    form: FORM.YHCT,
    date: 'None',
  },
  {
    name: 'Phòng khám chuyên khoa Tâm thần Bình Yên Lạc',
    licence: '01088/HCM-GPHĐ',
    address: '66 Nguyễn Văn Trỗi, Phường Phú Nhuận, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Cơ sở dịch vụ y tế Vận Chuyển Người Bệnh Phương Nam Cấp Tốc',
    licence: '01102/HCM-GPHĐ',
    address: '250 Cộng Hòa, Phường Tân Bình, TP.HCM',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám đa khoa Thuận An Phúc Thọ',
    licence: '0415/SYT-GPHĐ',
    address: '12 Đại lộ Bình Dương, Phường Lái Thiêu, Thành phố Thuận An, Bình Dương',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng xét nghiệm Y khoa Hoa Sen Trắng',
    licence: '01137/HCM-GPHĐ',
    address: '45 Lê Văn Việt, Phường Tăng Nhơn Phú, TP Hồ Chí Minh',
    form: FORM.XN,
  },
  {
    name: 'Phòng khám chuyên khoa Chấn thương chỉnh hình Kiên Cường',
    licence: '01164/HCM-GPHĐ',
    address: '118 Phan Văn Trị, Phường Hạnh Thông, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Nhà hộ sinh Trăng Rằm Củ Chi',
    licence: '01190/HCM-GPHĐ',
    address: 'Ấp 4, Tỉnh lộ 8, Xã Củ Chi, TP Hồ Chí Minh',
    form: FORM.NHS,
  },
  {
    name: 'Phòng khám đa khoa Côn Sơn Xanh',
    licence: '0088/SYT-GPHĐ',
    address: '7 Tôn Đức Thắng, Đặc khu Côn Đảo, TP Hồ Chí Minh',
    form: FORM.PKDK,
    date: '2000-01-01 00:00:00',
  },
  {
    name: 'Phòng khám chuyên khoa Tai Mũi Họng Hướng Dương',
    licence: '2317',
    address: '501 Âu Cơ, Phường Tân Sơn Nhì, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám chuyên khoa Nhi Mầm Non Xanh',
    licence: '01215/HCM-GPHĐ',
    address: '33 Nguyễn Ảnh Thủ, Xã Bà Điểm, TP. HCM',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Bảo Ngọc Châu',
    licence: '01240/HCM-GPHĐ',
    address: '1200 Huỳnh Tấn Phát, Phường Tân Thuận, Thành phố Hồ Chí Minh',
    form: FORM.PKDK,
    status: REVOKED,
    note: 'Thu hồi theo quyết định của Sở Y tế',
  },
  {
    name: 'Cơ sở dịch vụ y tế Kính Thuốc Tầm Nhìn Mới',
    licence: '01266/HCM-GPHĐ',
    address: '84 Nguyễn Oanh, Phường Gò Vấp, TP Hồ Chí Minh',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám chuyên khoa Ung bướu Hòa Nhã',
    licence: '01301/HCM-GPHĐ',
    address: '21 Nguyễn Huệ, Phường Sài Gòn, TP Hồ Chí Minh',
    form: FORM.PKCK,
  },
];

// ---------------------------------------------------------------------------------------------
// Thành phố Hà Nội (01)

const HANOI: Spec[] = [
  {
    name: 'Phòng khám đa khoa Hồng Phúc Thịnh',
    licence: '01234/HNO-GPHĐ',
    address: '35 Phố Huế, Phường Hai Bà Trưng, Hà Nội',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng khám chuyên khoa Răng Hàm Mặt Trúc Xanh',
    licence: '00871/HNO-GPHĐ',
    address: '12 Đội Cấn, Phường Vĩnh Phúc, Quận Ba Đình, TP Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Bệnh viện đa khoa Trường Xuân Hà Thành',
    licence: '00105/HNO-GPHĐ',
    address: '89 Giải Phóng, Phường Bạch Mai, Thành phố Hà Nội',
    form: FORM.BVDK,
  },
  { name: '=Phòng xét nghiệm Sao Khuê', licence: '01377/HNO-GPHĐ', address: '201 Trường Chinh, Phường Khương Đình, Hà Nội', form: FORM.XN },
  {
    name: 'Phòng chẩn trị y học cổ truyền Bách Thảo Đường',
    licence: '0892',
    address: '14 Ngõ 58 Nguyễn Khánh Toàn, Phường Nghĩa Đô, TP. Hà Nội',
    form: FORM.YHCT,
    date: 'None',
  },
  { name: 'Nhà hộ sinh Hoa Mai Vàng', licence: '01402/HNO-GPHĐ', address: '7 Quang Trung, Phường Hà Đông, Hà Nội', form: FORM.NHS },
  {
    name: 'Phòng khám đa khoa Xứ Đoài',
    licence: '00455/SYT-GPHĐ',
    address: '22 Phố Quang Trung, Phường Quang Trung, Thị xã Sơn Tây, Hà Tây',
    form: FORM.PKDK,
    date: '2000-01-01 00:00:00',
  },
  {
    name: 'Phòng khám chuyên khoa Mắt Ánh Ngọc',
    licence: ' 01456 /HNO-GPHĐ',
    address: '101 Láng Hạ, Phường Láng, TP Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Cơ sở dịch vụ y tế Chăm Sóc Vết Thương Hòa Khánh',
    licence: '01488/HNO-GPHĐ',
    address: '3 Ngõ 12 Chùa Bộc, Phường Kim Liên, Hà Nội',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám chuyên khoa Nhi Bông Sen Nhỏ',
    licence: '01512/HNO-GPHĐ',
    address: '45 Trần Duy Hưng, Phường Yên Hòa, Thành phố Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Việt Hà Tâm Đức, cơ sở 2',
    licence: '01539/HNO-GPHĐ',
    address: '120 Nguyễn Văn Cừ, Phường Bồ Đề, Hà Nội',
    form: FORM.PKDK,
  },
  {
    name: 'Phòng khám chuyên khoa Da liễu Lam Ngọc',
    licence: '01560/HNO-GPHĐ',
    address: '9 Lý Nam Đế, Phường Hoàn Kiếm, TP Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng xét nghiệm Y khoa Hòa Bình Xanh',
    licence: '01584/HNO-GPHĐ',
    address: '66 Tây Sơn, Phường Đống Đa, Hà Nội',
    form: FORM.XN,
  },
  {
    name: 'Phòng khám chuyên khoa Phụ sản Hạnh Phúc Mới',
    licence: '01603/HNO-GPHĐ',
    address: '210 Nguyễn Trãi, Phường Thanh Xuân, Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Đông Anh Phúc An',
    licence: '1149',
    address: 'Tổ 3, Thị trấn Đông Anh, Huyện Đông Anh, Thành phố Hà Nội',
    form: FORM.PKDK,
    date: 'None',
  },
  {
    name: 'Bệnh viện đa khoa Lạc Việt Gia Lâm',
    licence: '00118/HNO-GPHĐ',
    address: '5 Ngô Xuân Quảng, Xã Gia Lâm, TP Hà Nội',
    form: FORM.BVDK,
  },
  {
    name: 'Phòng chẩn trị y học cổ truyền Nam Dược Phương Đông',
    licence: '01625/HNO-GPHĐ',
    address: '18 Phố Hàng Bông, Phường Hoàn Kiếm, Hà Nội',
    form: FORM.YHCT,
  },
  {
    name: 'Phòng khám chuyên khoa Tai Mũi Họng An Bình Tây Hồ',
    licence: '01648/HNO-GPHĐ',
    address: '41 Xuân Diệu, Phường Tây Hồ, Thành phố Hà Nội',
    form: FORM.PKCK,
  },
  { name: 'Nhà hộ sinh Bình Minh Thạch Thất', licence: '0977', address: 'Thôn 4, Xã Thạch Thất, Hà Nội', form: FORM.NHS, status: STOPPED },
  // Pair: same licence, the facility moved.
  {
    name: 'Phòng khám đa khoa Ngọc Khánh Tâm An',
    licence: '01670/HNO-GPHĐ',
    address: '15 Nguyễn Chí Thanh, Phường Giảng Võ, Hà Nội',
    form: FORM.PKDK,
    date: '2017-09-05 00:00:00',
    status: STOPPED,
  },
  {
    name: 'Phòng khám đa khoa Ngọc Khánh Tâm An',
    licence: '01670/HNO-GPHĐ',
    address: '88 Kim Mã, Phường Giảng Võ, Hà Nội',
    form: FORM.PKDK,
    date: '2024-11-27 10:41:07',
    status: ACTIVE,
  },
  {
    name: 'Phòng khám chuyên khoa Cơ Xương Khớp Trường An',
    licence: '01702/HNO-GPHĐ',
    address: '27 Nguyễn Hoàng, Phường Từ Liêm, TP. Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Cơ sở dịch vụ y tế Tiêm Chủng Gia Đình Việt',
    licence: '01725/HNO-GPHĐ',
    address: '102 Định Công, Phường Định Công, Hà Nội',
    form: FORM.DV,
  },
  {
    name: 'Phòng khám chuyên khoa Thần kinh Minh Tâm An',
    licence: '01749/HNO-GPHĐ',
    address: '260 Lĩnh Nam, Phường Lĩnh Nam, Tp Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám đa khoa Mê Linh Xanh',
    licence: '01771/HNO-GPHĐ',
    address: 'Khu 2, Xã Mê Linh, Thành phố Hà Nội',
    form: FORM.PKDK,
    status: REVOKED,
  },
  { name: 'Phòng xét nghiệm Y khoa Cầu Mới', licence: '01794/HNO-GPHĐ', address: '30 Ngọc Lâm, Phường Long Biên, Hà Nội', form: FORM.XN },
  {
    name: 'Phòng khám chuyên khoa Răng Hàm Mặt Hạc Trắng',
    licence: '01816/HNO-GPHĐ',
    address: '16 Hoàng Quốc Việt, Phường Nghĩa Đô, Hà Nội',
    form: FORM.PKCK,
  },
  {
    name: 'Phòng khám chuyên khoa Nội Hoàng Mai An',
    licence: '01839/HNO-GPHĐ',
    address: '55 Tam Trinh, Phường Hoàng Mai, Thành phố Hà Nội',
    form: FORM.PKCK,
  },
  { name: 'Phòng khám đa khoa Xuân Mai Tâm Lành', licence: '01861/HNO-GPHĐ', address: 'Tổ 6, Xã Xuân Mai, Hà Nội', form: FORM.PKDK },
];

// ---------------------------------------------------------------------------------------------

type Register = {
  provinceCode: string;
  /** Register's own abbreviation in its practising-certificate numbers. */
  certPrefix: string;
  file: string;
  specs: Spec[];
  /** Exact copies: [index of the row to copy, index in the final file to insert it at]. */
  duplicates: Array<[number, number]>;
  withNotes: boolean;
  seed: number;
};

const REGISTERS: Register[] = [
  {
    provinceCode: '79',
    certPrefix: 'HCM',
    file: 'giay-phep-hoat-dong-2026-11-20.csv',
    specs: HCM,
    duplicates: [
      [1, 30],
      [16, 41],
    ],
    withNotes: true,
    seed: 0x79_2026,
  },
  {
    provinceCode: '01',
    certPrefix: 'HNO',
    file: 'giay-phep-hoat-dong-2026-11-18.csv',
    specs: HANOI,
    duplicates: [[4, 22]],
    withNotes: false,
    seed: 0x01_2026,
  },
];

const usedCerts = new Set<string>();

/** Practising-certificate numbers: unique and distinctive (so a leak into published output is easy to find). */
function drawCert(rand: () => number, register: Register, i: number): string {
  for (;;) {
    const cert =
      i % 4 === 3
        ? `00${70000 + Math.floor(rand() * 29999)}/BYT-CCHN` // issued by the Ministry: 7 digits
        : `0${register.certPrefix === 'HCM' ? 3 : 2}${pad(Math.floor(rand() * 9999), 4)}/${register.certPrefix}-CCHN`;
    if (!usedCerts.has(cert)) {
      usedCerts.add(cert);
      return cert;
    }
  }
}

function fail(message: string): never {
  console.error(`make-medical-facilities-sample: ${message}`);
  process.exit(1);
}

for (const register of REGISTERS) {
  const rand = prng(register.seed);
  const header = [
    'TenCoSo',
    'SoGiayPhep',
    'DiaChi',
    'NgayCap',
    'TinhTrang',
    'TenHinhThuc',
    'SoCCHN_NDD',
    ...(register.withNotes ? ['GhiChu'] : []),
  ];

  const rows: string[][] = register.specs.map((spec, i) => {
    // Draw in a fixed order for every row, used or not, so editing one spec does not reshuffle the rest.
    const drawnDate = drawDate(rand);
    const drawnStatus = drawStatus(rand);
    const cert = drawCert(rand, register, i);
    const nfd = i % 3 === 1; // about a third of the rows come out of the export decomposed
    const text = (s: string): string => (nfd ? s.normalize('NFD') : s.normalize('NFC'));
    const row = [
      text(spec.name),
      spec.licence,
      text(spec.address),
      spec.date ?? drawnDate,
      text(spec.status ?? drawnStatus),
      spec.form,
      cert,
    ];
    if (register.withNotes) row.push(spec.note ?? '');
    return row;
  });

  const final = [...rows];
  for (const [from, at] of register.duplicates) final.splice(at, 0, [...rows[from]!]);

  // Checks: the quirks are there, and the province of each address is what the sample claims.
  register.specs.forEach((spec, i) => {
    const got = resolveProvinceFromAddress(spec.address)?.code ?? null;
    const want = spec.noProvince ? null : register.provinceCode;
    if (got !== want) fail(`${register.file}: "${spec.address}" resolves to ${got}, expected ${want} (row spec ${i})`);
  });
  const certs = rows.map((r) => r[6]!);
  const otherCells = rows.flatMap((r) => r.filter((_, c) => c !== 6));
  for (const cert of certs) {
    const digits = cert.split('/')[0]!;
    if (otherCells.some((cell) => cell.includes(digits))) fail(`${register.file}: certificate ${cert} is not distinctive`);
  }
  const nfdRows = final.filter((r) => r[0] !== r[0]!.normalize('NFC')).length;
  console.log(
    `${register.provinceCode}/${register.file}: ${final.length} rows, ${nfdRows} in NFD, ${register.duplicates.length} exact duplicate(s)`,
  );

  const csv = stringify([header, ...final], { record_delimiter: 'unix' });
  const dir = join(sampleRoot, register.provinceCode);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, register.file), csv, 'utf8');
}
