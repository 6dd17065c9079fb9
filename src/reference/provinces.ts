/**
 * Vietnam's provinces, as reference data.
 *
 * The list is versioned, not hard-wired: it is read from data files named after the date they took
 * effect (`data/vn-provinces-2025-07-01.csv`, the 34 provinces of official letter 915/CTK-CSCL, and
 * `data/vn-old-provinces-to-2025-07-01.json`, the 63 earlier provinces with the new code each became
 * part of, derived by scripts/derive-old-provinces.ts from the official commune conversion table).
 * When the administrative map changes again, add the next edition's files and move EDITION.
 *
 * Pure: reads only its own data files; no I/O beyond that, no state beyond caches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { normaliseForMatch } from '../text.ts';

/** Date the province list in use took effect. */
export const EDITION = '2025-07-01';

const dataDir = join(import.meta.dirname, 'data');

export type Province = { code: string; name: string };
/** A province in force before EDITION, and the code of the province it became (part of). */
export type OldProvince = { oldCode: string; oldName: string; newCode: string };

let provincesCache: readonly Province[] | undefined;
let oldProvincesCache: readonly OldProvince[] | undefined;
let aliasesCache: ReadonlyArray<{ alias: string; code: string }> | undefined;
let byCode: ReadonlyMap<string, Province> | undefined;

/** The provinces in force (34 from 2025-07-01), names in NFC, in the order of the official list. */
export function loadProvinces(): Province[] {
  if (!provincesCache) {
    const file = join(dataDir, `vn-provinces-${EDITION}.csv`);
    const rows = parse(readFileSync(file, 'utf8'), { bom: true, from_line: 2, skip_empty_lines: true }) as string[][];
    const list = rows.map((row) =>
      Object.freeze({ code: (row[1] ?? '').normalize('NFC').trim(), name: (row[2] ?? '').normalize('NFC').trim() }),
    );
    const codes = new Set(list.map((p) => p.code));
    if (list.some((p) => !/^\d{2}$/.test(p.code) || !p.name) || codes.size !== list.length) {
      throw new Error(`${file}: every row needs a unique two-digit code and a name`);
    }
    provincesCache = Object.freeze(list);
    byCode = new Map(list.map((p) => [p.code, p]));
  }
  return [...provincesCache];
}

export function findProvince(code: string): Province | undefined {
  if (!byCode) loadProvinces();
  return byCode!.get(code);
}

/** The 63 provinces in force before EDITION (full names like `Tỉnh Bình Dương`, NFC), by old code. */
export function loadOldProvinces(): OldProvince[] {
  if (!oldProvincesCache) {
    const file = join(dataDir, `vn-old-provinces-to-${EDITION}.json`);
    const list = JSON.parse(readFileSync(file, 'utf8')) as OldProvince[];
    for (const p of list) {
      if (!/^\d{2}$/.test(p.oldCode) || !p.oldName || !findProvince(p.newCode)) {
        throw new Error(`${file}: bad entry ${JSON.stringify(p)}`);
      }
    }
    oldProvincesCache = Object.freeze(
      list.map((p) => Object.freeze({ oldCode: p.oldCode, oldName: p.oldName.normalize('NFC'), newCode: p.newCode })),
    );
  }
  return [...oldProvincesCache];
}

/** Administrative prefixes a province name can carry in an address (`Thành phố`, `TP.`, `Tp`, `Tỉnh`). */
const PREFIXES = ['thanh pho', 'tp', 'tinh'] as const;

/**
 * Bare names that are NOT aliases on their own (their prefixed forms still are).
 * - `hue`: one short syllable that, without its accents, is also `Huệ` (a very common given name and
 *   the `Nguyễn Huệ` street of nearly every city) and `Huề`; Hà Nội has a `Phố Huế`. An address
 *   that ends `…, Nguyễn Huệ, Phường X` would otherwise be placed in Huế. `TP Huế`,
 *   `Thành phố Huế`, `Thừa Thiên Huế`, `TT Huế` all still match; a bare trailing `Huế` gives null,
 *   which is safer than a wrong province.
 */
const UNSAFE_BARE_NAMES: ReadonlySet<string> = new Set(['hue']);

/**
 * Names from before the 63-province map, and common abbreviations and spellings. Each must name one
 * province only, whatever the context:
 * - `Hà Tây` was merged into Hà Nội in 2008; `Thừa Thiên Huế` became Thành phố Huế on 2025-01-01
 *   (so the 63-province file already says `Thành phố Huế`); `TT Huế` is its usual short form (`TT`
 *   also abbreviates `thị trấn`, but no town is called Huế).
 * - `TPHCM`, `TP HCM`, `HCM`, `HCMC`, `Sài Gòn`/`Saigon`: used for Hồ Chí Minh City only.
 *   (`SG`, `HN`, `DN`, `HP` alone are left out: two letters that are also other words and
 *   abbreviations — `DN` is both Đà Nẵng and Đồng Nai.)
 * - `TP HN`/`TPHN`, `Hanoi`, `Danang`: one-word or city-prefixed forms, unambiguous.
 * - `BRVT`: Bà Rịa - Vũng Tàu (now part of 79).
 * - spellings: `Bắc Cạn` (Bắc Kạn), `Daklak`, `Daknong`, `Kontum`.
 */
