import type { ColumnSource } from '../policy/dataset-definition.ts';
import { codePointRanges, re2Class, type CodePointRange } from '../code-points.ts';
import { literal, literalList, sql, sqlList, type Sql } from '../sql.ts';
import { NFC_MAY_CHANGE } from './nfc-table.ts';

/**
 * The SQL twin of each column-source kind (DuckDB dialect). They are pure string builders:
 * test/unit/transforms.test.ts runs them in DuckDB against expected values.
 */

/** Unicode whitespace and zero-width characters that real exports carry. */
const SPACE_CLASS = literal(String.raw`[\s\p{Z}\x{200B}\x{FEFF}]+`);

/**
 * Blocks that real exports' clean cells are written in: printable ASCII, Latin-1 and Latin
 * Extended (Vietnamese letters), Latin Extended Additional (precomposed Vietnamese with tone
 * marks), general punctuation (– “ ” …) and currency signs (₫).
 */
const COMMON_TEXT_BLOCKS: readonly CodePointRange[] = [
  [0x20, 0x7e],
  [0xa0, 0x2ff],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
];

/**
 * The code points of those blocks that cleanText leaves as they are: none can make NFC change a
 * text (nfc-table.ts, from the Unicode data), none is a space other than the plain one.
 */
export const NEVER_CLEANED: readonly CodePointRange[] = (() => {
  const mayChange = NFC_MAY_CHANGE.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  const rewritten = new Set([...mayChange, 0x200b, 0xfeff]);
  const kept = COMMON_TEXT_BLOCKS.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)).filter(
    (cp) => cp === 0x20 || !(rewritten.has(cp) || /[\s\p{Z}]/u.test(String.fromCodePoint(cp))),
  );
  return codePointRanges(kept);
})();

/**
 * RE2: a cell that cleanText may change. A character outside NEVER_CLEANED, or a plain space
 * doubled, leading or trailing. A cell without any of them is already clean, and the full rewrite
 * of a cell that matches only for a character it keeps (a Chinese name, an emoji) gives the cell
 * back unchanged. A handful of ranges: a class of every code point NFC may change (387 ranges)
 * cost DuckDB about a millisecond to compile per column and statement, more than the cleaning
 * of a small export.
 */
const NEEDS_CLEANING = literal(`[^${re2Class(NEVER_CLEANED).slice(1)}|  |^ | $`);

/**
 * NFC, whitespace runs collapsed to one space, trimmed; empty becomes NULL. Only cells that need
 * it are rewritten: NFC and the regular expression cost most of a large export's cleaning, and
 * nearly every cell of a real export is already clean (README, "Performance").
 */
export const cleanText = (expr: Sql): Sql =>
  sql`CASE WHEN regexp_matches(${expr}, ${NEEDS_CLEANING}) THEN nullif(trim(regexp_replace(nfc_normalize(${expr}), ${SPACE_CLASS}, ' ', 'g')), '') ELSE nullif(${expr}, '') END`;

/** Register numbers, from clean text: upper case, then Ð (U+00D0, also upper-cased ð) folded to Đ (U+0110), no spaces around / or -. */
const codeOfClean = (text: Sql): Sql => sql`regexp_replace(replace(upper(${text}), 'Ð', 'Đ'), '\\s*([/\\-])\\s*', '\\1', 'g')`;

/** Parses a date with the formats in order; NULL when nothing parses. */
export const parseDate = (expr: Sql, formats: readonly string[]): Sql => {
  const attempts = formats.map((f) => sql`try_strptime(${expr}, ${literal(f)})::DATE`);
  return attempts.length === 1 ? attempts[0]! : sql`coalesce(${sqlList(attempts)})`;
};

/** The tokens of `unknown` that are dates in the first format, e.g. a `2000-01-01` placeholder. */
const placeholderDates = (unknown: readonly string[]): string[] => unknown.filter((u) => /^\d{4}-\d{2}-\d{2}/.test(u));

/** A date column, from clean text: unknown tokens and placeholder dates become NULL. */
const dateOfClean = (text: Sql, source: Extract<ColumnSource, { kind: 'date' }>): Sql => {
  const parsed = parseDate(text, source.formats);
  const placeholders = placeholderDates(source.unknown).map((d) => parseDate(literal(d), source.formats));
  const unknownText = source.unknown.length ? sql`${text} IN (${literalList(source.unknown)})` : sql`false`;
  const placeholder = placeholders.length ? sql` OR ${parsed} IN (${sqlList(placeholders)})` : sql``;
  return sql`CASE WHEN ${text} IS NULL OR ${unknownText}${placeholder} THEN NULL ELSE ${parsed} END`;
};

/** True when a date cell (clean text) holds a value that is neither unknown nor a date in the accepted formats. */
export const invalidDateOfClean = (text: Sql, source: Extract<ColumnSource, { kind: 'date' }>): Sql => {
  const unknownText = source.unknown.length ? sql` AND ${text} NOT IN (${literalList(source.unknown)})` : sql``;
  return sql`(${text} IS NOT NULL${unknownText} AND ${parseDate(text, source.formats)} IS NULL)`;
};

/**
 * The SQL twin of normaliseForMatch (src/text.ts) for a value already in NFC (clean text), with a
 * space added at each end so that an alias found in it (province-match.ts) is found as whole
 * words. Lower case first, so only đ and ð remain to fold.
 */
export const matchTextOfClean = (text: Sql): Sql =>
  sql`' ' || trim(regexp_replace(strip_accents(replace(replace(lower(${text}), 'đ', 'd'), 'ð', 'd')), '[^a-z0-9]+', ' ', 'g')) || ' '`;

/** CSV only: a cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP). */
export const guardFormula = (expr: Sql): Sql =>
  sql`CASE WHEN regexp_matches(${expr}, '^[=+\\-@\\t\\r]') THEN '''' || ${expr} ELSE ${expr} END`;

/**
 * A column's value from `text`, its source field already as clean text: the engine cleans each
 * field once and derives both the value and the row checks from that.
 */
export const valueOfClean = (source: ColumnSource, text: Sql): Sql => {
  switch (source.kind) {
    case 'text':
      return text;
    case 'code':
      return codeOfClean(text);
    case 'date':
      return dateOfClean(text, source);
    case 'province':
      throw new Error('province columns are resolved by the engine, not by a row expression');
  }
};
