/**
 * Derives the ICD-10 chapter list (number, code range, English title) from WHO's 2019 code list
 * (../shared/data/reference/icd10-who-2019.tsv): a chapter line is followed by its blocks, so the
 * chapter's range runs from its first block's start to its last block's end.
 *   npx tsx scripts/derive-icd10-chapters.ts [path-to-tsv]
 * Vietnamese titles follow the Ministry of Health's ICD-10 translation (Bảng phân loại quốc tế bệnh tật).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference/icd10-who-2019.tsv');
const VIETNAMESE: Record<string, string> = {
  I: 'Bệnh nhiễm trùng và ký sinh trùng',
  II: 'Khối u',
  III: 'Bệnh của máu, cơ quan tạo máu và các rối loạn liên quan đến cơ chế miễn dịch',
  IV: 'Bệnh nội tiết, dinh dưỡng và chuyển hóa',
  V: 'Rối loạn tâm thần và hành vi',
  VI: 'Bệnh của hệ thần kinh',
  VII: 'Bệnh của mắt và phần phụ',
  VIII: 'Bệnh của tai và xương chũm',
  IX: 'Bệnh của hệ tuần hoàn',
  X: 'Bệnh của hệ hô hấp',
  XI: 'Bệnh của hệ tiêu hóa',
  XII: 'Bệnh của da và mô dưới da',
  XIII: 'Bệnh của hệ cơ, xương khớp và mô liên kết',
  XIV: 'Bệnh của hệ sinh dục, tiết niệu',
  XV: 'Mang thai, sinh đẻ và hậu sản',
  XVI: 'Một số bệnh lý xuất phát trong thời kỳ chu sinh',
  XVII: 'Dị tật bẩm sinh, biến dạng và bất thường về nhiễm sắc thể',
  XVIII: 'Triệu chứng, dấu hiệu và những biểu hiện lâm sàng bất thường, không phân loại ở phần khác',
  XIX: 'Vết thương, ngộ độc và hậu quả của một số nguyên nhân bên ngoài',
  XX: 'Nguyên nhân bên ngoài của bệnh tật và tử vong',
  XXI: 'Các yếu tố ảnh hưởng đến tình trạng sức khỏe và tiếp xúc dịch vụ y tế',
  XXII: 'Mã dành cho những mục đích đặc biệt',
};

const chapters: { chapter: string; from: string; to: string; en: string; vi: string }[] = [];
for (const line of readFileSync(source, 'utf8').split('\n')) {
  const [code, title] = line.split('\t');
  if (!code || !title) continue;
  if (/^[IVX]+$/.test(code)) {
    chapters.push({ chapter: code, from: '', to: '', en: title.trim(), vi: VIETNAMESE[code] ?? '' });
  } else if (/^[A-Z]\d\d-[A-Z]\d\d$/.test(code)) {
    const current = chapters.at(-1)!;
    const [from, to] = code.split('-') as [string, string];
    if (!current.from) current.from = from;
    current.to = to;
  }
}
if (chapters.length !== 22 || chapters.some((c) => !c.from || !c.vi))
  throw new Error('expected 22 chapters with ranges and Vietnamese titles');
writeFileSync(join(import.meta.dirname, '../src/reference/data/icd10-chapters-who-2019.json'), `${JSON.stringify(chapters, null, 2)}\n`);
console.log(chapters.map((c) => `${c.chapter} ${c.from}-${c.to}`).join('\n'));