const EXTRA_ALIASES: ReadonlyArray<{ written: string; code: string }> = [
  { written: 'Tỉnh Hà Tây', code: '01' },
  { written: 'Hà Tây', code: '01' },
  { written: 'TP HN', code: '01' },
  { written: 'TPHN', code: '01' },
  { written: 'Hanoi', code: '01' },
  { written: 'Tỉnh Thừa Thiên Huế', code: '46' },
  { written: 'Thừa Thiên Huế', code: '46' },
  { written: 'TT Huế', code: '46' },
  { written: 'Danang', code: '48' },
  { written: 'TPHCM', code: '79' },
  { written: 'TP HCM', code: '79' },
  { written: 'HCM', code: '79' },
  { written: 'HCMC', code: '79' },
  { written: 'Sài Gòn', code: '79' },
  { written: 'Saigon', code: '79' },
  { written: 'BRVT', code: '79' },
  { written: 'Bắc Cạn', code: '19' },
  { written: 'Daklak', code: '66' },
  { written: 'Daknong', code: '68' },
  { written: 'Kontum', code: '51' },
];

const bareName = (name: string): string => name.replace(/^(Thành phố|Tỉnh) /u, '');

/**
 * Every written form by which an address can name a province, passed through normaliseForMatch,
 * each with the code of the province in force (EDITION) it designates:
 * - each current province: bare name (`ho chi minh`, `ha noi`, `da nang`), and with each prefix
 *   (`thanh pho ho chi minh`, `tp ho chi minh`, `tinh ...`);
 * - each of the 63 earlier provinces the same way (`binh duong`, `tinh binh duong` → 79), since
 *   addresses keep being written with the old names;
 * - the hand-picked extras above.
 *
 * Matching rule (see resolveProvinceFromAddress): an alias matches only as whole words; among all
 * matches the one that ENDS LAST in the address wins, and at equal end the LONGEST alias wins.
 * This is what makes aliases that are words inside other aliases harmless: if alias A lies inside
 * alias B, any occurrence of A within an occurrence of B ends no later than B, so B wins (B ends
 * later, or at the same place and is longer). `ninh binh` and `bac ninh`, `ha nam` and `nam dinh`,
 * `quang nam` and `quang ninh` are distinct word sequences and never match each other.
 * A bare name that is also a street or ward name (`Điện Biên Phủ`, `Hòa Bình`, `Hậu Giang`,
 * `Đồng Nai`, `Phú Thọ`, `Xa lộ Hà Nội`, `Đại lộ Bình Dương`…) is safe as long as the address ends
 * with its province, as register addresses do, because the later match wins; it can mislead only in
 * an address that names no province after it. The same holds for the many communes named like a
 * province elsewhere (`Phường Hòa Bình`, `Phường Phú Thọ` are in 79; `Xã Bình Dương` is in 52) and
 * for names that only collide once accents are dropped (`Phù Yên` ≈ Phú Yên, `Thạnh Hóa` ≈ Thanh
 * Hóa, `Yên Bài` ≈ Yên Bái). Bare names for which that risk is too high are in UNSAFE_BARE_NAMES.
 *
 * Sorted by code, then alias. The same alias never maps to two codes (checked).
 */
export function provinceAliases(): Array<{ alias: string; code: string }> {
  if (!aliasesCache) {
    const written: Array<{ written: string; code: string }> = [
      ...loadProvinces().map((p) => ({ written: p.name, code: p.code })),
      ...loadOldProvinces().map((p) => ({ written: p.oldName, code: p.newCode })),
    ];
    const codeOf = new Map<string, string>();
    const add = (alias: string, code: string): void => {
      const seen = codeOf.get(alias);
      if (seen && seen !== code) throw new Error(`province alias "${alias}" would name both ${seen} and ${code}`);
      codeOf.set(alias, code);
    };
    for (const { written: name, code } of written) {
      const bare = normaliseForMatch(bareName(name));
      if (!UNSAFE_BARE_NAMES.has(bare)) add(bare, code);
      for (const prefix of PREFIXES) add(`${prefix} ${bare}`, code);
    }
    for (const { written: name, code } of EXTRA_ALIASES) add(normaliseForMatch(name), code);
    aliasesCache = Object.freeze(
      [...codeOf]
        .map(([alias, code]) => Object.freeze({ alias, code }))
        .sort((a, b) => a.code.localeCompare(b.code) || a.alias.localeCompare(b.alias)),
    );
  }
  return [...aliasesCache];
}

/**
 * The reference implementation of "the province named in an address": normalise, pad with spaces,
 * find every alias occurring as whole words (` alias `), keep the match that ENDS LAST (addresses
 * name the province last: `123 Nguyễn Trãi, Phường 2, Quận 5, TP Hồ Chí Minh`), ties → the longest
 * alias. Null when the address names no province.
 */
export function resolveProvinceFromAddress(address: string | null): Province | null {
  if (address === null) return null;
  const text = ` ${normaliseForMatch(address)} `;
  if (!aliasesCache) provinceAliases();
  let best: { end: number; length: number; code: string } | undefined;
  for (const { alias, code } of aliasesCache!) {
    const at = text.lastIndexOf(` ${alias} `);
    if (at < 0) continue;
    const end = at + 1 + alias.length;
    if (!best || end > best.end || (end === best.end && alias.length > best.length)) best = { end, length: alias.length, code };
  }
  return best ? (findProvince(best.code) ?? null) : null;
}
