import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ENCOUNTER_CHAPTERS } from '../../datasets/generators/diagnoses.ts';
import { ICD10_COMMON } from '../../datasets/generators/icd10.ts';
import { CANARY_PATTERN, parseCitizenId } from '../../datasets/generators/identifiers.ts';
import {
  exportToString,
  findGenerator,
  generators,
  sampleFile,
  sampleOptions,
  sampleSpecs,
  writeExport,
  type DatasetGenerator,
  type ExportFormat,
  type GeneratorOptions,
} from '../../datasets/generators/index.ts';
import { Rng, Weighted } from '../../datasets/generators/random.ts';
import { loadIcd10Chapters } from '../../src/reference/icd10.ts';
import { loadOldProvinces, loadProvinces } from '../../src/reference/provinces.ts';
import { generatedRecords } from '../support/generated-records.ts';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';

type Row = Record<string, unknown>;

/** The source export headers, as specified (not read from the generators). */
const HEADERS: Readonly<Record<string, string>> = {
  'medical-devices':
    'SoLuuHanh,TenTrangThietBi,PhanLoai,ChuSoHuu,CoSoSanXuat,NuocSanXuat,NgayCap,NgayHetHan,GiaKeKhai,TaiLieuKyThuat,NguoiDaiDien,SoDienThoaiLienHe',
  'health-workforce': 'HoTen,NgaySinh,SoCCCD,SoChungChi,ChucDanh,PhamViHoatDong,NoiCap,NgayCap,TrangThai,MaTinh',
  births: 'HoTenTre,GioiTinh,NgaySinh,NgayCapGCS,CanNang,HoTenMe,SoCCCDMe,TuoiMe,NoiSinh,MaTinh',
  deaths: 'HoTen,SoCCCD,NgaySinh,NgayTuVong,NgayBaoTu,GioiTinh,MaICD10,MaTinh',
  'notifiable-diseases': 'MaCaBenh,HoTen,NgaySinh,GioiTinh,SoDienThoai,DiaChi,MaTinh,BenhTruyenNhiem,NgayKhoiPhat,NgayBaoCao',
  'health-insurance-coverage': 'SoTheBHYT,SoCCCD,HoTen,NgaySinh,MaTinh,DoiTuong,NgayChot',
  'medical-facilities': 'TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD',
  'health-care-encounters':
    'MA_LK,MA_BN,HO_TEN,SO_CCCD,NGAY_SINH,GIOI_TINH,DIA_CHI,MATINH_CU_TRU,MA_THE_BHYT,MA_BENH_CHINH,MA_BENH_KT,MA_KHOA,MA_LOAI_KCB,MA_CSKCB,CAP_CMKT,MA_TINH,NGAY_VAO,NGAY_RA,SO_NGAY_DTRI,KET_QUA_DTRI,T_TONGCHI,T_BHTT,T_BNCCT',
};
const MEDICINE_FIELDS = [
  'id',
  'registerCode',
  'drugName',
  'drugPropertyNames',
  'drugProperties',
  'category',
  'drugType',
  'country',
  'registerCompany',
  'registerAddress',
  'addressFrom',
  'price',
  'expired',
  'standard',
  'drugNum',
  'isStandard',
];

/** Where each person-level export keeps names, citizen IDs, sex and date of birth. */
const PEOPLE: ReadonlyArray<{ id: string; name: string; citizenId?: string; sex?: string; female?: true; birth?: string }> = [
  { id: 'health-workforce', name: 'HoTen', citizenId: 'SoCCCD', birth: 'NgaySinh' },
  { id: 'births', name: 'HoTenMe', citizenId: 'SoCCCDMe', female: true },
  { id: 'deaths', name: 'HoTen', citizenId: 'SoCCCD', sex: 'GioiTinh', birth: 'NgaySinh' },
  { id: 'notifiable-diseases', name: 'HoTen' }, // no citizen ID in case reports
  { id: 'health-insurance-coverage', name: 'HoTen', citizenId: 'SoCCCD', birth: 'NgaySinh' },
  { id: 'health-care-encounters', name: 'HO_TEN', citizenId: 'SO_CCCD', birth: 'NGAY_SINH' }, // sex as 1/2: checked below
];

const PROVINCE_CODES = new Set(loadProvinces().map((p) => p.code));
const OLD_PREFIXES = new Set(loadOldProvinces().map((p) => `0${p.oldCode}`));
const DIACRITIC = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

const gen = (id: string): DatasetGenerator => {
  const g = findGenerator(id);
  if (!g) throw new Error(`no generator ${id}`);
  return g;
};

/** Records of an export's text, whatever its format. */
function records(text: string, format: ExportFormat): Row[] {
  if (format === 'csv') return parse(text, { columns: true, skip_empty_lines: false }) as Row[];
  if (format === 'json-array') return JSON.parse(text) as Row[];
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);
}

const generated = new Map<string, Promise<Row[]>>();

/**
 * An export's records, generated once per (dataset, options): tests only read them. A CSV export's
 * records come straight from the generator (generatedRecords), the same as its CSV text parsed
 * back ("reads back as the records it generated" below).
 */
function generate(id: string, opts: Omit<GeneratorOptions, 'seed'> & { seed?: number }): Promise<Row[]> {
  const g = gen(id);
  const full = { seed: 1, ...opts };
  const format = full.format ?? g.formats[0] ?? 'csv';
  const key = JSON.stringify([id, full]);
  let rows = generated.get(key);
  if (!rows) {
    rows = format === 'csv' ? generatedRecords(g, full) : exportToString(g, full).then((text) => records(text, format));
    generated.set(key, rows);
  }
  return rows;
}

