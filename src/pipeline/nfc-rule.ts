/**
 * Which code points can make NFC change a text, straight from the Unicode data of the running
 * engine: every combining mark (category M), every code point NFC replaces, and every code point
 * that appears after the first place of some canonical decomposition (what can compose with the
 * character before it, such as Hangul vowel and final jamo). A text with none of them is already
 * in NFC: it is made of starters that never compose. Slow (about 0.2 s):
 * scripts/make-unicode-tables.ts applies it once to write nfc-table.ts, and a test checks that
 * table against it.
 */
export function codePointsNfcMayChange(): Set<number> {
  const mark = /^\p{M}$/u;
  const found = new Set<number>();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (mark.test(c) || c.normalize('NFC') !== c) found.add(cp);
    const decomposed = c.normalize('NFD');
    if (decomposed === c) continue;
    for (const later of [...decomposed].slice(1)) found.add(later.codePointAt(0)!);
  }
  return found;
}
