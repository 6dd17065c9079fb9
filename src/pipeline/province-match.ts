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
  /**
   * SQL statement creating `table (__segment, __segment_alias)`: for each distinct last segment
   * (after the last comma) of the clean-text addresses `cleanAddress` selects from `from`, the
   * alias it ends with, or NULL. Addresses end with their province, and a register has few
   * distinct last segments: the alias is then looked up instead of matched on every row.
   */
  createSegmentTable(table: string, cleanAddress: Sql, from: string): string;
  /**
   * SQL: aliasIn(cleanAddress), reading first the alias `segmentAlias` (from the segment table)
   * found for the address's last segment. Exact: an alias that ends the address is the one that
   * ends last, and a longer one ending there too (across the comma) names the same province
   * (checked when the matcher is made; if some alias list breaks that, every row is matched).
   */
  aliasUsingSegment(cleanAddress: Sql, segmentAlias: Sql): Sql;
  /** SQL statement creating `province_alias (__alias, __alias_code)`, one row per alias. */
  createAliasTable: string;
}

type Aliases = readonly { alias: string; code: string }[];

const matchers = new WeakMap<Aliases, ProvinceMatcher>();

/** The matcher for these aliases, built once per list (a few milliseconds: every publish asks). */
export function provinceMatcher(aliases: Aliases): ProvinceMatcher {
  let matcher = matchers.get(aliases);
  if (!matcher) matchers.set(aliases, (matcher = buildMatcher(aliases)));
  return matcher;
}

function buildMatcher(aliases: Aliases): ProvinceMatcher {
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
  // The whole match, spaces trimmed, rather than the group: the same match, but RE2 finds it
  // with its DFA alone, without the submatch pass (README, "Performance").
  const aliasIn = (cleanAddress: Sql): Sql =>
    codes.size === 0 ? sql`''` : sql`trim(reverse(regexp_extract(reverse(${matchTextOfClean(cleanAddress)}), ${literal(pattern)}, 0)))`;
  // An alias ending another (as words) must name the same province for the segment to decide.
  const suffixesAgree = [...codes].every(([longer, code]) =>
    [...codes].every(([shorter, other]) => !longer.endsWith(` ${shorter}`) || other === code),
  );
  const lastSegment = (cleanAddress: Sql): Sql => sql`regexp_extract(${cleanAddress}, '[^,]*$')`;
  return {
    aliasIn,
    createSegmentTable: (table, cleanAddress, from) =>
      `CREATE TEMP TABLE ${table} AS SELECT __segment,
         CASE WHEN __alias <> '' AND starts_with(reverse(${matchTextOfClean(sql`__segment`)}), ' ' || reverse(__alias) || ' ')
           THEN __alias END AS __segment_alias
       FROM (SELECT __segment, ${aliasIn(sql`__segment`)} AS __alias
             FROM (SELECT DISTINCT ${lastSegment(cleanAddress)} AS __segment FROM ${from}) WHERE __segment IS NOT NULL)`,
    aliasUsingSegment: (cleanAddress, segmentAlias) =>
      suffixesAgree ? sql`coalesce(${segmentAlias}, ${aliasIn(cleanAddress)})` : aliasIn(cleanAddress),
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
