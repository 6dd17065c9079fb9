/**
 * The rule of the gate's fold (normalise.ts) for one code point, straight from the Unicode data of
 * the running engine: '' when it is dropped, the ASCII character it becomes, or undefined when it
 * stays. Slow (about 0.1 s over every code point): scripts/make-unicode-tables.ts applies it once to
 * write fold-table.ts, and a test checks that table against it.
 */
const IGNORABLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const SPACE = /^\p{Zs}$/u;
const DASH = /^[\p{Pd}\u2212]$/u;

export function foldOfCodePoint(cp: number): string | undefined {
  const c = String.fromCodePoint(cp);
  if (IGNORABLE.test(c)) return '';
  if (SPACE.test(c)) return c === ' ' ? undefined : ' ';
  if (DASH.test(c)) return c === '-' ? undefined : '-';
  if (cp <= 0x7f) return undefined;
  const nfkc = c.normalize('NFKC');
  return nfkc.length === 1 && nfkc >= ' ' && nfkc <= '~' ? nfkc : undefined;
}
