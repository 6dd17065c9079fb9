import { literal, sql, type Sql } from '../sql.ts';
import { matchTextOfClean } from './transforms.ts';

/**
 * The SQL twin of resolveProvinceFromAddress (src/reference/provinces.ts): of all aliases found
 * as whole words in the address, the one that ends last wins, and at the same end the longest.
 *
 * One regular expression per address instead of a join of every address with every alias: the
 * address is reversed, so the leftmost match is the one that ends last, and the alternatives are
 * tried longest first, so at that place the longest alias wins. RE2 runs it in one linear pass,
 * row by row, with no join or DISTINCT over the addresses.
 */
export interface ProvinceMatcher {
  /** SQL: the alias that a clean-text address names last, or '' when it names none. */
  aliasIn(cleanAddress: Sql): Sql;
  /** SQL statement creating `province_alias (__alias, __alias_code)`, one row per alias. */
  createAliasTable: string;
}

export function provinceMatcher(aliases: readonly { alias: string; code: string }[]): ProvinceMatcher {
  const codes = new Map<string, string>();
  for (const { alias, code } of aliases) {
    if (codes.has(alias) && codes.get(alias) !== code) throw new Error(`province alias "${alias}" names two provinces`);
    codes.set(alias, code);
  }
  const reversed = (s: string) => [...s].reverse().join('');
  const alternatives = [...codes.keys()]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((alias) => reversed(alias).replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  const pattern = ` (${alternatives.join('|')}) `;
  const rows = [...codes].map(([alias, code]) => `(${literal(alias)}, ${literal(code)})`);
  return {
    aliasIn: (cleanAddress) =>
      // The whole match, spaces trimmed, rather than the group: the same match, but RE2 finds it
      // with its DFA alone, without the submatch pass (README, "Performance").
      codes.size === 0 ? sql`''` : sql`trim(reverse(regexp_extract(reverse(${matchTextOfClean(cleanAddress)}), ${literal(pattern)}, 0)))`,
    createAliasTable: rows.length
      ? `CREATE TEMP TABLE province_alias AS SELECT * FROM (VALUES ${rows.join(', ')}) a(__alias, __alias_code)`
      : `CREATE TEMP TABLE province_alias (__alias VARCHAR, __alias_code VARCHAR)`,
  };
}

/**
 * SQL statement creating `province (code, name)`: the provinces in force, for joins from a code
 * to its name. A VALUES list, as the alias table: a few dozen rows.
 */
export function provinceTableStatement(provinces: readonly { code: string; name: string }[]): string {
  const rows = provinces.map((p) => `(${literal(p.code)}, ${literal(p.name)})`);
  return rows.length
    ? `CREATE TEMP TABLE province AS SELECT * FROM (VALUES ${rows.join(', ')}) p(code, name)`
    : `CREATE TEMP TABLE province (code VARCHAR, name VARCHAR)`;
}
