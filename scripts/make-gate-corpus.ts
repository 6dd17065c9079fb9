/**
 * Writes test/fixtures/gate/labelled-corpus.json: identifiers typed the way clerks type them, each
 * labelled with the kind the gate must find in it, and legitimate register values that must pass.
 * Hand-written templates (the forms seen in real exports and in the disclosure issue) applied to
 * seeded random values, so the file is a pure function of the seed.
 *
 *   npx tsx scripts/make-gate-corpus.ts            rewrite the fixture
 *   npx tsx scripts/gate-corpus-report.ts          recall and precision on it
 *
 * test/unit/gate-corpus.test.ts checks that the fixture is this script's output and measures it.
 * Every value is invented: the digits are random and identify nobody.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fullName, asciiHandle, type Sex } from '../datasets/generators/names.ts';
import { Rng } from '../datasets/generators/random.ts';
import { CITIZEN_ID_PROVINCE_CODES, type IdentifierKind } from '../src/gate/identifiers.ts';

export interface LabelledEntry {
  text: string;
  /** The kind the gate must find in `text`; null: a legitimate value in which it must find nothing. */
  kind: IdentifierKind | null;
  /** Which template made it, for the per-form report. */
  form: string;
}

export const CORPUS_SEED = 20250701;
export const CORPUS_FILE = join(import.meta.dirname, '..', 'test', 'fixtures', 'gate', 'labelled-corpus.json');

const FULL_WIDTH_OFFSET = 0xff01 - 0x21;
/** `０９０３` for `0903`: every printable ASCII character as its full-width form, spaces ideographic. */
const fullWidth = (s: string): string =>
  [...s]
    .map((c) => (c === ' ' ? '\u3000' : c > ' ' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + FULL_WIDTH_OFFSET) : c))
    .join('');
/** The digits in the mathematical bold block (`𝟎𝟗`), which NFKC folds to ASCII. */
const mathDigits = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));
/** Invisible characters a copy from Word, a web form or a PDF leaves inside a number. */
const INVISIBLES = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e', '\u200e'];
const DASHES = ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d'];
const SPACES = ['\u00a0', '\u2009', '\u202f', '\u3000', '\u2007'];

/** Splits a digit string into groups of the given sizes, joined by `sep`. */
function group(digits: string, sizes: number[], sep: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(sep);
}

/** `text` with one invisible character inserted after a random inner position. */
const withInvisible = (rng: Rng, text: string, invisible: string): string => {
  const at = 1 + rng.int(text.length - 1);
  return text.slice(0, at) + invisible + text.slice(at);
};

