/**
 * What the identifier gate reads instead of the raw text: the text as a clerk meant it. Every
 * character that only changes how a value looks is folded away, so `０９０３ １２３ ４５６`,
 * `0903\u00AD123\u200C456` and `0903–123–456` read as `0903 123 456`, `0903-123-456`:
 * - format characters (Unicode category Cf: soft hyphen, zero-width (non-)joiners, word joiner,
 *   BOM, bidi controls…) and the other default-ignorable code points (variation selectors,
 *   Hangul fillers…) are dropped;
 * - every code point whose NFKC form is one printable ASCII character becomes that character
 *   (full-width digits, letters and `＠`, mathematical digits, superscripts, small forms…);
 * - every space separator (Zs: no-break, thin, ideographic spaces…) becomes a space, every dash
 *   (Pd: en and em dashes, non-breaking hyphen…) and the minus sign become `-`.
 * This is NFKC restricted to single characters, applied code point by code point, so that DuckDB
 * can apply exactly the same map (sqlFold): a `translate` table and one character class, both
 * derived from the Unicode data (fold-rule.ts, fold-table.ts), never written by hand.
 *
 * Pure: no I/O.
 */
import { codePointRanges, jsClass, re2Class } from '../code-points.ts';
import { literal } from '../sql.ts';
import { DROPPED, REPLACED } from './fold-table.ts';

/** The text read, and for each of its UTF-16 units the index of the character it came from. */
export interface Folded {
  text: string;
  /** origin[i]: index in the original text of text[i]; origin[text.length] = original length. Absent: unchanged. */
  origin?: number[];
}

interface FoldTable {
  /** Code point → ASCII replacement ('' = dropped). */
  map: Map<number, string>;
  /** One character class (JS, `u` flag) of every code point in `map`. */
  js: RegExp;
  /** The same class for RE2, and the code points dropped as an RE2 class. */
  re2Any: string;
  re2Dropped: string;
  /** translate() arguments for the code points replaced (not dropped). */
  from: string;
  to: string;
}

let table: FoldTable | undefined;

/**
 * Built once, on first use, from fold-table.ts: the rule (fold-rule.ts) applied to every code point
 * when the table was generated, and checked against the running engine by a test.
 */
function foldTable(): FoldTable {
  if (table) return table;
  const map = new Map<number, string>();
  for (const [first, last] of DROPPED) for (let cp = first; cp <= last; cp++) map.set(cp, '');
  for (const [first, last, ascii] of REPLACED) for (let cp = first; cp <= last; cp++) map.set(cp, String.fromCharCode(ascii + cp - first));
  const replaced = [...map.keys()].filter((cp) => map.get(cp) !== '').sort((a, b) => a - b);
  const all = codePointRanges(map.keys());
  table = {
    map,
    js: new RegExp(jsClass(all), 'u'),
    re2Any: re2Class(all),
    re2Dropped: re2Class(DROPPED),
    from: String.fromCodePoint(...replaced),
    to: replaced.map((cp) => map.get(cp)!).join(''),
  };
  return table;
}

/** The text with the fold applied, and where each of its characters came from. */
export function fold(text: string): Folded {
  const { js, map } = foldTable();
  if (!js.test(text)) return { text };
  let out = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const replacement = map.get(cp) ?? String.fromCodePoint(cp);
    for (let k = 0; k < replacement.length; k++) origin.push(i);
    out += replacement;
    i += width;
  }
  origin.push(text.length);
  return { text: out, origin };
}

/** Whether fold changes the text: a cheap test before the full fold. */
export const foldChanges = (text: string): boolean => foldTable().js.test(text);

/** RE2 class of every code point fold changes (a cheap pre-test in SQL). */
export const sqlFoldableClass = (): string => foldTable().re2Any;

/** The SQL twin of fold(text).text for a VARCHAR expression (evaluated twice: pass a column, not a computation). */
export function sqlFold(value: string): string {
  const { re2Any, re2Dropped, from, to } = foldTable();
  return `CASE WHEN regexp_matches(${value}, ${literal(re2Any)}) THEN translate(regexp_replace(${value}, ${literal(re2Dropped)}, '', 'g'), ${literal(from)}, ${literal(to)}) ELSE ${value} END`;
}

/**
 * Applies `re` (global) to a folded text, replacing each match with `replacement`, and keeps the
 * origin of every character: a replacement character comes from the start of its match.
 */
export function replaceKeepingOrigin(folded: Folded, re: RegExp, replacement: string): Folded {
  re.lastIndex = 0;
  const any = re.test(folded.text);
  // test() on a global RegExp moves lastIndex, and matchAll starts from it
  re.lastIndex = 0;
  if (!any) return folded;
  const originOf = (i: number): number => folded.origin?.[i] ?? i;
  let out = '';
  const origin: number[] = [];
  let last = 0;
  for (const m of folded.text.matchAll(re)) {
    for (let i = last; i < m.index; i++) origin.push(originOf(i));
    out += folded.text.slice(last, m.index) + replacement;
    for (let k = 0; k < replacement.length; k++) origin.push(originOf(m.index));
    last = m.index + m[0].length;
  }
  for (let i = last; i < folded.text.length; i++) origin.push(originOf(i));
  out += folded.text.slice(last);
  origin.push(originOf(folded.text.length));
  return { text: out, origin };
}
