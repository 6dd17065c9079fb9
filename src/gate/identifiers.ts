/**
 * Vietnamese personal identifiers, recognised in text: the rules of the identifier gate that every
 * published byte (data, metadata, file names) passes before it becomes visible.
 *
 * Each kind is written once, as a `Rule` (a body, the characters that may not touch it, and for
 * some kinds the words that must come shortly before it), and compiled twice:
 * - to a JavaScript RegExp with lookbehind/lookahead, which finds and locates hits (findIdentifiers);
 * - to an RE2 pattern for DuckDB (sqlPatterns), where lookarounds do not exist, so a boundary is a
 *   consumed character or a string end instead. For "does the text contain a hit" both mean the
 *   same thing; test/unit/gate.test.ts checks it on test/fixtures/gate/corpus.json.
 * Only constructs that both engines read the same way are used: explicit character classes (no
 * `\s` or `.` on their own, no case-insensitive flag), `\p{L}`, `\p{N}`, `\p{M}`, `[\s\S]`, and
 * counted repetition. Counts are of code points in both (JS with the `u` flag, RE2 on UTF-8).
 *
 * Pure: no I/O.
 */

/** The kinds of identifier the gate recognises; dataset definitions name them in `identifierAllow`. */
export const IDENTIFIER_KIND_NAMES = [
  'citizen-id',
  'old-id',
  'health-insurance-card',
  'social-insurance',
  'phone',
  'email',
  'passport',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KIND_NAMES)[number];

export interface IdentifierHit {
  kind: IdentifierKind;
  /** The value found, masked with maskIdentifier: never the value itself. */
  masked: string;
  /** UTF-16 offset of the value in the text. */
  index: number;
}

export const IDENTIFIER_KINDS: readonly IdentifierKind[] = Object.freeze([...IDENTIFIER_KIND_NAMES]);

/**
 * Province-of-registration codes that open a 12-digit citizen ID (CCCD, Circular 07/2016/TT-BCA
 * and its successors): the codes of the 63 provinces in force before 2025-07-01, prefixed with 0
 * (001 Hà Nội … 079 Hồ Chí Minh … 096 Cà Mau). Source: the `oldCode` values of
 * src/reference/data/vn-old-provinces-to-2025-07-01.json; test/unit/gate.test.ts checks that this
 * list is exactly those codes. Cards issued after the 2025 merger keep the code they were issued
 * with, and new ones still use these codes, so the list does not follow the 34-province map.
 */
export const CITIZEN_ID_PROVINCE_CODES: readonly string[] = Object.freeze([
  '001',
  '002',
  '004',
  '006',
  '008',
  '010',
  '011',
  '012',
  '014',
  '015',
  '017',
  '019',
  '020',
  '022',
  '024',
  '025',
  '026',
  '027',
  '030',
  '031',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '040',
  '042',
  '044',
  '045',
  '046',
  '048',
  '049',
  '051',
  '052',
  '054',
  '056',
  '058',
  '060',
  '062',
  '064',
  '066',
  '067',
  '068',
  '070',
  '072',
  '074',
  '075',
  '077',
  '079',
  '080',
  '082',
  '083',
  '084',
  '086',
  '087',
  '089',
  '091',
  '092',
  '093',
  '094',
  '095',
  '096',
]);

/** Vietnamese vowels and `d` with every diacritic, so that a context word matches with or without accents. */
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'dđð',
};

/**
 * A context word as a pattern both engines read alike: each letter in either case and with any
 * Vietnamese diacritic (precomposed, or as trailing combining marks when the text is not NFC); a
 * space in the word allows up to two spaces, underscores or hyphens (`số CM`, `so_cm`, `SốCM`).
 */
function contextWord(word: string): string {
  let out = '';
  for (const ch of word) {
    if (ch === ' ') {
      out += '[ _\\-]{0,2}';
      continue;
    }
    const lower = LETTER_VARIANTS[ch] ?? ch;
    const chars = [...new Set([...lower, ...lower.toUpperCase()])].join('');
    out += `[${chars}]\\p{M}*`;
  }
  return out;
}

/** Characters that may not touch a value: a digit, or any letter or digit. */
type Boundary = 'digit' | 'alnum';
const TOUCHING: Record<Boundary, string> = { digit: '0-9', alnum: '\\p{L}\\p{N}' };