/**
 * The export the statistical checks of a person-level dataset share: large enough for every
 * proportion they check (births: the sex ratio needs more), one seed for all.
 */
const sharedExport = (id: string): Promise<Row[]> => generate(id, { rows: id === 'births' ? 30_000 : 20_000, seed: 21 });

/** The first few records `problem` finds fault with (one expect for many rows: per-row expects are slow). */
function violations(rows: readonly Row[], problem: (r: Row) => string | false | undefined): string[] {
  const found: string[] = [];
  for (const r of rows) {
    const p = problem(r);
    if (p) found.push(`${p}: ${JSON.stringify(r)}`);
    if (found.length === 5) break;
  }
  return found;
}

/** The values of a field, most frequent first. */
function rank(rows: readonly Row[], field: string): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r[field]), (counts.get(String(r[field])) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}

describe('seeded randomness', () => {
  it('repeats a sequence for a seed, differs across seeds and streams, stays in range', () => {
    const draw = (rng: Rng): number[] => Array.from({ length: 1000 }, () => rng.next());
    const a = draw(new Rng(42));
    expect(draw(new Rng(42))).toEqual(a);
    expect(draw(new Rng(43))).not.toEqual(a);
    expect(draw(new Rng(42, 7))).not.toEqual(a);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('draws weighted values in proportion', () => {
    const rng = new Rng(5);
    const w = new Weighted([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[w.pick(rng)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
  });
});

describe.each(generators.map((g) => [g.id, g] as const))('generator %s', (id, g) => {
  const format = g.formats[0] ?? 'csv';

  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const a = await exportToString(g, { rows: 1500, seed: 11 });
    expect(await exportToString(g, { rows: 1500, seed: 11 })).toBe(a);
    expect(await exportToString(g, { rows: 1500, seed: 12 })).not.toBe(a);
    expect(a).toBe(a.normalize('NFC'));
  });

  it('reads back as the records it generated (the records the other checks read)', async () => {
    // The export the canary test below reads as records (generated once for both).
    const opts = { rows: 5_000, seed: 8, canaries: true };
    expect(records(await exportToString(g, opts), format)).toEqual(await generate(id, opts));
  });

  it('writes exactly N records, across batch boundaries, and none for N = 0', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2345]) {
      expect(records(await exportToString(g, { rows: n, seed: 3 }), format)).toHaveLength(n);
    }
  });

  it('has the specified header (CSV) or fields (JSON), in order', async () => {
    const text = await exportToString(g, { rows: 3, seed: 3 });
    if (format === 'csv') {
      expect(text.slice(0, text.indexOf('\n'))).toBe(HEADERS[id]);
      expect(await exportToString(g, { rows: 0, seed: 3 })).toBe(`${HEADERS[id]}\n`);
    } else {
      for (const r of records(text, format)) expect(Object.keys(r).filter((k) => MEDICINE_FIELDS.includes(k))).toEqual(MEDICINE_FIELDS);
    }
  });

  it('plants canaries in ~1 % of rows, only in free-text fields, leaving the rest of each row as it was', async () => {
    const n = 5_000;
    const plain = await generate(id, { rows: n, seed: 8 });
    const seeded = await generate(id, { rows: n, seed: 8, canaries: true });
    const problems: string[] = [];
    let planted = 0;
    for (let i = 0; i < n; i++) {
      const a = plain[i] as Row;
      const b = seeded[i] as Row;
      let changed = false;
      for (const [k, v] of Object.entries(a)) {
        if (g.canaryFields.includes(k)) {
          if (CANARY_PATTERN.test(String(v))) problems.push(`row ${i} ${k}: identifier without canaries: ${String(v)}`);
          if (b[k] === v) continue;
          changed = true;
          if (!CANARY_PATTERN.test(String(b[k])) || !String(b[k]).startsWith(String(v))) problems.push(`row ${i} ${k}: ${String(b[k])}`);
        } else if (JSON.stringify(b[k]) !== JSON.stringify(v)) {
          problems.push(`row ${i} ${k}: changed by canaries`);
        }
      }
      if (changed) planted++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(planted / n).toBeGreaterThan(0.006);
    expect(planted / n).toBeLessThan(0.014);
  });
});

describe('provinces and people', () => {
  it.each(['health-workforce', 'births', 'deaths', 'notifiable-diseases', 'health-insurance-coverage'])(
    '%s: every MaTinh is one of the 34 provinces, all appear, Hồ Chí Minh City and Hà Nội lead',
    async (id) => {
      const rows = await sharedExport(id);
      expect(violations(rows, (r) => !PROVINCE_CODES.has(String(r.MaTinh)) && 'unknown MaTinh')).toEqual([]);
      const ranked = rank(rows, 'MaTinh');
      expect(ranked).toHaveLength(34);
      expect(ranked[0]).toBe('79');
      expect(ranked.indexOf('01')).toBeLessThan(id === 'notifiable-diseases' ? 6 : 2); // dengue weighs the south
    },
  );

  it.each(PEOPLE.map((p) => [p.id, p] as const))(
    '%s: names Vietnamese; citizen IDs 12 digits with a valid prefix, sex and birth year consistent',
    async (id, p) => {
      const rows = await sharedExport(id);
      const problem = (r: Row): string | undefined => {
        const name = String(r[p.name]);
        if (name !== name.normalize('NFC') || name.split(' ').length < 2) return 'name not NFC or one word';
        if (!p.citizenId) return undefined;
        const parts = parseCitizenId(String(r[p.citizenId]));
        if (!parts) return 'citizen ID not 12 digits';
        if (!OLD_PREFIXES.has(parts.provincePrefix)) return 'citizen ID prefix not an old province';
        if (p.female && parts.sex !== 'F') return 'mother not female';
        if (p.sex && parts.sex !== (r[p.sex] === 'Nam' ? 'M' : 'F')) return 'sex digit differs from GioiTinh';
        const born = Number(`${parts.century}${parts.birthYear2}`);
        if (p.birth && String(born) !== String(r[p.birth]).slice(0, 4)) return 'birth year differs from NgaySinh';
        if (id === 'births') {
          // The mother's age at the birth fits her year of birth.
          const age = Number(r.TuoiMe);
          if (age < 16 || age > 48 || 2025 - born - age < 0 || 2025 - born - age > 1) return "mother's age";
        }
        return undefined;
      };
      expect(violations(rows, problem)).toEqual([]);
      expect(rows.filter((r) => DIACRITIC.test(String(r[p.name]))).length / rows.length).toBeGreaterThan(0.9);
    },
  );

  it('notifiable-diseases: unique case numbers, well-formed phones, onset after birth, dengue first and seasonal', async () => {
    const rows = await sharedExport('notifiable-diseases');
    expect(new Set(rows.map((r) => r.MaCaBenh)).size).toBe(rows.length);
    expect(
      violations(rows, (r) =>
        !/^(09\d{8})?$/.test(String(r.SoDienThoai))
          ? 'phone'
          : !/^2025-\d{2}-\d{2}$/.test(String(r.NgayKhoiPhat))
            ? 'onset'
            : String(r.NgaySinh) > String(r.NgayKhoiPhat) && 'onset before birth',
      ),
    ).toEqual([]);
    const dengue = rows.filter((r) => r.BenhTruyenNhiem === 'Sốt xuất huyết Dengue');
    expect(dengue.length / rows.length).toBeGreaterThan(0.4);
    const month = (r: Row): number => Number(String(r.NgayKhoiPhat).slice(5, 7));
    expect(dengue.filter((r) => month(r) >= 6 && month(r) <= 11).length / dengue.length).toBeGreaterThan(0.7);
  });
});

describe('dataset specifics', () => {
  it('births: about 112 boys per 100 girls, weights around 3100 g, 2025 dates', async () => {
    const rows = await sharedExport('births');
    const boys = rows.filter((r) => r.GioiTinh === 'Nam').length;
    expect(boys / (rows.length - boys)).toBeGreaterThan(1.07);
    expect(boys / (rows.length - boys)).toBeLessThan(1.17);
    const mean = rows.reduce((s, r) => s + Number(r.CanNang), 0) / rows.length;
    expect(mean).toBeGreaterThan(3050);
    expect(mean).toBeLessThan(3150);
    expect(violations(rows, (r) => !/^2025-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(String(r.NgaySinh)) && 'NgaySinh')).toEqual([]);
  });

  it('deaths: ICD-10 codes from the common list, with and without the dot, mostly people over 60', async () => {
    const rows = await sharedExport('deaths');
    const known = new Set(ICD10_COMMON.flatMap((c) => [c.code, c.code.replace('.', ''), c.code.slice(0, 3)]));
    expect(
      violations(rows, (r) =>
        !/^[A-Z]\d{2}(\.?\d)?$/.test(String(r.MaICD10)) || !known.has(String(r.MaICD10))
          ? 'ICD-10 code'
          : String(r.NgaySinh) > String(r.NgayTuVong) && 'death before birth',
      ),
    ).toEqual([]);
    const codes = rows.map((r) => String(r.MaICD10));
    expect(codes.filter((c) => c.includes('.')).length).toBeGreaterThan(2000);
    expect(codes.filter((c) => /^[A-Z]\d{3}$/.test(c)).length).toBeGreaterThan(1000);
    expect(codes.filter((c) => c.length === 3).length).toBeGreaterThan(500);
    const ages = rows.map((r) => 2025 - Number(String(r.NgaySinh).slice(0, 4)));
    expect(ages.filter((a) => a >= 60).length / rows.length).toBeGreaterThan(0.6);
    expect(ages.filter((a) => a <= 1).length).toBeGreaterThan(100);
  });

  it('health-insurance-coverage: card numbers well-formed, province part = MaTinh, one snapshot date, state-paid and household largest', async () => {
    const rows = await sharedExport('health-insurance-coverage');
    expect(
      violations(rows, (r) => {
        const card = String(r.SoTheBHYT);
        return !/^[A-Z]{2}[1-5]\d{12}$/.test(card)
          ? 'card'
          : card.slice(3, 5) !== r.MaTinh
            ? 'card province'
            : r.NgayChot !== '2025-12-31' && 'NgayChot';
      }),
    ).toEqual([]);
    const ranked = rank(rows, 'DoiTuong');
    expect(ranked).toHaveLength(5);
    expect(ranked.slice(0, 2).sort()).toEqual(['Ngân sách nhà nước đóng', 'Tham gia theo hộ gia đình']);
  });

  it('health-workforce: titles and statuses from the lists, nurses and doctors first, issuers match the province', async () => {
    const rows = await sharedExport('health-workforce');
    const provinces = new Map(loadProvinces().map((p) => [p.code, p.name]));
    const titles = ['Bác sĩ', 'Y sĩ', 'Điều dưỡng', 'Hộ sinh', 'Kỹ thuật y', 'Dược sĩ', 'Lương y', 'Cử nhân dinh dưỡng'];
    const statuses = ['Đang hiệu lực', 'Đã thu hồi', 'Tạm đình chỉ'];
    expect(
      violations(rows, (r) =>
        !titles.includes(String(r.ChucDanh))
          ? 'ChucDanh'
          : !statuses.includes(String(r.TrangThai))
            ? 'TrangThai'
            : r.NoiCap !== 'Bộ Y tế' && r.NoiCap !== `Sở Y tế ${provinces.get(String(r.MaTinh))}`
              ? 'NoiCap'
              : !/^\d{6,7}\/[A-Z]+-(CCHN|GPHN)$/.test(String(r.SoChungChi)) && 'SoChungChi',
      ),
    ).toEqual([]);
    expect(rank(rows, 'ChucDanh').slice(0, 2).sort()).toEqual(['Bác sĩ', 'Điều dưỡng']);
    expect(rows.filter((r) => r.TrangThai === 'Đang hiệu lực').length / rows.length).toBeGreaterThan(0.85);
  });

  it('medical-devices: registration numbers by class, classes A–D, phones 09xxxxxxxx', async () => {
    const rows = await generate('medical-devices', { rows: 5000, seed: 12 });
    expect(rank(rows, 'PhanLoai').sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(
      violations(rows, (r) =>
        !(r.PhanLoai === 'A' ? /^\d{9}\/PCBA-[A-Z]+$/ : /^\d{7}ĐKLH\/BYT-HTTB$/).test(String(r.SoLuuHanh))
          ? 'SoLuuHanh'
          : !/^09\d{8}$/.test(String(r.SoDienThoaiLienHe))
            ? 'phone'
            : !/^\d{4}-\d{2}-\d{2}$/.test(String(r.NgayCap)) && 'NgayCap',
      ),
    ).toEqual([]);
  });

  it('registered-medicines: JSON array and NDJSON hold the same records, with the export quirks at their rates', async () => {
    const g = gen('registered-medicines');
    const array = records(await exportToString(g, { rows: 5000, seed: 13, format: 'json-array' }), 'json-array');
    const ndjson = records(await exportToString(g, { rows: 5000, seed: 13, format: 'ndjson' }), 'ndjson');
    expect(ndjson).toEqual(array);
    await expect(exportToString(g, { rows: 1, seed: 1, format: 'csv' })).rejects.toThrow(/json-array or ndjson/);
    const share = (f: (r: Row) => boolean): number => array.filter(f).length / array.length;
    expect(share((r) => typeof r._id === 'object' && /^[0-9a-f]{24}$/.test(String((r._id as { $oid: string }).$oid)))).toBeCloseTo(0.1, 1);
    expect(share((r) => typeof (r.updatedAt as { $date?: string } | undefined)?.$date === 'string')).toBeCloseTo(0.1, 1);
    expect(share((r) => 'drugImageUrl' in r)).toBeCloseTo(0.05, 1);
    expect(share((r) => String(r.drugNum).includes('\u00d0'))).toBeCloseTo(0.2, 1);
    expect(share((r) => r.drugType === null)).toBeGreaterThan(0.02);
    expect(share((r) => r.price === '')).toBeGreaterThan(0.4);
    const categories = ['Thuốc kê đơn', 'Thuốc không kê đơn'];
    const types = ['Đông dược', 'Tân dược', null, ''];
    expect(
      violations(array, (r) =>
        typeof r.id !== 'number' || typeof r.isStandard !== 'boolean'
          ? 'types'
          : !/^(VD|VN|GC|QLĐB|VD3|VN3|QLSP|VS)-\d+-\d{2}$/.test(String(r.registerCode))
            ? 'registerCode'
            : !/^QĐ \d+\/QĐ-QLD$/.test(String(r.drugNum).replace(/\u00d0/g, 'Đ'))
              ? 'drugNum'
              : (!categories.includes(String(r.category)) || !types.includes(r.drugType as string | null)) && 'category or drugType',
      ),
    ).toEqual([]);
  });
});

/**
 * Event → registration / notification date, as specified: `usual` is the delay most rows have
 * (at least 90 %), `max` the longest any row may have, in days.
 */
const REGISTRATION_DELAYS = [
  { id: 'births', event: 'NgaySinh', registered: 'NgayCapGCS', usual: [0, 3], max: 60 },
  { id: 'deaths', event: 'NgayTuVong', registered: 'NgayBaoTu', usual: [0, 14], max: 180 },
  { id: 'notifiable-diseases', event: 'NgayKhoiPhat', registered: 'NgayBaoCao', usual: [1, 10], max: 30 },
] as const;

const days = new Map<string, number | undefined>();
/** Day number of a strict `YYYY-MM-DD` calendar date, or undefined (`2025-02-30` is not a date). */
function dayOfIso(text: string): number | undefined {
  if (days.has(text)) return days.get(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const day = m && new Date(t).toISOString().slice(0, 10) === text ? t / 86_400_000 : undefined;
  days.set(text, day);
  return day;
}

describe('registration and notification dates', () => {
  it.each(REGISTRATION_DELAYS.map((d) => [d.id, d] as const))(
    '%s: a valid date, never before the event, within the maximum delay, mostly within the usual one',
    async (id, d) => {
      const rows = await sharedExport(id);
      const delay = (r: Row): number => (dayOfIso(String(r[d.registered])) as number) - (dayOfIso(String(r[d.event])) as number);
      expect(
        violations(rows, (r) =>
          dayOfIso(String(r[d.event])) === undefined
            ? 'event date'
            : dayOfIso(String(r[d.registered])) === undefined
              ? 'registration date'
              : delay(r) < d.usual[0]
                ? 'registered before the event (or too soon)'
                : delay(r) > d.max && 'registered after the maximum delay',
        ),
      ).toEqual([]);
      const delays = rows.map(delay);
      const usual = delays.filter((x) => x <= d.usual[1]).length / delays.length;
      expect(usual).toBeGreaterThanOrEqual(0.9);
      expect(usual).toBeLessThan(1); // the long tail is there
      // Late-December events registered in the next year.
      expect(rows.some((r) => String(r[d.registered]).startsWith('2026-'))).toBe(true);
    },
  );

  it.each(REGISTRATION_DELAYS.map((d) => [d.id, d] as const))(
    '%s with from and until: every record registered in those days, within the maximum delay of its event',
    async (id, d) => {
      const rows = await generate(id, { rows: 5000, seed: 3, from: '2025-12-15', until: '2026-03-01' });
      expect(rows).toHaveLength(5000);
      const from = dayOfIso('2025-12-15')!;
      const until = dayOfIso('2026-03-01')!;
      expect(
        violations(rows, (r) => {
          const event = dayOfIso(String(r[d.event]));
          const registered = dayOfIso(String(r[d.registered]));
          return event === undefined || registered === undefined
            ? 'dates'
            : registered < from || registered >= until
              ? 'registered outside the days asked for'
              : (event < from - d.max || registered - event < d.usual[0] || registered - event > d.max) && 'delay';
        }),
      ).toEqual([]);
      // Events from the first day asked for; a year change inside is no boundary.
      expect(rows.some((r) => String(r[d.event]) === '2025-12-15')).toBe(true);
      expect(rows.some((r) => String(r[d.registered]).startsWith('2026-02'))).toBe(true);
    },
  );

  it('refuses from and until on a generator without event dates, one without the other, and dates that are no dates', () => {
    const draw = (id: string, opts: Partial<GeneratorOptions>) => () => [
      ...(gen(id).rows({ rows: 1, seed: 1, ...opts }) as Iterable<unknown>),
    ];
    expect(draw('health-workforce', { from: '2025-01-01', until: '2025-02-01' })).toThrow(/event records/);
    expect(draw('births', { from: '2025-01-01' })).toThrow(/both from and until/);
    expect(draw('births', { from: '2025-02-30', until: '2025-03-01' })).toThrow(/YYYY-MM-DD/);
    expect(draw('births', { from: '2025-03-01', until: '2025-03-01' })).toThrow(/before until/);
  });
});

describe('samples', () => {
  it.each(generators.flatMap((g) => sampleSpecs(g).map((spec) => [`${g.id}/${spec.file}`, g, spec] as const)))(
    '%s: the sample file is exactly the generator output for its seed',
    async (_name, g, spec) => {
      const expected = await exportToString(g, sampleOptions(spec));
      expect(readFileSync(sampleFile(g, spec), 'utf8')).toBe(expected);
    },
  );

  it('the aggregates: a sample generated for the day of the run, none kept in the repository', () => {
    for (const definition of datasetDefinitions) {
      const g = gen(definition.id);
      const kept = readdirSync(sampleDir(definition.id), { recursive: true }).filter((f) => /\.(csv|json)$/.test(String(f)));
      expect([definition.id, g.generatedSample !== undefined, kept.length > 0]).toEqual([
        definition.id,
        definition.kind === 'aggregate',
        definition.kind === 'registry',
      ]);
    }
  });

  it('an event dataset’s generated sample covers the periods due that day, from the first, and no later day', () => {
    const asOf = new Date('2026-11-25T02:00:00Z');
    const covered = (id: string) => gen(id).generatedSample!(asOf);
    expect(covered('births').map((s) => [s.file, s.from, s.until])).toEqual([
      ['khai-sinh-2025-01-01-2026-09-30.csv', '2025-01-01', '2026-10-01'],
    ]);
    expect(covered('deaths').map((s) => [s.file, s.from, s.until])).toEqual([
      ['bao-tu-2025-01-01-2025-12-31.csv', '2025-01-01', '2026-01-01'],
    ]);
    // ISO weeks: 2025-W01 begins on Monday 2024-12-30; the last week due ended a week before the run.
    expect(covered('notifiable-diseases').map((s) => [s.file, s.from, s.until])).toEqual([
      ['ca-benh-2024-12-30-2026-11-15.csv', '2024-12-30', '2026-11-16'],
    ]);
    const encounters = covered('health-care-encounters');
    expect(encounters.map((s) => s.month)).toEqual(
      Array.from({ length: 21 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
    );
    expect(encounters.every((s) => s.file === `${s.month}/bhyt-toan-quoc-${s.month}.csv` && s.strata)).toBe(true);
    // Before the first period is due there is nothing to generate.
    expect(gen('deaths').generatedSample!(new Date('2025-06-01T00:00:00Z'))).toEqual([]);
  });
});

describe('health-care-encounters by strata', () => {
  const care = (r: Row): string =>
    ({ '4': 'day', '3': 'inpatient', '6': 'inpatient', '9': 'inpatient' })[String(r.MA_LOAI_KCB)] ?? 'outpatient';
  const LEVEL: Readonly<Record<string, string>> = {
    'Chuyên sâu': 'specialised',
    'Tuyến trung ương': 'specialised',
    'Ban đầu': 'primary',
    'Tuyến xã': 'primary',
  };
  const level = (r: Row): string => LEVEL[String(r.CAP_CMKT)] ?? 'basic';
  const CHAPTERS = loadIcd10Chapters();
  const chapter = (r: Row): string => {
    const code = String(r.MA_BENH_CHINH).slice(0, 3);
    return CHAPTERS.find((c) => code >= c.from && code <= c.to)!.chapter;
  };
  const GROUP: Readonly<Record<string, string>> = { V: 'V-VI', VI: 'V-VI', VII: 'VII-VIII', VIII: 'VII-VIII' };
  const OTHER = new Set(['III', 'XVI', 'XVII', 'XVIII', 'XX', 'XXI', 'XXII']);
  const group = (r: Row): string => (OTHER.has(chapter(r)) ? 'other' : (GROUP[chapter(r)] ?? chapter(r)));
  const counts = (rows: readonly Row[], key: (r: Row) => string) => {
    const out = new Map<string, number>();
    for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
    return out;
  };

  it('a national month: every count of the published tables is at least k (11), most cells hold some, one month, every province', async () => {
    const rows = await generate('health-care-encounters', { rows: 6000, seed: 4, month: '2026-03', strata: true });
    expect(violations(rows, (r) => monthOfStamp(String(r.NGAY_RA)) !== '2026-03' && 'month')).toEqual([]);
    const tables = {
      'province × care × level': counts(rows, (r) => `${r.MA_TINH}|${care(r)}|${level(r)}`),
      'chapter × care × level': counts(rows, (r) => `${chapter(r)}|${care(r)}|${level(r)}`),
      'province × chapter group × care': counts(rows, (r) => `${r.MA_TINH}|${group(r)}|${care(r)}`),
    };
    for (const [name, cells] of Object.entries(tables)) expect([name, Math.min(...cells.values()) >= 11]).toEqual([name, true]);
    // Of the cells the definition's grids have (34 provinces, 22 chapters, 14 groups, 3 care types, 3 levels), more than half hold encounters.
    expect(tables['province × care × level'].size / (34 * 9)).toBeGreaterThan(0.6);
    expect(tables['chapter × care × level'].size / (22 * 9)).toBeGreaterThan(0.55);
    expect(tables['province × chapter group × care'].size / (34 * 14 * 3)).toBeGreaterThan(0.6);
    expect(new Set(rows.map((r) => r.MA_TINH)).size).toBe(34);
    // Big provinces have more; outpatient care stays the commonest.
    const byProvince = counts(rows, (r) => String(r.MA_TINH));
    expect(byProvince.get('79')!).toBeGreaterThan(2 * byProvince.get('12')!);
    expect(rank(rows, 'MA_LOAI_KCB')[0]).toBe('1');
  });

  it('one province’s month, and the same options give the same records', async () => {
    const one = await generate('health-care-encounters', { rows: 400, seed: 4, province: '48', month: '2026-03', strata: true });
    expect(new Set(one.map((r) => r.MA_TINH))).toEqual(new Set(['48']));
    expect(Math.min(...counts(one, (r) => `${group(r)}|${care(r)}`).values())).toBeGreaterThanOrEqual(11);
    const again = await generatedRecords(gen('health-care-encounters'), {
      rows: 400,
      seed: 4,
      province: '48',
      month: '2026-03',
      strata: true,
    });
    expect(again).toEqual(one);
    expect(() => [...(gen('health-care-encounters').rows({ rows: 1, seed: 1, strata: true }) as Iterable<unknown>)]).toThrow(/give month/);
  });
});

/** `YYYY-MM` of a date written `yyyyMMddHHmm` (Decision 130) or `YYYY-MM-DD HH:MM:SS`. */
const monthOfStamp = (s: string): string => (/^\d{12}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}` : s.slice(0, 7));
/** The same date as `YYYY-MM-DD HH:MM`, so that both forms compare as text. */
const isoOfStamp = (s: string): string =>
  /^\d{12}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}` : s.slice(0, 16);

describe('health-care-encounters', () => {
  const STAMP =
    /^(\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:00)$/;
  const CHAPTERS = loadIcd10Chapters();
  const chapterOf = (code: string): string | undefined =>
    CHAPTERS.find((c) => code.slice(0, 3) >= c.from && code.slice(0, 3) <= c.to)?.chapter;
  const care = (r: Row): string =>
    ({ '4': 'day', '3': 'inpatient', '6': 'inpatient', '9': 'inpatient' })[String(r.MA_LOAI_KCB)] ?? 'outpatient';
  const LEVELS = new Set(['Chuyên sâu', 'Cơ bản', 'Ban đầu', 'Tuyến trung ương', 'Tuyến tỉnh', 'Tuyến huyện', 'Tuyến xã']);
  const OLD_CODES = new Map(loadOldProvinces().map((o) => [o.oldCode, o.newCode]));

  it('the diagnosis table: every code valid in shape and in the chapter it is listed under; all 22 chapters', () => {
    const misplaced = ENCOUNTER_CHAPTERS.flatMap((c) =>
      c.codes
        .filter(([code]) => !/^[A-Z]\d{2}(\.\d)?$/.test(code) || chapterOf(code) !== c.chapter)
        .map(([code]) => `${c.chapter}: ${code}`),
    );
    expect(misplaced).toEqual([]);
    expect(ENCOUNTER_CHAPTERS.map((c) => c.chapter)).toEqual(CHAPTERS.map((c) => c.chapter));
  });

  it('outpatient ≫ inpatient ≫ day care; codes 1–9 of Decision 130; every chapter occurs, respiratory and circulatory lead outpatient care', async () => {
    const rows = await sharedExport('health-care-encounters');
    const share = (c: string): number => rows.filter((r) => care(r) === c).length / rows.length;
    expect(share('outpatient')).toBeGreaterThan(0.85);
    expect(share('outpatient')).toBeLessThan(0.91);
    expect(share('inpatient')).toBeGreaterThan(0.07);
    expect(share('inpatient')).toBeLessThan(0.11);
    expect(share('day')).toBeGreaterThan(0.02);
    expect(share('day')).toBeLessThan(0.04);
    expect(new Set(rows.map((r) => r.MA_LOAI_KCB))).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9']));
    const chapters = rows.map((r) => chapterOf(String(r.MA_BENH_CHINH)));
    expect(new Set(chapters).size).toBe(22);
    const outpatient = rank(
      rows.filter((r) => care(r) === 'outpatient').map((r) => ({ chapter: chapterOf(String(r.MA_BENH_CHINH)) })),
      'chapter',
    );
    expect(outpatient.slice(0, 2).sort()).toEqual(['IX', 'X']);
    // Childbirth and the newborn are a larger share of admissions than of visits.
    const inChapter = (c: string, k: string) =>
      rows.filter((r) => care(r) === k && chapterOf(String(r.MA_BENH_CHINH)) === c).length / rows.filter((r) => care(r) === k).length;
    expect(inChapter('XV', 'inpatient')).toBeGreaterThan(3 * inChapter('XV', 'outpatient'));
  });

  it('ICD-10 codes with and without the dot, or the category only, all from the table', async () => {
    const rows = await sharedExport('health-care-encounters');
    const known = new Set(ENCOUNTER_CHAPTERS.flatMap((c) => c.codes.flatMap(([code]) => [code, code.replace('.', ''), code.slice(0, 3)])));
    expect(violations(rows, (r) => !known.has(String(r.MA_BENH_CHINH)) && 'MA_BENH_CHINH')).toEqual([]);
    const codes = rows.map((r) => String(r.MA_BENH_CHINH));
    expect(codes.filter((c) => c.includes('.')).length / codes.length).toBeGreaterThan(0.4);
    expect(codes.filter((c) => /^[A-Z]\d{3}$/.test(c)).length / codes.length).toBeGreaterThan(0.2);
    expect(codes.filter((c) => c.length === 3).length / codes.length).toBeGreaterThan(0.15);
  });

  it('a patient fits the diagnosis and the card; dates, levels, facilities and amounts are consistent', async () => {
    const rows = await sharedExport('health-care-encounters');
    expect(new Set(rows.map((r) => r.MA_LK)).size).toBe(rows.length);
    const problem = (r: Row): string | false => {
      const chapter = chapterOf(String(r.MA_BENH_CHINH));
      const born = Number(String(r.NGAY_SINH).slice(0, 4));
      const end = isoOfStamp(String(r.NGAY_RA));
      if (!STAMP.test(String(r.NGAY_VAO)) || !STAMP.test(String(r.NGAY_RA))) return 'date form';
      if (isoOfStamp(String(r.NGAY_VAO)) > end) return 'admitted after discharge';
      if (!end.startsWith('2025-')) return 'discharge outside 2025';
      if (r.GIOI_TINH !== (parseCitizenId(String(r.SO_CCCD))?.sex === 'F' ? '2' : '1')) return 'GIOI_TINH differs from the citizen ID';
      if (chapter === 'XV' && (r.GIOI_TINH !== '2' || 2025 - born < 17 || 2025 - born > 46)) return 'pregnancy';
      if (chapter === 'XVI' && Number(end.slice(0, 4)) - born > 1) return 'perinatal condition after infancy';
      if (!LEVELS.has(String(r.CAP_CMKT))) return 'CAP_CMKT';
      if (/Ban đầu|xã/.test(String(r.CAP_CMKT)) && care(r) === 'day') return 'day care at a commune station';
      if (String(r.MA_LOAI_KCB) === '6' && !/Ban đầu|xã/.test(String(r.CAP_CMKT))) return 'short stay (6) away from a commune station';
      if (!/^\d{5}$/.test(String(r.MA_CSKCB)) || OLD_CODES.get(String(r.MA_CSKCB).slice(0, 2)) !== r.MA_TINH)
        return 'MA_CSKCB not of MA_TINH';
      if (!/^[A-Z]{2}[1-5]\d{12}$/.test(String(r.MA_THE_BHYT)) || String(r.MA_THE_BHYT).slice(3, 5) !== r.MATINH_CU_TRU) return 'card';
      if (Number(r.T_TONGCHI) !== Number(r.T_BHTT) + Number(r.T_BNCCT) || Number(r.T_BNCCT) < 0) return 'amounts';
      return false;
    };
    expect(violations(rows, problem)).toEqual([]);
    // Most patients live in the province where they are treated.
    expect(rows.filter((r) => r.MATINH_CU_TRU === r.MA_TINH).length / rows.length).toBeGreaterThan(0.9);
    // Commune stations and district hospitals see most visits; the 2023 levels outnumber the old tiers.
    expect(rank(rows, 'CAP_CMKT')[0]).toBe('Cơ bản');
  });

  it('provinces by population; fewer visits on Sundays; admissions cost more than visits', async () => {
    const rows = await sharedExport('health-care-encounters');
    const ranked = rank(rows, 'MA_TINH');
    expect(ranked).toHaveLength(34);
    expect(ranked.slice(0, 2).sort()).toEqual(['01', '79']);
    const outpatient = rows.filter((r) => care(r) === 'outpatient');
    const sundays = outpatient.filter((r) => new Date(`${isoOfStamp(String(r.NGAY_RA)).slice(0, 10)}T00:00:00Z`).getUTCDay() === 0);
    expect(sundays.length / outpatient.length).toBeLessThan(0.06); // a seventh of the days, a fifth of the traffic
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const cost = (k: string) => median(rows.filter((r) => care(r) === k).map((r) => Number(r.T_TONGCHI)));
    expect(cost('inpatient')).toBeGreaterThan(5 * cost('outpatient'));
  });

  it('one province × month export: only that province and month; a whole month: every province', async () => {
    const one = await generate('health-care-encounters', { rows: 3000, seed: 5, province: '46', month: '2026-02' });
    expect(violations(one, (r) => (r.MA_TINH !== '46' || monthOfStamp(String(r.NGAY_RA)) !== '2026-02') && 'province or month')).toEqual(
      [],
    );
    // Admissions may start in the month before.
    expect(one.some((r) => monthOfStamp(String(r.NGAY_VAO)) === '2026-01')).toBe(true);
    const month = await generate('health-care-encounters', { rows: 5000, seed: 5, month: '2026-02' });
    expect(violations(month, (r) => monthOfStamp(String(r.NGAY_RA)) !== '2026-02' && 'month')).toEqual([]);
    expect(new Set(month.map((r) => r.MA_TINH)).size).toBe(34);
    // The same seed gives another province's export other rows, not the same rows relabelled.
    const other = await generate('health-care-encounters', { rows: 3000, seed: 5, province: '01', month: '2026-02' });
    expect(other[0]?.HO_TEN).not.toBe(one[0]?.HO_TEN);
  });

  it('refuses a province or month it cannot write, and those options on a generator that does not export per month', () => {
    const g = gen('health-care-encounters');
    expect(() => [...(g.rows({ rows: 1, seed: 1, province: '74' }) as Iterable<unknown>)]).toThrow(/province in force/);
    expect(() => [...(g.rows({ rows: 1, seed: 1, month: '2026-13' }) as Iterable<unknown>)]).toThrow(/YYYY-MM/);
    expect(() => [...(gen('births').rows({ rows: 1, seed: 1, month: '2026-01' }) as Iterable<unknown>)]).toThrow(/per province and month/);
  });
});

describe('streaming', () => {
  const ROWS = 20_000;
  it.each(['births', 'health-care-encounters'])(
    'writes 20,000 rows of %s without accumulating them (live heap growth under 2 MB)',
    async (id) => {
      // The heap right after a full collection: what is still referenced, not garbage waiting for
      // the collector (without collecting, the peak moved with GC timing: 78–85 MB in some runs).
      // 20,000 births are about 2.2 MB of text (encounters 6 MB), twice that as JavaScript strings
      // (Vietnamese names make them two-byte strings): a writer that kept them would grow the live
      // heap by twice the 2 MB allowed, or more.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const liveHeap = () => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const g = gen(id);
      await exportToString(g, { rows: 2000, seed: 1 }); // warm up: reference tables, JIT
      const baseline = liveHeap();
      let peak = baseline;
      let bytes = 0;
      let writes = 0;
      const sink = new Writable({
        highWaterMark: 1 << 20,
        write(chunk: Buffer | string, _encoding, callback) {
          bytes += chunk.length;
          writes += 1;
          if (writes % 10 === 0) peak = Math.max(peak, liveHeap());
          // Let the writer see back-pressure now and then.
          setImmediate(callback);
        },
      });
      const started = performance.now();
      const stats = await writeExport(g, { rows: ROWS, seed: 1 }, sink);
      const seconds = (performance.now() - started) / 1000;
      expect(stats.rows).toBe(ROWS);
      expect(bytes).toBeGreaterThan(ROWS * 50);
      peak = Math.max(peak, liveHeap());
      expect(writes).toBeGreaterThan(ROWS / 2000);
      expect(peak - baseline).toBeLessThan(2 * 1024 * 1024);
      // The rate, for the record (varies with the machine and its load).
      console.log(
        `${id}: ${ROWS.toLocaleString('en')} rows streamed in ${seconds.toFixed(2)} s, ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s, live heap growth ${((peak - baseline) / 1048576).toFixed(1)} MB over ${writes} writes`,
      );
    },
  );
});
