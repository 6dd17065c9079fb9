/**
 * Derives src/reference/data/vn-old-provinces-to-2025-07-01.json — the 63 provinces in force
 * before 2025-07-01, each with the code of the province it became part of — from the statistics
 * office's official old→new commune conversion table.
 *
 *   npx tsx scripts/derive-old-provinces.ts [path/to/vn-admin-conversion-2025.csv]
 *
 * Input quirks handled: a two-row header, province heading rows (only column 1 filled), cells with
 * line breaks and stray spaces, decomposed (NFD) accents. Every string is normalised to NFC.
 *
 * The table carries three row-level typos in the old-province column; they are corrected by the
 * ERRATA list below, each of which must match exactly one row (so a fixed or changed source makes
 * this script fail instead of silently applying a stale correction). Everything else is checked
 * and the script exits non-zero on any inconsistency.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const root = join(import.meta.dirname, '..');
const source = process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference/vn-admin-conversion-2025.csv');
const provincesCsv = join(root, 'src/reference/data/vn-provinces-2025-07-01.csv');
const output = join(root, 'src/reference/data/vn-old-provinces-to-2025-07-01.json');

const EXPECTED_OLD_PROVINCES = 63;
const EXPECTED_NEW_PROVINCES = 34;

/** Column indexes (0-based) of the conversion table. */
const COL = { newProvince: 0, newCommune: 1, newCommuneCode: 2, oldCommune: 3, oldCommuneCode: 4, oldDistrict: 6, oldProvince: 7 } as const;

/**
 * Known typos in the official table's "Tỉnh cũ" (old province) column. Each one is evidenced by the
 * old district code in the same row, which belongs to the corrected province everywhere else.
 */
const ERRATA: ReadonlyArray<{ oldCommuneCode: string; newCommuneCode: string; written: string; correct: string; why: string }> = [
  {
    // The row that turns the whole district into a special zone has no old commune code.
    oldCommuneCode: '',
    newCommuneCode: '19742',
    written: 'Quảng Trị (44)',
    correct: 'Tỉnh Quảng Trị (45)',
    why: 'Huyện Cồn Cỏ (471) was a district of the old Quảng Trị (45); 44 is the old Quảng Bình',
  },
  {
    oldCommuneCode: '30781',
    newCommuneCode: '30781',
    written: 'Tỉnh An Giang (89)',
    correct: 'Tỉnh Kiên Giang (91)',
    why: 'Thành phố Hà Tiên (900), Xã Tiên Hải, was in the old Kiên Giang (91); the new code (91) is the same either way',
  },
  {
    oldCommuneCode: '27691',
    newCommuneCode: '27694',
    written: 'Tỉnh Tiền Giang (82)',
    correct: 'Tỉnh Long An (80)',
    why: 'Thành phố Tân An (794), Phường 4, was in the old Long An (80), not in Tiền Giang',
  },
];

const clean = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

function fail(message: string): never {
  console.error(`derive-old-provinces: ${message}`);
  process.exit(1);
}

