import { literal } from './sql.ts';
import { matchTextOfClean } from './transforms.ts';

/**
 * The SQL twin of resolveProvinceFromAddress (src/reference/provinces.ts): of all aliases found
 * as whole words in the address, the one that ends last wins, and at the same end the longest.
 *
 * One regular expression instead of a join of every address with every alias: the address is
 * reversed, so the leftmost match is the one that ends last, and the alternatives are tried
 * longest first, so at that place the longest alias wins. RE2 runs it in one linear pass.
 *
 * `addresses` is a relation with a clean-text column `__address`; the query yields
 * (`__address`, `__address_province`) for the addresses that name a province.
 */
export function addressProvinceQuery(addresses: string, aliases: readonly { alias: string; code: string }[]): string {
  const codes = new Map<string, string>();
  for (const { alias, code } of aliases) {
    if (codes.has(alias) && codes.get(alias) !== code) throw new Error(`province alias "${alias}" names two provinces`);
    codes.set(alias, code);
  }
  if (codes.size === 0) return `SELECT NULL::VARCHAR AS __address, NULL::VARCHAR AS __address_province WHERE false`;
  const reversed = (s: string) => [...s].reverse().join('');
  const alternatives = [...codes.keys()]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((alias) => reversed(alias).replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  const pattern = ` (${alternatives.join('|')}) `;
  const table = [...codes].map(([alias, code]) => `(${literal(alias)}, ${literal(code)})`).join(', ');
  return `SELECT found.__address, known.code AS __address_province
    FROM (SELECT __address, reverse(regexp_extract(reverse(${matchTextOfClean('__address')}), ${literal(pattern)}, 1)) AS alias FROM ${addresses}) found
    JOIN (VALUES ${table}) known(alias, code) ON found.alias = known.alias`;
}
