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