/** `Tỉnh Hà Tây (xx)` → name + two-digit code. */
function nameAndCode(cell: string, where: string): { name: string; code: string } {
  const m = /^(.+?) \((\d{2})\)$/.exec(cell);
  if (!m) fail(`${where}: cannot read a "Name (code)" cell: ${JSON.stringify(cell)}`);
  return { name: m[1]!, code: m[2]! };
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

// The 34 new provinces (the versioned list, a plain three-column CSV).
const newProvinces = new Map<string, string>();
{
  const rows = parse(readFileSync(provincesCsv, 'utf8'), { from_line: 2, skip_empty_lines: true }) as string[][];
  for (const row of rows) newProvinces.set(clean(row[1] ?? ''), clean(row[2] ?? ''));
  if (newProvinces.size !== EXPECTED_NEW_PROVINCES)
    fail(`${provincesCsv} holds ${newProvinces.size} provinces, expected ${EXPECTED_NEW_PROVINCES}`);
}

const rows = parse(readFileSync(source, 'utf8'), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
if (rows.length < 3) fail(`${source}: too few rows`);

const errataUsed = new Map<(typeof ERRATA)[number], number>(ERRATA.map((e) => [e, 0]));
const newCodesOfOld = new Map<string, Set<string>>(); // old code → new codes
const namesOfOld = new Map<string, Set<string>>(); // old code → old names
const codesOfOldName = new Map<string, Set<string>>(); // old name → old codes
const provincesOfDistrict = new Map<string, Set<string>>(); // old district code → old province codes
const newNames = new Map<string, Set<string>>(); // new code → names written in column 1
let dataRows = 0;

rows.slice(2).forEach((raw, i) => {
  const line = `row ${i + 3}`;
  const row = raw.map(clean);
  const cell = (c: number): string => row[c] ?? '';
  // Province heading rows (`THÀNH PHỐ HÀ NỘI`, `Tỉnh Bắc Ninh (24)`) only fill column 1.
  if (!cell(COL.newCommune) && !cell(COL.oldProvince)) return;
  if (!cell(COL.newProvince) || !cell(COL.oldProvince)) fail(`${line}: new or old province missing: ${JSON.stringify(row)}`);
  dataRows++;

  let oldCell = cell(COL.oldProvince);
  const erratum = ERRATA.find(
    (e) => e.oldCommuneCode === cell(COL.oldCommuneCode) && e.newCommuneCode === cell(COL.newCommuneCode) && e.written === oldCell,
  );
  if (erratum) {
    errataUsed.set(erratum, errataUsed.get(erratum)! + 1);
    oldCell = erratum.correct;
  }

  const neu = nameAndCode(cell(COL.newProvince), line);
  const old = nameAndCode(oldCell, line);
  addTo(newNames, neu.code, neu.name);
  addTo(newCodesOfOld, old.code, neu.code);
  addTo(namesOfOld, old.code, old.name);
  addTo(codesOfOldName, old.name, old.code);
  const district = /\((\d{3})\)$/.exec(cell(COL.oldDistrict))?.[1];
  if (!district) fail(`${line}: no old district code in ${JSON.stringify(cell(COL.oldDistrict))}`);
  addTo(provincesOfDistrict, district, old.code);
});

const problems: string[] = [];
for (const [erratum, n] of errataUsed) {
  if (n !== 1) problems.push(`erratum for old commune ${erratum.oldCommuneCode} matched ${n} rows (expected exactly 1): review ERRATA`);
}
for (const [code, names] of namesOfOld) {
  if (names.size !== 1) problems.push(`old code ${code} is written with several names: ${[...names].join(' | ')}`);
  const prefixed = [...names].every((n) => /^(Tỉnh|Thành phố) /.test(n));
  if (!prefixed) problems.push(`old code ${code}: name without "Tỉnh"/"Thành phố" prefix: ${[...names].join(' | ')}`);
}
for (const [name, codes] of codesOfOldName) {
  if (codes.size !== 1) problems.push(`old name ${name} carries several codes: ${[...codes].join(', ')}`);
}
for (const [code, targets] of newCodesOfOld) {
  if (targets.size !== 1) problems.push(`old province ${code} maps to several new codes: ${[...targets].join(', ')}`);
}
for (const [district, codes] of provincesOfDistrict) {
  if (codes.size !== 1) problems.push(`old district ${district} belongs to several old provinces: ${[...codes].join(', ')}`);
}
for (const [code, names] of newNames) {
  const official = newProvinces.get(code);
  if (!official) problems.push(`new code ${code} is not in the 34-province list`);
  // Column 1 writes `Tỉnh Gia Lai`, the list writes `Gia Lai`: compare without the `Tỉnh ` prefix.
  else if ([...names].some((n) => n.replace(/^Tỉnh /, '') !== official))
    problems.push(`new code ${code} is named ${[...names].join(' | ')}, the list says ${official}`);
}
const covered = new Set([...newCodesOfOld.values()].flatMap((s) => [...s]));
for (const code of newProvinces.keys())
  if (!covered.has(code)) problems.push(`new province ${code} ${newProvinces.get(code)} receives no old province`);
if (newCodesOfOld.size !== EXPECTED_OLD_PROVINCES)
  problems.push(`found ${newCodesOfOld.size} old provinces, expected ${EXPECTED_OLD_PROVINCES}`);
if (problems.length) fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);

const mapping = [...newCodesOfOld.entries()]
  .map(([oldCode, targets]) => ({ oldCode, oldName: [...namesOfOld.get(oldCode)!][0]!, newCode: [...targets][0]! }))
  .sort((a, b) => a.oldCode.localeCompare(b.oldCode));

writeFileSync(output, `${JSON.stringify(mapping, null, 2)}\n`, 'utf8');
console.log(
  `derive-old-provinces: ${dataRows} commune rows, ${ERRATA.length} errata applied → ${mapping.length} old provinces onto ${covered.size} new ones → ${output}`,
);
