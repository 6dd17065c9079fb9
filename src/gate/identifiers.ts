/**
 * Vietnamese personal identifiers, recognised in text as clerks type them: the rules of the
 * identifier gate that every published byte (data, metadata, file names) passes before it becomes
 * visible.
 *
 * A text is read in three steps, each done identically in JavaScript and in DuckDB:
 * 1. fold (normalise.ts): full-width forms, format characters, odd spaces and dashes become what
 *    they look like, so `０９０３ １２３ ４５６` and `0903\u00AD123456` are plain digits;
 * 2. blank: values that are legitimate in a register although shaped like an identifier are
 *    replaced by `#` (LEGITIMATE: dates, labelled tax codes, barcodes, lot and model numbers,
 *    organisations' switchboards and hotlines, amounts of money, labelled register numbers);
 * 3. match: each kind is written once, as a `Rule` (a body, the characters that may not touch it,
 *    and for some kinds the words that must come shortly before it). Digits may be split into
 *    groups by spaces, dots, dashes, slashes and parentheses (`079 203 001 234`, `0912/345/678`,
 *    `+84 (0) 912 345 678`) and an e-mail's `@` and dots may be spelt out (`[at]`, `a còng`, `chấm`).
 *
 * Each rule compiles twice:
 * - to a JavaScript RegExp with lookbehind/lookahead, which finds and locates hits (findIdentifiers);
 * - to an RE2 pattern for DuckDB (sqlPatterns), where lookarounds do not exist, so a boundary is a
 *   consumed character or a string end instead. For "does the text contain a hit" both mean the
 *   same thing; test/unit/gate.test.ts checks it on the corpora in test/fixtures/gate/.
 * Only constructs that both engines read the same way are used: explicit character classes (no
 * `\s` or `.` on their own, no case-insensitive flag), `\p{L}`, `\p{N}`, `\p{M}`, `[\s\S]`, `\b`
 * (ASCII word boundary in both), counted repetition, and leftmost-first alternation. Counts are of
 * code points in both (JS with the `u` flag, RE2 on UTF-8).
 *
 * Pure: no I/O.
 */
import { literal } from '../sql.ts';
import { fold, foldChanges, replaceKeepingOrigin, sqlFold, sqlFoldableClass, type Folded } from './normalise.ts';

