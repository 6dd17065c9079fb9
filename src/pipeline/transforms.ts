import type { ColumnSource } from '../policy/dataset-definition.ts';
import { ident, literal, literalList } from '../sql.ts';

/**
 * The SQL twin of each column-source kind (DuckDB dialect). They are pure string builders:
 * test/unit/transforms.test.ts runs them in DuckDB against expected values.
 */

/** Unicode whitespace and zero-width characters that real exports carry. */
const SPACE_CLASS = String.raw`[\s\p{Z}\x{200B}\x{FEFF}]+`;

/** NFC, whitespace runs collapsed to one space, trimmed; empty becomes NULL. */
export const cleanText = (expr: string): string => `nullif(trim(regexp_replace(nfc_normalize(${expr}), '${SPACE_CLASS}', ' ', 'g')), '')`;

/** Register numbers: clean text, upper case, then Ð (U+00D0, also upper-cased ð) folded to Đ (U+0110), no spaces around / or -. */
export const cleanCode = (expr: string): string => codeOfClean(cleanText(expr));

/** cleanCode of a value that is already clean text. */
export const codeOfClean = (text: string): string => `regexp_replace(replace(upper(${text}), 'Ð', 'Đ'), '\\s*([/\\-])\\s*', '\\1', 'g')`;

/** Parses a date with the formats in order; NULL when nothing parses. */
export const parseDate = (expr: string, formats: readonly string[]): string => {
  const attempts = formats.map((f) => `try_strptime(${expr}, ${literal(f)})::DATE`);
  return attempts.length === 1 ? attempts[0]! : `coalesce(${attempts.join(', ')})`;
};

/** The tokens of `unknown` that are dates in the first format, e.g. a `2000-01-01` placeholder. */
const placeholderDates = (unknown: readonly string[]): string[] => unknown.filter((u) => /^\d{4}-\d{2}-\d{2}/.test(u));

/** A date column: unknown tokens and placeholder dates become NULL. */
export const dateValue = (expr: string, source: Extract<ColumnSource, { kind: 'date' }>): string => dateOfClean(cleanText(expr), source);

/** dateValue of a value that is already clean text. */
export const dateOfClean = (text: string, source: Extract<ColumnSource, { kind: 'date' }>): string => {
  const parsed = parseDate(text, source.formats);
  const placeholders = placeholderDates(source.unknown).map((d) => `${parseDate(literal(d), source.formats)}`);
  const unknownText = source.unknown.length ? `${text} IN (${literalList(source.unknown)})` : 'false';
  const placeholder = placeholders.length ? ` OR ${parsed} IN (${placeholders.join(', ')})` : '';
  return `CASE WHEN ${text} IS NULL OR ${unknownText}${placeholder} THEN NULL ELSE ${parsed} END`;
};

/** True when a date cell holds a value that is neither unknown nor a date in the accepted formats. */
export const invalidDate = (expr: string, source: Extract<ColumnSource, { kind: 'date' }>): string =>
  invalidDateOfClean(cleanText(expr), source);

/** invalidDate of a value that is already clean text. */
export const invalidDateOfClean = (text: string, source: Extract<ColumnSource, { kind: 'date' }>): string => {
  const unknownText = source.unknown.length ? ` AND ${text} NOT IN (${literalList(source.unknown)})` : '';
  return `(${text} IS NOT NULL${unknownText} AND ${parseDate(text, source.formats)} IS NULL)`;
};

/**
 * The SQL twin of normaliseForMatch in src/reference/provinces.ts: lower case ASCII words padded
 * with spaces, so that an alias matches as whole words with `contains(norm, ' ' || alias || ' ')`.
 */
export const matchText = (expr: string): string => matchTextOfClean(`nfc_normalize(${expr})`);

/** matchText of a value already in NFC (clean text): lower case first, so only đ and ð remain to fold. */
export const matchTextOfClean = (text: string): string =>
  `' ' || trim(regexp_replace(strip_accents(replace(replace(lower(${text}), 'đ', 'd'), 'ð', 'd')), '[^a-z0-9]+', ' ', 'g')) || ' '`;

/** CSV only: a cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP). */
export const guardFormula = (expr: string): string =>
  `CASE WHEN regexp_matches(${expr}, '^[=+\\-@\\t\\r]') THEN '''' || ${expr} ELSE ${expr} END`;

export const sourceExpression = (source: ColumnSource): string =>
  source.kind === 'province' ? valueOfClean(source, '') : valueOfClean(source, cleanText(ident(source.field)));

/**
 * sourceExpression over `text`, the source field already as clean text: the engine cleans each
 * field once and derives both the value and the row checks from that.
 */
export const valueOfClean = (source: ColumnSource, text: string): string => {
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
