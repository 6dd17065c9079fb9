/**
 * Invented Vietnamese full names (family + middle + given, NFC, with diacritics).
 *
 * Family names follow their rough national shares (Nguyễn ≈ 38 %, Trần, Lê, Phạm, …), with the
 * regional variants Hoàng/Huỳnh and Vũ/Võ (Huỳnh and Võ in the centre and south). Middle and given
 * names depend on the decade of birth: `Văn`/`Thị` are common among older people, rarer among children.
 * Any resemblance to a real person is the chance of common names: no name is taken from a record.
 */
import type { Rng } from './random.ts';
import { Weighted } from './random.ts';

export type Sex = 'M' | 'F';

const FAMILY = new Weighted<string>([
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Hoàng', 51],
  ['Phan', 45],
  ['Vũ', 39],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 6],
  ['Trương', 6],
  ['Đoàn', 4],
  ['Lâm', 4],
  ['Mai', 4],
  ['Trịnh', 4],
  ['Đào', 4],
  ['Cao', 3],
  ['Lưu', 3],
  ['Hà', 3],
  ['Lương', 3],
  ['Tạ', 2],
  ['Châu', 2],
  ['Thái', 2],
  ['Tô', 2],
  ['Nông', 2],
  ['Kiều', 1],
  ['La', 1],
  ['Quách', 1],
  ['Triệu', 1],
  ['Hứa', 1],
  ['Lò', 1],
  ['Thạch', 1],
  ['Khổng', 1],
]);

const MIDDLE_MALE = [
  'Văn',
  'Hữu',
  'Minh',
  'Đức',
  'Quốc',
  'Thanh',
  'Công',
  'Đình',
  'Xuân',
  'Hoàng',
  'Gia',
  'Anh',
  'Trọng',
  'Ngọc',
  'Quang',
  'Tuấn',
  'Bảo',
  'Nhật',
  'Đăng',
  'Thành',
  'Trung',
  'Duy',
  'Khánh',
  'Hải',
  'Tiến',
];
const MIDDLE_FEMALE = [
  'Thị',
  'Ngọc',
  'Thu',
  'Thanh',
  'Minh',
  'Bảo',
  'Phương',
  'Kim',
  'Mỹ',
  'Hồng',
  'Khánh',
  'Thùy',
  'Diệu',
  'Quỳnh',
  'Hải',
  'Thảo',
  'Như',
  'Gia',
  'Tuệ',
  'Hà',
  'Cẩm',
  'Bích',
  'Tường',
  'Mai',
  'Xuân',
];

const GIVEN_MALE_OLDER = [
  'Hùng',
  'Dũng',
  'Tuấn',
  'Nam',
  'Hải',
  'Long',
  'Minh',
  'Sơn',
  'Thắng',
  'Trung',
  'Cường',
  'Bình',
  'Hưng',
  'Toàn',
  'Thành',
  'Quang',
  'Tâm',
  'Lợi',
  'Phúc',
  'Đức',
  'Hòa',
  'Tùng',
  'Vinh',
  'Thanh',
  'Chiến',
  'Lâm',
  'Quý',
  'Tiến',
  'Thịnh',
  'Nghĩa',
  'Hiếu',
  'Khải',
  'Định',
  'Phong',
  'Tài',
];
const GIVEN_MALE_YOUNGER = [
  'Anh',
  'Huy',
  'Khoa',
  'Bảo',
  'Đạt',
  'Khang',
  'Phúc',
  'Quân',
  'Khôi',
  'Minh',
  'Nam',
  'Long',
  'Duy',
  'Kiên',
  'Bách',
  'Đăng',
  'Hưng',
  'Vũ',
  'Lâm',
  'Tuấn',
  'Hiếu',
  'Thịnh',
  'Trí',
  'Nhân',
  'Phát',
  'Thiện',
  'Tú',
  'An',
  'Hoàng',
  'Việt',
  'Sơn',
  'Tùng',
  'Khải',
  'Lộc',
  'Hào',
];
const GIVEN_FEMALE_OLDER = [
  'Lan',
  'Hương',
  'Hoa',
  'Mai',
  'Hà',
  'Nhung',
  'Phương',
  'Thủy',
  'Hằng',
  'Yến',
  'Hạnh',
  'Huyền',
  'Loan',
  'Nga',
  'Oanh',
  'Tâm',
  'Vân',
  'Xuân',
  'Dung',
  'Thanh',
  'Liên',
  'Hồng',
  'Cúc',
  'Lý',
  'Thúy',
  'Hiền',
  'Nguyệt',
  'Bích',
  'Sương',
  'Thảo',
  'Trang',
  'Tuyết',
  'Hải',
  'Nhàn',
  'Lụa',
];
const GIVEN_FEMALE_YOUNGER = [
  'Linh',
  'Trang',
  'Thảo',
  'Ngọc',
  'Anh',
  'Chi',
  'Giang',
  'Quỳnh',
  'Thư',
  'Trâm',
  'Uyên',
  'Vy',
  'Nhi',
  'My',
  'Hân',
  'Ngân',
  'Như',
  'Diệp',
  'Châu',
  'An',
  'Khánh',
  'Hiền',
  'Phương',
  'Hương',
  'Mai',
  'Huyền',
  'Yến',
  'Tiên',
  'Thy',
  'Lam',
  'Nhiên',
  'Hà',
  'Trinh',
  'Loan',
  'Duyên',
];

