/**
 * The text form used to compare names (places, titles, search terms, slugs): NFC → lower case → `đ` (and its look-alike `ð`, from
 * U+00D0/U+00F0) to `d` → NFD, combining marks dropped → every run of characters other than
 * [a-z0-9] becomes one space → trimmed. `TP.Hồ Chí Minh` → `tp ho chi minh`.
 *
 * Its SQL twin is matchText in src/pipeline/transforms.ts (the province match, run in DuckDB over
 * whole files): keep exactly this definition, step for step, or the two will disagree.
 */
export function normaliseForMatch(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[đð]/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