/** The kinds of identifier the gate recognises; dataset definitions name them in `identifierAllow`. */
export const IDENTIFIER_KIND_NAMES = [
  'citizen-id',
  'old-id',
  'health-insurance-card',
  'social-insurance',
  'phone',
  'email',
  'passport',
  'person-with-birth-date',
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

/**
 * The combining marks of Vietnamese written decomposed (NFD): grave, acute, circumflex, tilde,
 * breve, hook above, horn, dot below. An explicit class of literal characters, not `\p{M}`:
 * RE2 compiles `\p{M}` after every letter of every label into a program that takes seconds.
 */
const MARKS = '[\u0300-\u0303\u0306\u0309\u031b\u0323]*';

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
 * A word as a pattern both engines read alike: each letter in either case and, for a Vietnamese
 * word, with any diacritic (precomposed, or as trailing combining marks when the text is not NFC;
 * clerks often type without accents). An English word (`lot`, `model`) matches only as spelt, so
 * that `lót` is not `lot`. A space in the word allows up to two spaces, underscores, hyphens or
 * (for English) dots: `số CM`, `so_cm`, `SốCM`, `Cat. No`.
 */
function contextWord(word: string, language: 'vi' | 'en' = 'vi'): string {
  let out = '';
  for (const ch of word) {
    if (ch === ' ') {
      out += language === 'vi' ? '[ _\\-]{0,2}' : '[ ._\\-]{0,2}';
      continue;
    }
    const lower = (language === 'vi' && LETTER_VARIANTS[ch]) || ch;
    const chars = [...new Set([...lower, ...lower.toUpperCase()])].join('').replace(/[\\\]\[^-]/g, '\\$&');
    out += `[${chars}]${MARKS}`;
  }
  return out;
}
const anyWord = (words: readonly string[], language: 'vi' | 'en' = 'vi'): string =>
  `(?:${words.map((w) => contextWord(w, language)).join('|')})`;
/** Vietnamese and English words of one label, as one alternation (Vietnamese first). */
const labels = (vi: readonly string[], en: readonly string[] = []): string =>
  `(?:${[...vi.map((w) => contextWord(w)), ...en.map((w) => contextWord(w, 'en'))].join('|')})`;

/**
 * Between the digit groups of a number as typed: up to three spaces, dots, dashes (folded to `-`),
 * slashes or parentheses. One class with a bounded count, so a backtracking engine stays linear.
 */
const SEP = '[ .\\-/()]{0,3}';
/** `n` digits, groups split by SEP. */
const digitGroups = (n: number): string => `[0-9](?:${SEP}[0-9]){${n - 1}}`;

/** The citizen-ID province codes as a trie of digits, a separator allowed between any two. */
function provinceCodePattern(): string {
  const bySecond = new Map<string, string[]>();
  for (const code of CITIZEN_ID_PROVINCE_CODES) bySecond.set(code[1]!, [...(bySecond.get(code[1]!) ?? []), code[2]!]);
  const branches = [...bySecond].map(([second, thirds]) => `${second}${SEP}[${thirds.join('')}]`);
  return `0${SEP}(?:${branches.join('|')})`;
}

/** Characters that may not touch a value: a digit, any letter or digit, or (before a name) a letter or mark. */
type Boundary = 'digit' | 'alnum' | 'name';
const TOUCHING_BEFORE: Record<Boundary, string> = { digit: '0-9', alnum: '\\p{L}\\p{N}', name: '\\p{L}\\p{M}' };
const TOUCHING_AFTER: Record<Boundary, string> = { digit: '0-9', alnum: '\\p{L}\\p{N}', name: '0-9' };

interface Rule {
  kind: IdentifierKind;
  body: string;
  boundary?: Boundary;
  /** Words of which one must end at most `gap` characters before the value. */
  context?: readonly string[];
  gap?: number;
  /**
   * `folded`: read before legitimate values are blanked (a date of birth is a date, which the
   * blanking step would remove). Default `blanked`.
   */
  on?: 'folded' | 'blanked';
  /** A shorter pattern that every body match contains, for the quick pre-test (default: the body). */
  quick?: string;
}

/** How far before a value its context word may end (`Số CMND của bệnh nhân: 012345678`). */
export const CONTEXT_GAP = 20;
/** A passport number is distinctive enough (a letter and 7 digits) to take its label from further away. */
export const PASSPORT_CONTEXT_GAP = 100;

// ---- phone numbers -------------------------------------------------------------------------
/**
 * Mobile prefixes after the trunk 0 (numbering plan of the Ministry of Information and
 * Communications since 2018: 032–039, 052–059, 070 and 076–079, 081–089, 090–099). 030 and 031
 * are not mobile prefixes, which keeps Hồ Chí Minh City's tax codes (`0302560110`) out.
 */
const MOBILE = `(?:3${SEP}[2-9]|5${SEP}[2-9]|7${SEP}[06-9]|8${SEP}[1-9]|9${SEP}[0-9])(?:${SEP}[0-9]){7}`;
/** Landlines since 2017: area code 2xx, 11 digits with the trunk 0. */
const LANDLINE_NATIONAL = `2${SEP}[0-9](?:${SEP}[0-9]){8}`;
/** Trunk 0, or country code 84 (with `+` or `00`) optionally followed by a trunk 0 (`+84 (0) 912…`). */
const TRUNK = `(?:0|(?:\\+|00)?84${SEP}(?:0${SEP})?)`;

// ---- e-mail addresses ------------------------------------------------------------------------
const OPEN = '[\\[({<]';
const CLOSE = '[\\])}>]';
const AT_WORD = contextWord('at', 'en');
const DOT_WORDS = labels(['cham'], ['dot']);
/** `@`, spaced or bracketed, `[at]`, `(at)`, `(a)`, or spelt `a còng` / `a móc`. */
const SYMBOL_AT = `(?:[ ]{0,2}@[ ]{0,2}|[ ]{0,2}${OPEN}[ ]{0,2}(?:${AT_WORD}|@|[aA])[ ]{0,2}${CLOSE}[ ]{0,2}|[ ]{1,2}${anyWord(['a cong', 'a moc'])}[ ]{1,2})`;
/** A dot spelt out: `[dot]`, `(chấm)`, ` dot `, ` chấm `. */
const WORD_DOT = `(?:[ ]{0,2}${OPEN}[ ]{0,2}(?:${DOT_WORDS}|[.])[ ]{0,2}${CLOSE}[ ]{0,2}|[ ]{1,2}${DOT_WORDS}[ ]{1,2})`;
const ANY_DOT = `(?:[ ]{0,2}[.][ ]{0,2}|${WORD_DOT})`;
const DOMAIN_LABEL = '[A-Za-z0-9\\-]+';
/**
 * local part, then either a symbolic `@` and dots of any form, or a bare ` at ` with the dots
 * spelt out too (`ten at gmail dot com`): ` at ` with real dots is English prose ("available at
 * www.moh.gov.vn"), not an address.
 */
const EMAIL = `[A-Za-z0-9._%+\\-]+(?:${SYMBOL_AT}(?:${DOMAIN_LABEL}${ANY_DOT})+|[ ]{1,2}${AT_WORD}[ ]{1,2}(?:${DOMAIN_LABEL}${WORD_DOT})+)[A-Za-z]{2,}`;

// ---- a person's name with a date of birth ----------------------------------------------------
const VIETNAMESE_UPPER = 'A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ';
const VIETNAMESE_LETTER = `${VIETNAMESE_UPPER}${VIETNAMESE_UPPER.toLowerCase()}`;
/** A capitalised word of a Vietnamese name (`Nguyễn`, `NGUYỄN`, the `A` of `Nguyễn Văn A`). */
const NAME_WORD = `[${VIETNAMESE_UPPER}]${MARKS}(?:[${VIETNAMESE_LETTER}]${MARKS}){0,6}`;
const PERSON_NAME = `${NAME_WORD}(?:[ ]{1,2}${NAME_WORD}){1,4}`;
const BIRTH_LABEL = labels(['sinh ngay', 'ngay sinh', 'sinh nam', 'nam sinh', 'ngay thang nam sinh', 'sn', 'ns'], ['dob', 'born']);
const DAY = '(?:0?[1-9]|[12][0-9]|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const YEAR = '(?:1[89]|20)[0-9]{2}';
const BIRTH_DATE = `(?:${DAY}(?:[ ]?[/.\\-][ ]?|[ ]${anyWord(['thang'])}[ ])${MONTH}(?:[ ]?[/.\\-][ ]?|[ ]${anyWord(['nam'])}[ ])${YEAR}|${YEAR})`;
const BIRTH = `${BIRTH_LABEL}[ :.]{0,3}${BIRTH_DATE}`;

const RULES: readonly Rule[] = [
  {
    kind: 'citizen-id',
    // province code, century/sex digit (0–3: born 1900–2099; 4–9 are for later centuries), two
    // birth-year digits, six digits
    body: `${provinceCodePattern()}${SEP}[0-3](?:${SEP}[0-9]){8}`,
    boundary: 'digit',
  },
  {
    kind: 'old-id',
    body: digitGroups(9),
    boundary: 'digit',
    // CCCD / căn cước too: 9-digit CMND numbers are still written in fields labelled for the new card.
    context: ['cmnd', 'cmt', 'chung minh', 'so cm', 'cccd', 'can cuoc'],
  },
  {
    kind: 'health-insurance-card',
    // group code (either case), benefit level 1–5, province code (BHXH codes include 97/98, so any
    // two digits), 10 digits
    body: `[A-Za-z]{2}${SEP}[1-5](?:${SEP}[0-9]){12}`,
    boundary: 'alnum',
  },
  {
    kind: 'social-insurance',
    body: digitGroups(10),
    boundary: 'digit',
    context: ['bhxh', 'bhyt', 'bao hiem xa hoi', 'bao hiem y te'],
  },
  {
    kind: 'phone',
    body: `${TRUNK}${SEP}(?:${MOBILE}|${LANDLINE_NATIONAL})`,
    boundary: 'digit',
  },
  { kind: 'email', body: EMAIL },
  {
    kind: 'passport',
    body: `[A-Za-z]${SEP}${digitGroups(7)}`,
    boundary: 'alnum',
    context: ['ho chieu', 'passport', 'so hc'],
    gap: PASSPORT_CONTEXT_GAP,
  },
  {
    kind: 'person-with-birth-date',
    // `Nguyễn Văn An, sinh ngày 12/05/1980`, `NGUYỄN THỊ B (SN 1975)`, `Lê Văn C; ngày sinh: 3 tháng 4 năm 1990`
    body: `${PERSON_NAME}[ ,;:(\\-]{1,3}${BIRTH}`,
    boundary: 'name',
    on: 'folded',
    quick: BIRTH,
  },
];

// ---- values that are legitimate although shaped like an identifier ---------------------------
/**
 * Where a label may start: not inside a word. A consumed character, not `\\b`, because `\\b` is an
 * ASCII boundary and would not hold before `Điện thoại`; the character is blanked with the value.
 */
const LABEL_START = '(?:^|[^\\p{L}\\p{N}_])';
/** After a label: punctuation, then optionally `số` / `là` / `No.` (`MST số: …`, `Lot No. …`). */
const LABEL_GAP = `[ :.#=\\-]{0,4}(?:${anyWord(['so', 'la', 'no'])}[ :.#]{0,3})?`;
/** A code as written after a lot, model or register label: letters and digits, joined by `.`, `-` or `/`. */
const CODE_TOKEN = '[A-Za-z0-9](?:[A-Za-z0-9]|[.\\-/][A-Za-z0-9])*';
const LANDLINE = `[(]?(?:(?:\\+|00)?84[)]?${SEP}(?:0${SEP})?|0${SEP})${LANDLINE_NATIONAL}\\b`;

/**
 * Each entry: a pattern whose whole match is blanked before the rules run. Labels start outside a
 * word (`lot`, not the `lot` of `pilot`). The order matters only where two start at the same
 * character; both engines take the first that matches (leftmost-first).
 *
 * The rule for organisations' telephone numbers: a landline (02x, registered to premises) or a
 * 1800/1900 number right after a label that names an organisation's line (`tổng đài`, `điện thoại
 * cơ quan`, `hotline`, `đường dây nóng`, `fax`, `cấp cứu`…) is the organisation's and may be
 * published; a mobile number never is, whatever its label, because mobile subscriptions are
 * personal (a clinic's "hotline" mobile is usually its owner's). A plain `ĐT:` or `Tel:` names no
 * organisation: a landline after it is still a hit, unless the column is allowed in the definition
 * (identifierAllow with a pattern).
 */
export const LEGITIMATE: readonly { name: string; pattern: string }[] = [
  {
    name: 'date',
    pattern: `\\b(?:${DAY}[/.\\-]${MONTH}[/.\\-]${YEAR}|${YEAR}[/.\\-]${MONTH}[/.\\-]${DAY})\\b`,
  },
  {
    name: 'labelled tax code (10 digits, or 10 and a 3-digit branch)',
    pattern: `${LABEL_START}${labels(
      [
        'ma so thue doanh nghiep',
        'ma so thue cong ty',
        'ma so thue',
        'mst doanh nghiep',
        'mst',
        'ma so doanh nghiep',
        'msdn',
        'ma so dn',
        'ma dn',
      ],
      ['tax code', 'tax id'],
    )}${LABEL_GAP}[0-9](?:[ .]?[0-9]){9}(?:[ ]?-[ ]?[0-9]{3})?\\b`,
  },
  { name: 'branch tax code (10 digits, dash, 3 digits)', pattern: '\\b[0-9]{10}-[0-9]{3}\\b' },
  {
    name: 'labelled barcode (GTIN/EAN/UPC, 8–14 digits)',
    pattern: `${LABEL_START}${labels(['ma vach', 'ma gs1'], ['gtin', 'ean', 'upc', 'barcode', 'bar code', 'gs1'])}[ \\-]?(?:8|12|13|14|[aA])?${LABEL_GAP}[0-9](?:[ \\-]?[0-9]){7,13}\\b`,
  },
  {
    name: 'labelled lot, batch, model, serial or catalogue number',
    pattern: `${LABEL_START}${labels(
      ['so lo', 'lo sx', 'lo san xuat', 'so model', 'ky hieu', 'ma hieu', 'so seri', 'so serial', 'ma sp', 'ma san pham'],
      [
        'lot no',
        'lot',
        'batch no',
        'batch',
        'model no',
        'model',
        'ref',
        'serial no',
        'serial',
        's/n',
        'series',
        'catalogue no',
        'catalog no',
        'cat no',
        'part no',
        'sku',
        'item no',
      ],
    )}${LABEL_GAP}${CODE_TOKEN}`,
  },
  { name: '1800/1900 number (toll-free or shared-cost: organisations only)', pattern: '\\b1[89]00(?:[ .\\-]?[0-9]){4,6}\\b' },
  {
    name: 'landline labelled as an organisation’s line',
    pattern: `${LABEL_START}${labels(
      ['tong dai', 'dien thoai co quan', 'dt co quan', 'so may co quan', 'duong day nong', 'cap cuu', 'van phong', 'tru so'],
      ['hotline', 'fax', 'switchboard'],
    )}${LABEL_GAP}${LANDLINE}(?:[ ]{0,2}[\\-/,;][ ]{0,2}${LANDLINE})*`,
  },
  {
    name: 'amount of money with its currency',
    // Amounts never start with 0, numbers typed with dots or spaces as identifiers always do; the
    // currency must end a word (`đ`, not the `đ` of `đã`).
    pattern: `\\b[1-9][0-9]{0,2}(?:[.,][0-9]{3})+(?:,[0-9]{1,2})?[ ]?${labels(['dong', 'vnd', 'd'], ['usd'])}(?:[^\\p{L}\\p{M}]|$)`,
  },
  {
    name: 'labelled register number (registration, marketing, licence, decision)',
    pattern: `${LABEL_START}${labels(
      ['so dang ky', 'sdk', 'so luu hanh', 'so dklh', 'so gplh', 'gplh', 'so giay phep', 'so cong bo', 'so quyet dinh', 'so qd'],
      ['registration no', 'reg no'],
    )}${LABEL_GAP}${CODE_TOKEN}`,
  },
];
const LEGITIMATE_PATTERN = LEGITIMATE.map((l) => l.pattern).join('|');
/** What a blanked value becomes: no rule reads `#` as part of an identifier. */
const BLANK = '#';

// Built once per rule: the gate asks for them for every column of every publish.
const contextPatterns = new Map(RULES.map((rule) => [rule, rule.context && anyWord(rule.context)]));
const contextPattern = (rule: Rule): string | undefined => contextPatterns.get(rule);
const contextRegExps = new Map(RULES.flatMap((rule) => (rule.context ? [[rule, new RegExp(anyWord(rule.context), 'u')] as const] : [])));

/**
 * The JS form: lookarounds for the boundary and the context, so that every hit is located and
 * neighbouring hits do not consume each other's boundary characters.
 */
function jsPattern(rule: Rule, contextGiven: boolean): RegExp {
  const context = contextGiven ? undefined : contextPattern(rule);
  const b = rule.boundary;
  // The email local part starts where a run of its characters starts: same hits, no quadratic rescans.
  const before = b ? `(?<![${TOUCHING_BEFORE[b]}])` : rule.kind === 'email' ? '(?<![A-Za-z0-9._%+\\-])' : '';
  const after = b ? `(?![${TOUCHING_AFTER[b]}])` : '';
  const lookbehind = context ? `(?<=${context}[\\s\\S]{0,${rule.gap ?? CONTEXT_GAP}})` : '';
  return new RegExp(`${before}${lookbehind}(?:${rule.body})${after}`, 'gu');
}

/**
 * The RE2 form: each lookaround becomes a consumed character or a string end. A context word
 * always ends in a letter, so with a digit boundary the gap may be empty; with a letter-or-digit
 * boundary the gap must end in a character that may touch the value.
 */
function re2Pattern(rule: Rule, contextGiven: boolean): string {
  const context = contextGiven ? undefined : contextPattern(rule);
  const b = rule.boundary;
  const notBefore = b && TOUCHING_BEFORE[b];
  const after = b ? `(?:[^${TOUCHING_AFTER[b]}]|$)` : '';
  if (!context) return `${notBefore ? `(?:^|[^${notBefore}])` : ''}(?:${rule.body})${after}`;
  const gap = rule.gap ?? CONTEXT_GAP;
  const between =
    b === 'alnum' ? `[\\s\\S]{0,${gap - 1}}[^${notBefore}]` : `(?:[\\s\\S]{0,${gap - 1}}${notBefore ? `[^${notBefore}]` : '[\\s\\S]'})?`;
  return `${context}${between}(?:${rule.body})${after}`;
}

/**
 * What any hit needs, without boundaries: a context word for a kind that needs one (its body alone
 * is too common: a date-time holds 9 digits), else the body. `contextGiven` kinds need their body.
 */
const quickSource = (contextGiven: ReadonlySet<IdentifierKind>): string =>
  RULES.map((r) => `(?:${r.context && !contextGiven.has(r.kind) ? contextPattern(r)! : (r.quick ?? r.body)})`).join('|');

const jsQuick = new Map<string, RegExp>();
let jsLegitimate: RegExp | undefined;
const noKinds: ReadonlySet<IdentifierKind> = new Set();
const jsCache = new Map<string, RegExp>();
const jsPatternCached = (rule: Rule, contextGiven: boolean): RegExp => {
  const key = `${rule.kind}:${contextGiven}`;
  let re = jsCache.get(key);
  if (!re) jsCache.set(key, (re = jsPattern(rule, contextGiven)));
  return re;
};

/**
 * Whether `text` may hold an identifier: false means it holds none. A cheap pre-test (one
 * automaton), the JS twin of the SQL pre-filter sqlQuickPattern.
 */
export function mayHoldIdentifier(text: string, contextGiven: ReadonlySet<IdentifierKind> = noKinds): boolean {
  const key = [...contextGiven].sort().join();
  let quick = jsQuick.get(key);
  if (!quick) jsQuick.set(key, (quick = new RegExp(quickSource(contextGiven), 'u')));
  return foldChanges(text) || quick.test(text);
}

/** The text as the rules read it: folded, then (for most rules) with legitimate values blanked. */
export function gateReading(text: string): { folded: Folded; blanked: Folded } {
  const folded = fold(text);
  jsLegitimate ??= new RegExp(LEGITIMATE_PATTERN, 'gu');
  return { folded, blanked: replaceKeepingOrigin(folded, jsLegitimate, BLANK) };
}

/**
 * Every identifier in `text`, ordered by position then kind. A value may be reported under two
 * kinds (a 10-digit mobile number after `BHXH:` is both a phone and a social-insurance number).
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
 * findIdentifiers with the values unmasked (as read: folded), for code in this folder that must
 * compare them (scanText's allowed values, scanTable's per-column patterns). Never put `value` in
 * a report. `index` is the value's offset in the original text.
 */
export function locateIdentifiers(
  text: string,
  allow: ReadonlySet<IdentifierKind> = noKinds,
  contextGiven: ReadonlySet<IdentifierKind> = noKinds,
): { kind: IdentifierKind; value: string; index: number }[] {
  if (!mayHoldIdentifier(text, contextGiven)) return [];
  const reading = gateReading(text);
  const found: { kind: IdentifierKind; value: string; index: number }[] = [];
  for (const rule of RULES) {
    if (allow.has(rule.kind)) continue;
    const read = rule.on === 'folded' ? reading.folded : reading.blanked;
    for (const m of read.text.matchAll(jsPatternCached(rule, contextGiven.has(rule.kind))))
      found.push({ kind: rule.kind, value: m[0], index: read.origin?.[m.index] ?? m.index });
  }
  const order = (k: IdentifierKind): number => IDENTIFIER_KINDS.indexOf(k);
  return found.sort((a, b) => a.index - b.index || order(a.kind) - order(b.kind));
}

/**
 * RE2 patterns (DuckDB `regexp_matches`) with the same meaning as findIdentifiers: a text contains
 * a hit of a kind exactly when that kind's pattern matches the text's `folded` (sqlFolded) or
 * `blanked` (sqlBlanked) reading. `contextGiven` as in findIdentifiers.
 */
export function sqlPatterns(
  contextGiven: ReadonlySet<IdentifierKind> = noKinds,
): { kind: IdentifierKind; pattern: string; on: 'folded' | 'blanked' }[] {
  return RULES.map((rule) => ({ kind: rule.kind, pattern: re2Pattern(rule, contextGiven.has(rule.kind)), on: rule.on ?? 'blanked' }));
}

/** SQL for the folded reading of a VARCHAR expression (name a column: it is evaluated more than once). */
export const sqlFolded = (value: string): string => sqlFold(value);

/** SQL for the blanked reading, from the folded one. */
export const sqlBlanked = (folded: string): string => `regexp_replace(${folded}, ${literal(LEGITIMATE_PATTERN)}, '${BLANK}', 'g')`;

/** RE2 twin of mayHoldIdentifier: a text that does not match it holds no identifier. */
export const sqlQuickPattern = (contextGiven: ReadonlySet<IdentifierKind> = noKinds): string =>
  `${sqlFoldableClass()}|${quickSource(contextGiven)}`;

/**
 * The context-dependent kinds whose context words occur in a name, e.g. a column `so_cmnd` or
 * `Mã số BHXH`: in such a column a bare 9- or 10-digit value is an identifier.
 */
export function kindsNamedBy(name: string): Set<IdentifierKind> {
  const kinds = new Set<IdentifierKind>();
  const folded = fold(name).text;
  for (const rule of RULES) {
    if (contextRegExps.get(rule)?.test(folded)) kinds.add(rule.kind);
  }
  return kinds;
}

/**
 * The letters and digits of a value (separators, `+`, `@` and marks dropped), as masks and
 * per-column patterns see it.
 */
export const significantCharacters = (value: string): string[] =>
  [...fold(value).text.normalize('NFC')].filter((c) => /[\p{L}\p{N}]/u.test(c));

/**
 * A value fit for a report: its significant characters with at most the first 2 and last 2 kept
 * and the rest `*`. Shorter values keep less: 6–9 characters keep 1 + 1, 5 or fewer keep nothing.
 * So at most 4 characters are shown, and at most 40 % of the value. `0903 123 456` → `09******56`,
 * passport `C1234567` → `C******7`.
 */
export function maskIdentifier(value: string): string {
  const chars = significantCharacters(value);
  const n = chars.length;
  const keep = n >= 10 ? 2 : n >= 6 ? 1 : 0;
  if (keep === 0) return '*'.repeat(Math.max(n, 1));
  return chars.slice(0, keep).join('') + '*'.repeat(n - 2 * keep) + chars.slice(n - keep).join('');
}