/** Probability of the traditional middle name (`Văn` for men, `Thị` for women) by year of birth. */
function traditionalMiddleShare(sex: Sex, birthYear: number): number {
  const female = sex === 'F';
  if (birthYear < 1970) return female ? 0.8 : 0.6;
  if (birthYear < 1990) return female ? 0.55 : 0.4;
  if (birthYear < 2005) return female ? 0.3 : 0.2;
  return female ? 0.08 : 0.05;
}

/** A family name; `region` 1 = north, 2 = centre, 3 = south picks Hoàng/Huỳnh and Vũ/Võ. */
export function familyName(rng: Rng, region: 1 | 2 | 3): string {
  const name = FAMILY.pick(rng);
  if (name === 'Hoàng') return rng.chance(region === 3 ? 0.85 : region === 2 ? 0.35 : 0.08) ? 'Huỳnh' : 'Hoàng';
  if (name === 'Vũ') return rng.chance(region === 3 ? 0.85 : region === 2 ? 0.7 : 0.15) ? 'Võ' : 'Vũ';
  return name;
}

/** A full name for someone of this sex, decade of birth and region (`Nguyễn Thị Thu Hương`). */
export function fullName(rng: Rng, sex: Sex, birthYear: number, region: 1 | 2 | 3, family?: string): string {
  const surname = family ?? familyName(rng, region);
  const female = sex === 'F';
  const middle = rng.chance(traditionalMiddleShare(sex, birthYear))
    ? female
      ? 'Thị'
      : 'Văn'
    : rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE);
  const younger = birthYear >= 1990 ? rng.chance(0.85) : rng.chance(0.15);
  const givenNames = female ? (younger ? GIVEN_FEMALE_YOUNGER : GIVEN_FEMALE_OLDER) : younger ? GIVEN_MALE_YOUNGER : GIVEN_MALE_OLDER;
  let given = rng.pick(givenNames);
  if (given === middle) given = rng.pick(givenNames);
  // Four-word names: a second family name (the mother's) or a second middle name, more common lately.
  if (rng.chance(birthYear >= 1995 ? 0.1 : 0.03)) {
    if (rng.chance(0.5)) {
      const second = familyName(rng, region);
      if (second !== surname)
        return `${surname} ${second} ${middle === 'Văn' || middle === 'Thị' ? rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE) : middle} ${given}`;
    }
    const extra = rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE);
    if (extra !== middle && extra !== given && middle !== given && extra !== 'Văn' && extra !== 'Thị')
      return `${surname} ${middle} ${extra} ${given}`;
  }
  return middle === given ? `${surname} ${given}` : `${surname} ${middle} ${given}`;
}

/** The name without diacritics, lower case, no spaces (`nguyenthithuhuong`): for invented e-mails. */
export function asciiHandle(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