interface Rule {
  kind: IdentifierKind;
  body: string;
  boundary?: Boundary;
  /** Words of which one must end at most CONTEXT_GAP characters before the value. */
  context?: readonly string[];
}

/** How far before a value its context word may end (`Số CMND của bệnh nhân: 012345678`). */
export const CONTEXT_GAP = 20;

/** Between digit groups of a phone number: one space, dot or hyphen, or `)` after an area code. */
const PHONE_SEP = '(?:\\)?[ .\\-]?)';

const RULES: readonly Rule[] = [
  {
    kind: 'citizen-id',
    // province code, century/sex digit, two birth-year digits, six digits
    body: `(?:${CITIZEN_ID_PROVINCE_CODES.join('|')})[0-9]{9}`,
    boundary: 'digit',
  },
  {
    kind: 'old-id',
    body: '[0-9]{9}',
    boundary: 'digit',
    // CCCD / căn cước too: 9-digit CMND numbers are still written in fields labelled for the new card.
    context: ['cmnd', 'cmt', 'chung minh', 'so cm', 'cccd', 'can cuoc'],
  },
  {
    kind: 'health-insurance-card',
    // group code, benefit level 1–5, province code (BHXH codes include 97/98, so any two digits), 10 digits
    body: '[A-Z]{2}[1-5][0-9]{12}',
    boundary: 'alnum',
  },
  {
    kind: 'social-insurance',
    body: '[0-9]{10}',
    boundary: 'digit',
    context: ['bhxh', 'bhyt', 'bao hiem xa hoi', 'bao hiem y te'],
  },
  {
    kind: 'phone',
    // trunk 0, or country code 84; then a mobile (3/5/7/8/9 + 8 digits) or a landline (2 + 9 digits).
    // The first two digits after the trunk stay together, so `09.03.2021 12` is not a phone.
    body: `(?:0|\\+?84${PHONE_SEP})(?:[35789][0-9](?:${PHONE_SEP}[0-9]){7}|2[0-9](?:${PHONE_SEP}[0-9]){8})`,
    boundary: 'digit',
  },
  {
    kind: 'email',
    body: '[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}',
  },
  {
    kind: 'passport',
    body: '[A-Z][0-9]{7}',
    boundary: 'alnum',
    context: ['ho chieu', 'passport', 'so hc'],
  },
];

const contextPattern = (rule: Rule): string | undefined => rule.context && `(?:${rule.context.map(contextWord).join('|')})`;

/**
 * The JS form: lookarounds for the boundary and the context, so that every hit is located and
 * neighbouring hits do not consume each other's boundary characters.
 */
function jsPattern(rule: Rule, contextGiven: boolean): RegExp {
  const context = contextGiven ? undefined : contextPattern(rule);
  const not = rule.boundary && TOUCHING[rule.boundary];
  // The email local part starts where a run of its characters starts: same hits, no quadratic rescans.
  const before = not ? `(?<![${not}])` : rule.kind === 'email' ? '(?<![A-Za-z0-9._%+\\-])' : '';
  const after = not ? `(?![${not}])` : '';
  const lookbehind = context ? `(?<=${context}[\\s\\S]{0,${CONTEXT_GAP}})` : '';
  return new RegExp(`${before}${lookbehind}(?:${rule.body})${after}`, 'gu');
}

/**
 * The RE2 form: each lookaround becomes a consumed character or a string end. A context word
 * always ends in a letter, so with a digit boundary the gap may be empty; with a letter-or-digit
 * boundary the gap must end in a character that may touch the value.
 */
function re2Pattern(rule: Rule, contextGiven: boolean): string {
  const context = contextGiven ? undefined : contextPattern(rule);
  const not = rule.boundary && TOUCHING[rule.boundary];
  const after = not ? `(?:[^${not}]|$)` : '';
  if (!context) return `${not ? `(?:^|[^${not}])` : ''}(?:${rule.body})${after}`;
  const gap =
    rule.boundary === 'alnum'
      ? `[\\s\\S]{0,${CONTEXT_GAP - 1}}[^${not}]`
      : `(?:[\\s\\S]{0,${CONTEXT_GAP - 1}}${not ? `[^${not}]` : '[\\s\\S]'})?`;
  return `${context}${gap}(?:${rule.body})${after}`;
}