export function buildLabelledCorpus(seed = CORPUS_SEED): LabelledEntry[] {
  const rng = new Rng(seed);
  const entries: LabelledEntry[] = [];
  const add = (kind: IdentifierKind | null, form: string, text: string): void => {
    entries.push({ text, kind, form });
  };
  const name = (): string => fullName(rng, rng.pick<Sex>(['M', 'F']), rng.range(1940, 2005), rng.pick([1, 2, 3] as const));
  const day = (): string => String(rng.range(1, 28)).padStart(2, '0');
  const month = (): string => String(rng.range(1, 12)).padStart(2, '0');
  const year = (): number => rng.range(1940, 2006);

  // ---- the forms quoted in the disclosure issue, verbatim ----
  for (const [kind, text] of [
    ['citizen-id', 'CCCD 079 203 001 234'],
    ['citizen-id', '079.203.001.234'],
    ['citizen-id', '0792 0300 1234'],
    ['citizen-id', '０７９２０３００１２３４'],
    ['citizen-id', '079203\u200c001234'],
    ['old-id', 'CMND: 023 456 789'],
    ['phone', 'ĐT +84 (0) 912 345 678'],
    ['phone', '0084 912 345 678'],
    ['phone', '0912/345/678'],
    ['phone', '0912\u2013345\u2013678'],
    ['phone', '0912\u00ad345\u00ad678'],
    ['phone', '0912\u200d345\u200d678'],
    ['phone', '0912\u2060345\u2060678'],
    ['email', 'nguyenvanan [at] gmail.com'],
    ['email', 'nguyenvanan(at)gmail.com'],
    ['email', 'nguyenvanan a còng gmail chấm com'],
    ['email', 'nguyenvanan＠gmail.com'],
    ['email', 'x @ y.com'],
    ['health-insurance-card', 'thẻ DN 4 79 79 123 45678'],
    ['health-insurance-card', 'dn4790123456789'],
    ['passport', 'hộ chiếu số c1234567'],
    ['passport', 'Hộ chiếu: xem hồ sơ đính kèm của bệnh nhân C1234567'],
    ['person-with-birth-date', 'người nhập khẩu Nguyễn Văn An, sinh ngày 12/05/1980'],
  ] as const)
    add(kind, 'quoted in the issue', text);

  // ---- citizen IDs (12 digits) ----
  const citizenId = (): string => `${rng.pick(CITIZEN_ID_PROVINCE_CODES)}${rng.int(4)}${rng.digits(2)}${rng.digits(6)}`;
  const citizenForms: [string, (id: string) => string][] = [
    ['plain', (id) => id],
    ['CCCD 3-3-3-3 spaces', (id) => `CCCD ${group(id, [3, 3, 3], ' ')}`],
    ['3-3-3-3 dots', (id) => group(id, [3, 3, 3], '.')],
    ['4-4-4 spaces', (id) => group(id, [4, 4], ' ')],
    ['3-3-3-3 dashes', (id) => group(id, [3, 3, 3], '-')],
    ['4-4-4 slashes', (id) => `Số định danh: ${group(id, [4, 4], '/')}`],
    ['en or em dash groups', (id) => group(id, [3, 3, 3], rng.pick(DASHES))],
    ['spaced dash groups', (id) => `CCCD: ${group(id, [3, 3, 3], ' - ')}`],
    ['full-width digits', (id) => `CCCD ${fullWidth(id)}`],
    ['full-width grouped', (id) => fullWidth(group(id, [4, 4], ' '))],
    ['invisible character inside', (id) => withInvisible(rng, id, rng.pick(INVISIBLES))],
    ['two invisible characters', (id) => withInvisible(rng, withInvisible(rng, id, rng.pick(INVISIBLES)), rng.pick(INVISIBLES))],
    ['odd spaces between groups', (id) => group(id, [3, 3, 3], rng.pick(SPACES))],
    ['mathematical digits', (id) => mathDigits(id)],
    ['in a sentence', (id) => `Bệnh nhân ${name()}, CCCD số ${group(id, [3, 3, 3], ' ')}, đã chuyển viện`],
    ['in parentheses', (id) => `${name()} (${id})`],
    ['with its issue date', (id) => `CCCD: ${group(id, [3, 3, 3], ' ')} cấp ngày ${day()}/${month()}/2021`],
    ['personal tax code (CCCD since 2025)', (id) => `MST cá nhân: ${id}`],
    ['after CMND label', (id) => `Số CMND/CCCD: ${group(id, [4, 4], '.')}`],
    ['after a price', (id) => `Tạm ứng 1.500.000 đồng, CCCD ${id}`],
  ];
  for (const [form, make] of citizenForms) for (let i = 0; i < 2; i++) add('citizen-id', form, make(citizenId()));

  // ---- CMND (9 digits) ----
  const oldIdForms: [string, (id: string) => string][] = [
    ['CMND: 3-3-3', (id) => `CMND: ${group(id, [3, 3], ' ')}`],
    ['CMND số dots', (id) => `CMND số ${group(id, [3, 3], '.')}`],
    ['Số CMT plain', (id) => `Số CMT: ${id}`],
    ['chứng minh nhân dân', (id) => `Số chứng minh nhân dân ${id}`],
    ['no accents', (id) => `so chung minh nhan dan: ${group(id, [3, 3], '-')}`],
    ['CMND/CCCD', (id) => `CMND/CCCD: ${id}`],
    ['full-width', (id) => `CMND ${fullWidth(id)}`],
    ['invisible inside', (id) => `cmnd ${withInvisible(rng, id, rng.pick(INVISIBLES))}`],
    ['Số CM', (id) => `Số CM: ${group(id, [3, 3], rng.pick(DASHES))}`],
    ['label on the line before', (id) => `CMND:\n${id}`],
    ['căn cước label', (id) => `Căn cước: ${group(id, [3, 3], ' ')}`],
  ];
  for (const [form, make] of oldIdForms) for (let i = 0; i < 3; i++) add('old-id', form, make(`${rng.range(0, 3)}${rng.digits(8)}`));

  // ---- health-insurance cards (15 characters) ----
  const card = (): string =>
    `${rng.pick(['DN', 'HC', 'TE', 'GD', 'HT', 'CN', 'HS', 'XN', 'CK', 'BT'])}${rng.range(1, 5)}${rng.digits(2)}${rng.digits(10)}`;
  const cardForms: [string, (c: string) => string][] = [
    ['plain', (c) => c],
    ['lower case', (c) => c.toLowerCase()],
    ['mixed case', (c) => c[0] + c[1]!.toLowerCase() + c.slice(2)],
    [
      'grouped as printed 2-1-2-2-3-5',
      (c) => `thẻ ${c.slice(0, 2)} ${c[2]} ${c.slice(3, 5)} ${c.slice(5, 7)} ${c.slice(7, 10)} ${c.slice(10)}`,
    ],
    ['dashes', (c) => `${c.slice(0, 2)}-${c[2]}-${c.slice(3, 5)}-${c.slice(5)}`],
    ['space after group code', (c) => `Mã thẻ BHYT: ${c.slice(0, 2)} ${c.slice(2)}`],
    ['full-width', (c) => fullWidth(c)],
    ['invisible inside', (c) => withInvisible(rng, c, rng.pick(INVISIBLES))],
    ['lower case grouped', (c) => `the bhyt ${c.slice(0, 3).toLowerCase()} ${c.slice(3, 5)} ${c.slice(5)}`],
    ['in a sentence', (c) => `Bệnh nhân có thẻ BHYT số ${c}, hưởng 80%`],
  ];
  for (const [form, make] of cardForms) for (let i = 0; i < 3; i++) add('health-insurance-card', form, make(card()));

  // ---- BHXH numbers (10 digits) ----
  const socialForms: [string, (n: string) => string][] = [
    ['Mã số BHXH plain', (n) => `Mã số BHXH: ${n}`],
    ['BHXH 2-4-4', (n) => `BHXH ${group(n, [2, 4], ' ')}`],
    ['Số sổ BHXH dashes', (n) => `Số sổ BHXH: ${group(n, [3, 3], '-')}`],
    ['bảo hiểm xã hội dots', (n) => `bảo hiểm xã hội số ${group(n, [2, 4], '.')}`],
    ['bao hiem y te', (n) => `bao hiem y te ${n}`],
    ['full-width', (n) => `BHXH: ${fullWidth(n)}`],
    ['invisible inside', (n) => `Mã BHXH ${withInvisible(rng, n, rng.pick(INVISIBLES))}`],
    ['lower-case label', (n) => `bhxh: ${group(n, [5], ' ')}`],
  ];
  for (const [form, make] of socialForms)
    for (let i = 0; i < 4; i++) add('social-insurance', form, make(`${rng.range(10, 99)}${rng.digits(8)}`));

  // ---- phone numbers ----
  const mobilePrefixes = [
    '32',
    '33',
    '34',
    '35',
    '36',
    '37',
    '38',
    '39',
    '52',
    '56',
    '58',
    '59',
    '70',
    '76',
    '77',
    '78',
    '79',
    '81',
    '82',
    '83',
    '84',
    '85',
    '86',
    '88',
    '89',
    '90',
    '91',
    '93',
    '94',
    '96',
    '97',
    '98',
    '99',
  ];
  const mobile = (): string => `${rng.pick(mobilePrefixes)}${rng.digits(7)}`; // without the trunk 0
  const phoneForms: [string, (n: string) => string][] = [
    ['plain', (n) => `0${n}`],
    ['+84 (0) grouped', (n) => `ĐT +84 (0) ${group(n, [3, 3], ' ')}`],
    ['0084 grouped', (n) => `0084 ${group(n, [3, 3], ' ')}`],
    ['+84 plain', (n) => `+84${n}`],
    ['84 grouped', (n) => `84 ${group(n, [3, 3], ' ')}`],
    ['slashes', (n) => group(`0${n}`, [4, 3], '/')],
    ['en dashes', (n) => group(`0${n}`, [4, 3], '\u2013')],
    ['any dash', (n) => group(`0${n}`, [4, 3], rng.pick(DASHES))],
    ['4-3-3 spaces', (n) => `SĐT: ${group(`0${n}`, [4, 3], ' ')}`],
    ['dots', (n) => group(`0${n}`, [4, 3], '.')],
    ['3-3-4', (n) => group(`0${n}`, [3, 3], ' ')],
    ['pairs', (n) => group(`0${n}`, [2, 2, 2, 2], ' ')],
    ['(+84) dashes', (n) => `(+84) ${group(n, [3, 3], '-')}`],
    ['soft hyphen inside', (n) => `0${n.slice(0, 3)}\u00ad${n.slice(3)}`],
    ['joiners inside', (n) => `0${n.slice(0, 3)}\u200d${n.slice(3, 6)}\u2060${n.slice(6)}`],
    ['full-width', (n) => fullWidth(`0${n}`)],
    ['no-break spaces', (n) => group(`0${n}`, [4, 3], '\u00a0')],
    ['Zalo', (n) => `Zalo ${`0${n}`}`],
    ['liên hệ', (n) => `${name()} - liên hệ ${group(`0${n}`, [4, 3], ' ')}`],
    ['two side by side', (n) => `ĐT: 0${n} - 0${mobile()}`],
    ['mobile labelled hotline', (n) => `Hotline: ${group(`0${n}`, [4, 3], ' ')}`],
    ['mobile after switchboard label', (n) => `Tổng đài 0${n}`],
    ['after a tax code', (n) => `MST: 0302560110, ĐT: 0${n}`],
    ['home landline', () => `ĐT nhà: 028 ${rng.digits(4)} ${rng.digits(4)}`],
    ['landline in parentheses', () => `Điện thoại: (024) ${rng.digits(4)} ${rng.digits(4)}`],
    ['landline with Tel', () => `Tel: 0236.${rng.digits(4)}.${rng.digits(3)}`],
  ];
  for (const [form, make] of phoneForms) for (let i = 0; i < 2; i++) add('phone', form, make(mobile()));

  // ---- e-mail addresses ----
  const domains = ['gmail.com', 'yahoo.com.vn', 'outlook.com', 'hotmail.com', 'fpt.vn', 'vnn.vn'];
  const local = (): string => `${asciiHandle(name()).slice(0, 16)}${rng.range(10, 99)}`;
  const emailForms: [string, (l: string, d: string) => string][] = [
    ['plain', (l, d) => `${l}@${d}`],
    ['[at]', (l, d) => `${l} [at] ${d}`],
    ['(at)', (l, d) => `${l}(at)${d}`],
    ['{at}', (l, d) => `${l} {at} ${d}`],
    ['<at>', (l, d) => `${l}<at>${d}`],
    ['[AT] upper case', (l, d) => `${l} [AT] ${d}`],
    ['[@]', (l, d) => `${l}[@]${d}`],
    ['(a)', (l, d) => `${l} (a) ${d}`],
    ['a còng … chấm', (l, d) => `${l} a còng ${d.replaceAll('.', ' chấm ')}`],
    ['a cong … cham (no accents)', (l, d) => `${l} a cong ${d.replaceAll('.', ' cham ')}`],
    ['a móc', (l, d) => `${l} a móc ${d}`],
    ['full-width at', (l, d) => `${l}＠${d}`],
    ['all full-width', (l, d) => fullWidth(`${l}@${d}`)],
    ['spaced at', (l, d) => `${l} @ ${d}`],
    ['at … dot', (l, d) => `${l} at ${d.replaceAll('.', ' dot ')}`],
    ['(at) … (dot)', (l, d) => `${l} (at) ${d.replaceAll('.', ' (dot) ')}`],
    ['upper case', (l, d) => `${l}@${d}`.toUpperCase()],
    ['invisible in the local part', (l, d) => `${withInvisible(rng, l, rng.pick(INVISIBLES))}@${d}`],
    ['in a sentence', (l, d) => `Liên hệ chủ cơ sở qua email: ${l}@${d}.`],
  ];
  for (const [form, make] of emailForms) for (let i = 0; i < 2; i++) add('email', form, make(local(), rng.pick(domains)));

  // ---- passports ----
  const passport = (): string => `${rng.pick(['B', 'C', 'N', 'K', 'P', 'E'])}${rng.digits(7)}`;
  const passportForms: [string, (p: string) => string][] = [
    ['Hộ chiếu số', (p) => `Hộ chiếu số ${p}`],
    ['lower-case letter', (p) => `hộ chiếu số ${p.toLowerCase()}`],
    ['Passport No.', (p) => `Passport No. ${p}`],
    ['số HC', (p) => `số HC: ${p}`],
    ['no accents', (p) => `HO CHIEU: ${p}`],
    ['label 40 characters before', (p) => `Hộ chiếu: xem hồ sơ đính kèm của bệnh nhân ${p}`],
    ['label 70 characters before', (p) => `Hộ chiếu (bản sao có công chứng, nộp tại Phòng Kế hoạch tổng hợp) số ${p}`],
    ['label 90 characters before', (p) => `Passport của người nước ngoài điều trị nội trú, đã photo lưu tại khoa Khám bệnh, số: ${p}`],
    ['full-width', (p) => `Hộ chiếu ${fullWidth(p)}`],
    ['space after the letter', (p) => `Số hộ chiếu: ${p[0]} ${p.slice(1)}`],
    ['invisible inside', (p) => `passport ${withInvisible(rng, p, rng.pick(INVISIBLES))}`],
  ];
  for (const [form, make] of passportForms) for (let i = 0; i < 3; i++) add('passport', form, make(passport()));

  // ---- a name with a date of birth ----
  const birthForms: [string, (n: string) => string][] = [
    ['người nhập khẩu …, sinh ngày', (n) => `người nhập khẩu ${n}, sinh ngày ${day()}/${month()}/${year()}`],
    [', sinh ngày d/m/yyyy', (n) => `${n}, sinh ngày ${rng.range(1, 28)}/${rng.range(1, 12)}/${year()}`],
    ['(SN yyyy)', (n) => `${n} (SN ${year()})`],
    ['upper case, sinh năm', (n) => `${n.toUpperCase()}, sinh năm ${year()}`],
    ['; Ngày sinh:', (n) => `Họ tên: ${n}; Ngày sinh: ${day()}/${month()}/${year()}`],
    ['- ngày sinh dd-mm-yyyy', (n) => `${n} - ngày sinh ${day()}-${month()}-${year()}`],
    ['sinh ngày … tháng … năm', (n) => `${n}, sinh ngày ${rng.range(1, 28)} tháng ${rng.range(1, 12)} năm ${year()}`],
    ['Ông …, SN: dd.mm.yyyy', (n) => `Ông ${n}, SN: ${day()}.${month()}.${year()}`],
    ['(sinh năm)', (n) => `bà ${n} (sinh năm ${year()})`],
    ['no accents', (n) => `${asciiName(n)}, sinh ngay ${day()}/${month()}/${year()}`],
    ['invisible inside the date', (n) => `${n}, sinh ngày ${day()}/${month()}\u200b/${year()}`],
  ];
  for (const [form, make] of birthForms) for (let i = 0; i < 3; i++) add('person-with-birth-date', form, make(name()));

  // ==== legitimate values ====
  const legit = (form: string, values: string[]): void => values.forEach((v) => add(null, form, v));
  const n = (k: number, make: () => string): string[] => Array.from({ length: k }, make);
  const pad = (v: number, w: number): string => String(v).padStart(w, '0');
  const provinces = ['HNO', 'HCM', 'DNA', 'HPG', 'CTO', 'BDU', 'KHA', 'NAN', 'QNI', 'TNG'];

  legit('facility name', [
    'Phòng khám Đa khoa 108',
    'Bệnh viện Quân y 175',
    'Bệnh viện Đa khoa Quốc tế Vinmec Times City',
    'Phòng khám chuyên khoa Răng Hàm Mặt Nụ Cười 2',
    'Nhà thuốc Long Châu 1023',
    'Trạm Y tế Phường 12',
    'Bệnh viện Nhân dân 115',
    'Phòng khám Bác sĩ Nguyễn Văn An',
    'Bệnh viện Nguyễn Tri Phương, thành lập ngày 12/05/1903',
    'Phòng xét nghiệm Y khoa Medlatec chi nhánh 24',
    'Trung tâm Y tế huyện Củ Chi',
    'Phòng chẩn trị y học cổ truyền Tâm Đức',
    'Cơ sở dịch vụ y tế Chăm Sóc Tại Nhà 247',
    'Bệnh viện Đa khoa tỉnh Quảng Ninh (cơ sở 2)',
    'Nha khoa Kim - chi nhánh 3/2',
  ]);
  legit(
    'address with house number',
    n(25, () =>
      rng.pick([
        () =>
          `${rng.range(1, 999)} ${rng.pick(['Nguyễn Trãi', 'Lê Lợi', 'Trần Hưng Đạo', '3 Tháng 2', 'Cách Mạng Tháng 8'])}, Phường ${rng.range(1, 15)}, Quận ${rng.range(1, 12)}, TP Hồ Chí Minh`,
        () =>
          `Số ${rng.range(1, 300)}/${rng.range(1, 40)}/${rng.range(1, 20)} ngõ ${rng.range(1, 200)} ${rng.pick(['Giải Phóng', 'Kim Mã', 'Láng Hạ'])}, Hà Nội`,
        () => `Lô ${rng.pick(['A', 'B', 'C'])}${rng.range(1, 40)}, KCN Tân Bình, Phường Tây Thạnh, TP Hồ Chí Minh`,
        () => `Thôn ${rng.range(1, 15)}, Xã Hòa Lộc, Nghệ An`,
        () => `Tổ ${rng.range(1, 30)}, Khu phố ${rng.range(1, 9)}, Phường Tân Phú, Đồng Nai`,
        () => `Km ${rng.range(1, 99)}+${rng.range(100, 999)} Quốc lộ 1A, Xã Tân Lập`,
        () =>
          `${rng.range(1, 99)}A-${rng.range(1, 99)}B Phạm Ngọc Thạch, Phường ${pad(rng.range(1, 12), 2)}, Quận ${pad(rng.range(1, 12), 2)}`,
      ])(),
    ),
  );
  legit(
    'practising certificate / operating licence number',
    n(20, () =>
      rng.pick([
        () => `${pad(rng.int(1e6), 6)}/${rng.pick(provinces)}-CCHN`,
        () => `${rng.range(1, 999)}/BYT-GPHĐ`,
        () => `${pad(rng.int(1e5), 5)}/SYT-GPHĐ`,
        () => `${pad(rng.int(1e7), 7)}/BYT-CCHN`,
        () => `${pad(rng.int(1e4), 4)}/${rng.pick(provinces)}-GPHĐ`,
      ])(),
    ),
  );
  legit(
    'drug registration number',
    n(25, () =>
      rng.pick([
        () => `VD-${rng.range(10000, 35999)}-${rng.range(10, 23)}`,
        () => `VN-${rng.range(10000, 23999)}-${rng.range(10, 23)}`,
        () => `QLĐB-${rng.range(100, 999)}-${rng.range(10, 23)}`,
        () => `VN3-${rng.range(10, 400)}-${rng.range(18, 23)}`,
        () => `GC-${pad(rng.range(1, 400), 4)}-${rng.range(10, 23)}`,
        () => `893${rng.range(100, 115)}${rng.digits(4)}${rng.range(23, 25)}`,
        () => `SĐK: ${rng.range(400, 890)}${rng.digits(9)}`,
        () => `Số đăng ký: ${pad(rng.range(1, 19), 3)}${rng.range(1, 3)}${rng.digits(8)}`,
      ])(),
    ),
  );
  legit(
    'medical device number',
    n(15, () =>
      rng.pick([
        () => `${rng.range(17, 25)}${rng.digits(7)}/PCB${rng.pick(['A', 'B'])}-${rng.pick(['HN', 'HCM'])}`,
        () => `${rng.range(17, 25)}0${rng.digits(4)}ĐKLH/BYT-HTTB`,
        () => `${pad(rng.int(1e6), 6)}/${rng.range(2018, 2025)}/BYT-TB-CT`,
        () => `Số lưu hành: ${rng.range(2200, 2599)}${rng.digits(5)}/PCBB-HN`,
      ])(),
    ),
  );
  const taxCode = (prefix: string): string => `${prefix}${rng.digits(10 - prefix.length)}`;
  legit('tax code, bare (prefix not a mobile one)', [
    '0302560110',
    ...n(6, () =>
      taxCode(
        rng.pick([
          '0100',
          '0101',
          '0102',
          '0300',
          '0301',
          '0302',
          '0303',
          '0304',
          '0305',
          '0310',
          '0311',
          '0312',
          '0313',
          '0314',
          '0315',
          '0316',
        ]),
      ),
    ),
    ...n(4, () => taxCode(rng.pick(['3600', '3700', '5700', '4100', '2500', '0200', '0400', '0500', '0600', '0800']))),
  ]);
  legit('tax code, branch', [
    '0312345678-001',
    ...n(5, () => `${taxCode(rng.pick(['01', '03', '09', '07', '36']))}-${pad(rng.range(1, 30), 3)}`),
  ]);
  legit(
    'tax code, labelled',
    n(14, () =>
      rng.pick([
        () => `MST: ${taxCode(rng.pick(['09', '07', '03']))}`,
        () => `Mã số thuế: ${taxCode('0900')}`,
        () => `Mã số doanh nghiệp ${taxCode('0700')}`,
        () => `MSDN: ${taxCode('0901')}-${pad(rng.range(1, 9), 3)}`,
        () => `Mã số thuế doanh nghiệp: ${group(taxCode('0906'), [4, 3], ' ')}`,
        () => `MST số ${taxCode('0900')}`,
        () => `Tax code: ${taxCode('0700')}`,
      ])(),
    ),
  );
  /** A GTIN of `digits` digits starting with `prefix`, with its check digit. */
  const gtin = (digits: number, prefix = ''): string => {
    const body = prefix + rng.digits(digits - 1 - prefix.length);
    let sum = 0;
    [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
    return body + ((10 - (sum % 10)) % 10);
  };
  legit('barcode', [
    'UPC 036000291452',
    'Mã vạch: 036000291452',
    'GTIN: 08935049501503',
    'EAN-13: 8934588012228',
    '8934588012228',
    ...n(5, () => `UPC-A: ${gtin(12, rng.pick(CITIZEN_ID_PROVINCE_CODES))}`),
    ...n(4, () => `GTIN ${gtin(14)}`),
    ...n(4, () => `Mã vạch ${gtin(13)}`),
    ...n(3, () => gtin(13)),
  ]);
  legit(
    'lot, batch, model or serial number',
    n(20, () =>
      rng.pick([
        () => `Số lô: ${rng.digits(6)}`,
        () => `Lot: ${rng.pick(CITIZEN_ID_PROVINCE_CODES)}${rng.digits(9)}`,
        () => `LOT ${rng.range(2301, 2512)}${rng.digits(6)}`,
        () => `Batch No. ${pad(rng.int(1e10), 10)}`,
        () => `Model: 09${rng.digits(8)}`,
        () => `Model ${rng.pick(['CD', 'MG', 'XR'])}-${rng.range(100, 9999)}`,
        () => `Số model: ${rng.pick(['BM', 'HX'])}${rng.range(100, 999)}-${rng.digits(4)}`,
        () => `S/N ${rng.digits(12)}`,
        () => `Serial: ${rng.pick(['C', 'P', 'SN'])}${rng.digits(7)}`,
        () => `REF ${rng.digits(9)}`,
        () => `Ký hiệu: ${rng.pick(['TT', 'KT'])}-${rng.digits(9)}`,
      ])(),
    ),
  );
  legit('product text with a passport-like series', [
    'Passport series P1234567',
    'Bao da hộ chiếu Passport series C7654321',
    'Ví đựng hộ chiếu, series B1234567',
  ]);
  legit('date', [
    '12/05/1980',
    '2021-03-04',
    '09.03.2021 12:30',
    '01/01/2020 - 31/12/2020',
    '2014-01-28 09:52:26',
    'Từ 01/2020 đến 12/2020',
    '2024-06-30T08:15:00',
    ...n(12, () =>
      rng.pick([
        () => `${day()}/${month()}/${rng.range(1990, 2025)}`,
        () => `${rng.range(1990, 2025)}-${month()}-${day()}`,
        () => `${day()}-${month()}-${rng.range(1990, 2025)} - ${day()}-${month()}-${rng.range(1990, 2025)}`,
        () => `Ngày cấp: ${day()}.${month()}.${rng.range(2000, 2025)}`,
        () => `Hiệu lực từ ${day()}/${month()}/${rng.range(2000, 2025)} đến ${day()}/${month()}/${rng.range(2026, 2030)}`,
      ])(),
    ),
  ]);
  legit('ICD-10 code', [
    'J18.9',
    'E11.65',
    'A09',
    'U07.1',
    'ICD-10: J18.9; E11.65; A09; U07.1',
    'I10 - Tăng huyết áp',
    'C34.9',
    'O80',
    'Z00.0',
    'S72.00',
  ]);
  legit(
    'organisation switchboard or hotline, labelled',
    n(24, () =>
      rng.pick([
        () => `Tổng đài: 028 ${rng.digits(4)} ${rng.digits(4)}`,
        () => `Tổng đài ${pad(rng.range(203, 299), 4)} ${rng.digits(3)} ${rng.digits(4)}`,
        () => `ĐT cơ quan: (024) ${rng.digits(4)} ${rng.digits(4)}`,
        () => `Điện thoại cơ quan ${pad(rng.range(203, 299), 4)}.${rng.digits(3)}.${rng.digits(4)}`,
        () => `Fax: (028) ${rng.digits(4)} ${rng.digits(4)}`,
        () => `ĐT/Fax: 0236.${rng.digits(4)}.${rng.digits(3)}`,
        () => `Hotline: 1900 ${rng.digits(4)}`,
        () => `Hotline 1800.${rng.digits(3)}.${rng.digits(3)}`,
        () => `Đường dây nóng: 1900 ${rng.digits(3)} ${rng.digits(3)}`,
        () => `${rng.pick(['1800', '1900'])} ${rng.digits(4)}`,
        () => `Cấp cứu: 028 ${rng.digits(4)} ${rng.digits(4)}`,
        () => `Tổng đài: 024 ${rng.digits(4)} ${rng.digits(4)} - 024 ${rng.digits(4)} ${rng.digits(4)}`,
        () => `Văn phòng: +84 28 ${rng.digits(4)} ${rng.digits(4)}`,
      ])(),
    ),
  );
  legit('emergency and short numbers', ['Cấp cứu 115', 'Gọi 115', 'Tổng đài 1022', 'Đường dây nóng Bộ Y tế 1900 9095']);
  legit('postal code', ['700000', 'Mã bưu chính 100000', '550000', 'Mã bưu chính: 720000', '650000']);
  legit('amount of money', [
    '1.250.000 đồng',
    '12.500.000.000 đồng',
    'Tổng kinh phí 1.036.000.000.000 đồng',
    '2,5 tỷ đồng',
    'USD 1,200.50',
    'Giá: 850.000 - 1.200.000 đ',
    ...n(
      10,
      () =>
        `${rng.range(1, 999)}.${rng.digits(3)}.${rng.digits(3)}${rng.chance(0.5) ? `.${rng.digits(3)}` : ''} ${rng.pick(['đồng', 'đ', 'VNĐ', 'VND'])}`,
    ),
  ]);
  legit('decree, circular or decision number', [
    '102/2025/NĐ-CP',
    'Thông tư 08/2022/TT-BYT',
    'Quyết định số 1234/QĐ-BYT ngày 12/05/2023',
    'Nghị định 13/2023/NĐ-CP',
    'Công văn số 0912/SYT-NVY',
    'Quyết định 079/QĐ-SYT',
    'Luật Khám bệnh, chữa bệnh số 15/2023/QH15',
    'Thông tư 09/2023/TT-BYT ngày 01/04/2023',
    ...n(6, () => `${rng.range(1, 9999)}/QĐ-${rng.pick(['BYT', 'SYT', 'UBND'])}`),
  ]);
  legit('year, percentage, count', [
    '2025',
    'năm 2020',
    '12,5%',
    '95%',
    'Quy mô 500 giường',
    'Số giường bệnh: 1.200',
    'Tỷ lệ 0,5%',
    'Giai đoạn 2020 - 2025',
    '36 tháng',
    'Tuổi thọ: 24 tháng',
  ]);
  legit('opening hours, coordinates, standards', [
    '07:30 - 17:00',
    'Thứ 2 - Thứ 7, 07:00 - 11:30',
    '10.7769, 106.7009',
    'ISO 13485:2016',
    'IEC 60601-1',
    'chứng nhận EN 14683 số QMS-989143',
    'TCCS',
    'USP 43',
    'BP 2020',
    'Paracetamol 500mg; Cafein 65mg',
    'Hộp 10 vỉ x 10 viên',
    'Available at www.moh.gov.vn',
    'Xem thêm tại moh.gov.vn',
    'Nhà thuốc Minh Châu, SN 12 Trần Hưng Đạo',
    'Đèn khám bệnh, model MG 25 Plus',
    'Tài liệu mô tả kỹ thuật 34 trang; hướng dẫn sử dụng (bản dịch tiếng Việt)',
  ]);
  legit('value from a sample register export', sampleRegisterValues(rng, 60));
  return entries;
}

/**
 * Distinct values of the published (open) fields of the sample exports in datasets/<id>/sample/:
 * the shapes of real register values, written by other hands than the gate's rules.
 */
function sampleRegisterValues(rng: Rng, count: number): string[] {
  const dir = join(import.meta.dirname, '..', 'datasets');
  const csv = (file: string, fields: string[]): string[] =>
    (parse(readFileSync(join(dir, file)), { columns: true, bom: true }) as Record<string, string>[]).flatMap((r) =>
      fields.map((f) => r[f] ?? ''),
    );
  const medicines = JSON.parse(readFileSync(join(dir, 'registered-medicines/sample/drug-registry-2026-11-20.json'), 'utf8')) as Record<
    string,
    unknown
  >[];
  const values = [
    ...csv('medical-facilities/sample/79/giay-phep-hoat-dong-2026-11-20.csv', ['TenCoSo', 'SoGiayPhep', 'DiaChi', 'NgayCap']),
    ...csv('medical-facilities/sample/01/giay-phep-hoat-dong-2026-11-18.csv', ['TenCoSo', 'SoGiayPhep', 'DiaChi', 'NgayCap']),
    ...csv('medical-devices/sample/dang-ky-luu-hanh-2026-11-19.csv', [
      'SoLuuHanh',
      'TenTrangThietBi',
      'ChuSoHuu',
      'CoSoSanXuat',
      'NgayCap',
    ]),
    ...medicines.flatMap((m) =>
      ['registerCode', 'drugName', 'drugPropertyNames', 'registerCompany', 'registerAddress', 'addressFrom', 'standard', 'drugNum'].map(
        (f) => (typeof m[f] === 'string' ? (m[f] as string) : ''),
      ),
    ),
  ];
  const distinct = [...new Set(values.filter((v) => /[0-9]/.test(v)))].sort();
  const picked: string[] = [];
  while (picked.length < count && distinct.length > 0) picked.push(...distinct.splice(rng.int(distinct.length), 1));
  return picked;
}

const asciiName = (name: string): string => name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

export function corpusDocument(entries: LabelledEntry[]): string {
  return `${JSON.stringify(
    {
      description:
        'Labelled corpus of the identifier gate, written by scripts/make-gate-corpus.ts (seed ' +
        `${CORPUS_SEED}): kind = the identifier the gate must find, null = a legitimate register value in which it must find nothing. Every value is invented.`,
      entries,
    },
    null,
    1,
  )}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entries = buildLabelledCorpus();
  writeFileSync(CORPUS_FILE, corpusDocument(entries));
  const positives = entries.filter((e) => e.kind).length;
  console.log(`${CORPUS_FILE}: ${positives} identifiers, ${entries.length - positives} legitimate values`);
}
