import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ICD-10 chapters (WHO 2019) with their code ranges; derived by scripts/derive-icd10-chapters.ts. */
export interface Icd10Chapter {
  chapter: string;
  from: string;
  to: string;
  en: string;
  vi: string;
}

let cache: Icd10Chapter[] | undefined;

export function loadIcd10Chapters(): Icd10Chapter[] {
  cache ??= JSON.parse(readFileSync(join(import.meta.dirname, 'data/icd10-chapters-who-2019.json'), 'utf8')) as Icd10Chapter[];
  return cache;
}

/** The chapter of a code such as `I21.9`, `I219` or `c34` (by its first three characters). */
export function icd10Chapter(code: string): Icd10Chapter | undefined {
  const c3 = code.replace(/[\s.]/g, '').toUpperCase().slice(0, 3);
  if (!/^[A-Z]\d\d$/.test(c3)) return undefined;
  return loadIcd10Chapters().find((c) => c3 >= c.from && c3 <= c.to);
}