const noKinds: ReadonlySet<IdentifierKind> = new Set();
const jsCache = new Map<string, RegExp>();
const jsPatternCached = (rule: Rule, contextGiven: boolean): RegExp => {
  const key = `${rule.kind}:${contextGiven}`;
  let re = jsCache.get(key);
  if (!re) jsCache.set(key, (re = jsPattern(rule, contextGiven)));
  return re;
};

/**
 * Every identifier in `text` (NFC), ordered by position then kind. A value may be reported under
 * two kinds (a 10-digit mobile number after `BHXH:` is both a phone and a social-insurance number).
 * `allow`: kinds not to report. `contextGiven`: context-dependent kinds whose context words are
 * already known to apply to the whole text, e.g. because the column is called `so_cmnd`.
 */
export function findIdentifiers(
  text: string,
  allow: ReadonlySet<IdentifierKind> = noKinds,
  contextGiven: ReadonlySet<IdentifierKind> = noKinds,
): IdentifierHit[] {
  return locateIdentifiers(text, allow, contextGiven).map(({ kind, value, index }) => ({ kind, masked: maskIdentifier(value), index }));
}

/**
 * findIdentifiers with the values unmasked, for code in this folder that must compare them
 * (scanText's allowed values). Never put `value` in a report.
 */
export function locateIdentifiers(
  text: string,
  allow: ReadonlySet<IdentifierKind> = noKinds,
  contextGiven: ReadonlySet<IdentifierKind> = noKinds,
): { kind: IdentifierKind; value: string; index: number }[] {
  const found: { kind: IdentifierKind; value: string; index: number }[] = [];
  for (const rule of RULES) {
    if (allow.has(rule.kind)) continue;
    if (rule.kind === 'email' && !text.includes('@')) continue;
    for (const m of text.matchAll(jsPatternCached(rule, contextGiven.has(rule.kind))))
      found.push({ kind: rule.kind, value: m[0], index: m.index });
  }
  const order = (k: IdentifierKind): number => IDENTIFIER_KINDS.indexOf(k);
  return found.sort((a, b) => a.index - b.index || order(a.kind) - order(b.kind));
}

/**
 * RE2 patterns (DuckDB `regexp_matches`) with the same meaning as findIdentifiers: a text contains
 * a hit of a kind exactly when that kind's pattern matches it. `contextGiven` as in findIdentifiers.
 */
export function sqlPatterns(contextGiven: ReadonlySet<IdentifierKind> = noKinds): { kind: IdentifierKind; pattern: string }[] {
  return RULES.map((rule) => ({ kind: rule.kind, pattern: re2Pattern(rule, contextGiven.has(rule.kind)) }));
}

/**
 * The context-dependent kinds whose context words occur in a name, e.g. a column `so_cmnd` or
 * `Mã số BHXH`: in such a column a bare 9- or 10-digit value is an identifier.
 */
export function kindsNamedBy(name: string): Set<IdentifierKind> {
  const kinds = new Set<IdentifierKind>();
  for (const rule of RULES) {
    const context = contextPattern(rule);
    if (context && new RegExp(context, 'u').test(name)) kinds.add(rule.kind);
  }
  return kinds;
}

/**
 * A value fit for a report: its significant characters (letters and digits; separators, `+` and `@`
 * dropped) with at most the first 2 and last 2 kept and the rest `*`. Shorter values keep less:
 * 6–9 characters keep 1 + 1, 5 or fewer keep nothing. So at most 4 characters are shown, and at
 * most 40 % of the value. `0903 123 456` → `09******56`, passport `C1234567` → `C******7`.
 */
export function maskIdentifier(value: string): string {
  const chars = [...value.normalize('NFC')].filter((c) => /[\p{L}\p{N}]/u.test(c));
  const n = chars.length;
  const keep = n >= 10 ? 2 : n >= 6 ? 1 : 0;
  if (keep === 0) return '*'.repeat(Math.max(n, 1));
  return chars.slice(0, keep).join('') + '*'.repeat(n - 2 * keep) + chars.slice(n - keep).join('');
}
