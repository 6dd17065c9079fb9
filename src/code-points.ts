/**
 * Sets of code points as ranges, and as character classes for RE2 (DuckDB's regular expressions)
 * and JavaScript: the Unicode tables (scripts/make-unicode-tables.ts) and the SQL and JS that
 * read them.
 */
export type CodePointRange = readonly [first: number, last: number];

/** Code points (any order, no repeats) as sorted [first, last] ranges. */
export function codePointRanges(codePoints: Iterable<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const cp of [...codePoints].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

const classOf = (ranges: readonly CodePointRange[], char: (cp: number) => string): string =>
  `[${ranges.map(([a, b]) => (a === b ? char(a) : `${char(a)}-${char(b)}`)).join('')}]`;

/** An RE2 character class of the ranges, e.g. `[\x{ad}\x{300}-\x{36f}]`. */
export const re2Class = (ranges: readonly CodePointRange[]): string => classOf(ranges, (cp) => `\\x{${cp.toString(16)}}`);

/** The same class for a JavaScript RegExp with the `u` flag. */
export const jsClass = (ranges: readonly CodePointRange[]): string => classOf(ranges, (cp) => `\\u{${cp.toString(16)}}`);
