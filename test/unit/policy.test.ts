import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_NUMBERS,
  CLOSED_CLASSES,
  FIELD_CLASSES,
  isPublishable,
  strippedReason,
  type FieldClass,
} from '../../src/policy/decree-102.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const decreeLines = (file: string): string[] =>
  readFileSync(join(fixtures, file), 'utf8')
    .normalize('NFC')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** Art. 9.2 points a)–c), keyed by letter: the secret named and the Art. 5 clauses listed. */
function parseArticle92(): Map<string, { secret: string; clauses: number[] }> {
  const points = new Map<string, { secret: string; clauses: number[] }>();
  for (const line of decreeLines('decree-102-art-9-2.txt')) {
    const point = /^([a-c])\) Thông tin liên quan đến (bí mật [^,]+?)(?:,| trong)/u.exec(line);
    const list = /các khoản ([\d, ]+) và (\d+) Điều 5/u.exec(line);
    if (!point || !list) throw new Error(`fixture line not understood: ${line.slice(0, 80)}`);
    const clauses = [...list[1]!.split(',').map((n) => Number(n.trim())), Number(list[2])];
    points.set(point[1]!, { secret: point[2]!, clauses });
  }
  return points;
}

/** Art. 5 clauses 1–24: number → the words of `Thông tin về …`. */
function parseArticle5(): Map<number, string> {
  const clauses = new Map<number, string>();
  for (const line of decreeLines('decree-102-art-5.txt')) {
    const m = /^(\d+)\. Thông tin về (.+)\.$/u.exec(line);
    if (m) clauses.set(Number(m[1]), m[2]!);
  }
  return clauses;
}

const words = (text: string): string[] => text.toLowerCase().match(/\p{L}+/gu) ?? [];

/** True when every word of `needle` appears in `haystack`, in the same order. */
const isWordSubsequence = (needle: string, haystack: string): boolean => {
  const hay = words(haystack);
  let at = 0;
  for (const w of words(needle)) {
    at = hay.indexOf(w, at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
};

describe('Art. 9.2 secret classes', () => {
  it('the fixture holds exactly points a, b and c, each with a list of Art. 5 clauses', () => {
    // Prepare / Act
    const points = parseArticle92();

    // Assess
    expect([...points.keys()]).toEqual(['a', 'b', 'c']);
    expect(points.get('a')!.secret).toBe('bí mật kinh doanh');
    expect(points.get('b')!.secret).toBe('bí mật đời sống riêng tư');
    expect(points.get('c')!.secret).toBe('bí mật gia đình');
    for (const { clauses } of points.values()) {
      expect(clauses.length).toBeGreaterThan(5);
      expect(clauses.every((n) => Number.isInteger(n) && n >= 1 && n <= 24)).toBe(true);
    }
  });

  it.each([
    ['a', 'business-secret'],
    ['b', 'private-secret'],
    ['c', 'family-secret'],
  ] as const)('point %s: %s lists exactly the Art. 5 clauses the decree names', (letter, fieldClass) => {
    // Prepare
    const point = parseArticle92().get(letter)!;

    // Act
    const rule = CLOSED_CLASSES[fieldClass];

    // Assess
    expect(rule.provision).toBe(`Art. 9.2.${letter}`);
    expect(rule.categories).toEqual(point.clauses);
    expect(rule.vi.toLowerCase().startsWith(point.secret)).toBe(true);
  });

  it('only the three secret classes cite Art. 9.2; the others apply to every category', () => {
    // Prepare
    const citing92 = Object.entries(CLOSED_CLASSES).filter(([, rule]) => rule.provision.startsWith('Art. 9.2'));

    // Assess
    expect(citing92.map(([name]) => name).sort()).toEqual(['business-secret', 'family-secret', 'private-secret']);
    expect(CLOSED_CLASSES.personal.categories).toBeUndefined();
    expect(CLOSED_CLASSES['state-secret'].categories).toBeUndefined();
    expect(CLOSED_CLASSES['state-secret'].provision).toBe('Art. 1.2');
  });

  it('has a rule for every field class except open', () => {
    expect(Object.keys(CLOSED_CLASSES).sort()).toEqual(FIELD_CLASSES.filter((c) => c !== 'open').sort());
  });
});

describe('Art. 5 categories', () => {
  it('are numbered 1 to 24, each with a Vietnamese and an English name', () => {
    // Act
    const numbers = Object.keys(CATEGORIES).map(Number);

    // Assess
    expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(CATEGORY_NUMBERS).toEqual(numbers);
    for (const n of CATEGORY_NUMBERS) {
      const { vi, en } = CATEGORIES[n];
      expect(vi.trim()).not.toBe('');
      expect(en.trim()).not.toBe('');
      expect(vi).toBe(vi.normalize('NFC'));
      expect(vi).not.toBe(en);
    }
    expect(new Set(CATEGORY_NUMBERS.map((n) => CATEGORIES[n].vi)).size).toBe(24);
    expect(new Set(CATEGORY_NUMBERS.map((n) => CATEGORIES[n].en)).size).toBe(24);
  });

  it('each Vietnamese name is drawn, word by word in order, from the clause of the same number', () => {
    // Prepare
    const clauses = parseArticle5();
    expect([...clauses.keys()]).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));

    // Act
    const mismatched = CATEGORY_NUMBERS.filter((n) => !isWordSubsequence(CATEGORIES[n].vi, clauses.get(n)!));

    // Assess
    expect(mismatched).toEqual([]);
  });

  it('the word check does tell clauses apart (a name does not fit its neighbour)', () => {
    const clauses = parseArticle5();
    expect(isWordSubsequence(CATEGORIES[6].vi, clauses.get(7)!)).toBe(false);
    expect(isWordSubsequence(CATEGORIES[20].vi, clauses.get(21)!)).toBe(true); // 21 contains 20's words
    expect(isWordSubsequence(CATEGORIES[21].vi, clauses.get(20)!)).toBe(false);
  });
});

describe('isPublishable and strippedReason', () => {
  it('only open fields are publishable', () => {
    // Act
    const publishable = FIELD_CLASSES.filter((c) => isPublishable(c));

    // Assess
    expect(publishable).toEqual(['open']);
    expect(FIELD_CLASSES).toHaveLength(6);
  });

  it('strippedReason of open throws', () => {
    expect(() => strippedReason('open')).toThrow('open fields are not stripped');
  });

  it.each(FIELD_CLASSES.filter((c) => c !== 'open'))('strippedReason(%s) cites its provision in both languages', (fieldClass) => {
    // Act
    const reason = strippedReason(fieldClass as FieldClass);

    // Assess
    const rule = CLOSED_CLASSES[fieldClass as Exclude<FieldClass, 'open'>];
    expect(reason).toEqual({ provision: rule.provision, vi: rule.vi, en: rule.en });
    expect(Object.keys(reason).sort()).toEqual(['en', 'provision', 'vi']);
    expect(reason.provision).toMatch(/^Art\. \d/);
  });
});
