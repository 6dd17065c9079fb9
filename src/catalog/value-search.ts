import type { ObjectStore } from '../ports/object-store.ts';
import { normaliseForMatch } from '../text.ts';
import type { VersionRecord } from './model.ts';

/** A version's search-index.json: each indexed column's distinct values and how many rows hold each. */
export interface ValueIndex {
  columns: {
    column: string;
    values: [value: string, rows: number][];
    /** Distinct values beyond the indexed ones (the least frequent): search does not find them. */
    valuesLeftOut?: number;
  }[];
}

/** Why a dataset matched a search: rows whose column holds every word, and a few of those values. */
export interface ValueMatch {
  column: string;
  /** Rows whose value matched. */
  rows: number;
  /** Distinct values that matched. */
  values: number;
  /** The values holding the most rows, at most EXAMPLES. */
  examples: string[];
}

const EXAMPLES = 3;

/** An index ready to search: every value in its matching form, computed once per loaded index. */
export interface PreparedIndex {
  columns: { column: string; values: { value: string; rows: number; text: string }[] }[];
}

export const prepareIndex = (index: ValueIndex): PreparedIndex => ({
  columns: index.columns.map(({ column, values }) => ({
    column,
    values: values.map(([value, rows]) => ({ value, rows, text: ` ${normaliseForMatch(value)} ` })),
  })),
});

/**
 * The columns whose values hold every word of `q` (each as the start of a word, with or without
 * diacritics, as the catalog search matches metadata): "bach mai" finds "Bệnh viện Bạch Mai".
 */
export function matchValues(index: PreparedIndex, q: string): ValueMatch[] {
  const words = normaliseForMatch(q).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const matches: ValueMatch[] = [];
  for (const { column, values } of index.columns) {
    const hits = values.filter((v) => words.every((w) => v.text.includes(` ${w}`)));
    if (hits.length === 0) continue;
    const examples = [...hits].sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value)).slice(0, EXAMPLES);
    matches.push({ column, rows: hits.reduce((sum, h) => sum + h.rows, 0), values: hits.length, examples: examples.map((h) => h.value) });
  }
  return matches;
}

/** Loads versions' search indexes from the public bucket; they never change, so each is read once. */
export interface ValueIndexes {
  loadIndex(key: string): Promise<PreparedIndex>;
}

const INDEXES_KEPT = 32;

export function valueIndexesIn(store: Pick<ObjectStore, 'get'>): ValueIndexes {
  const kept = new Map<string, Promise<PreparedIndex>>();
  return {
    loadIndex(key) {
      let index = kept.get(key);
      if (!index) {
        index = (async () => {
          const response = await store.get(key);
          if (response.status !== 200) throw new Error(`search index ${key}: ${response.status}`);
          const chunks: Buffer[] = [];
          for await (const chunk of response.body) chunks.push(chunk as Buffer);
          return prepareIndex(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ValueIndex);
        })();
        kept.set(key, index);
        index.catch(() => kept.delete(key));
        if (kept.size > INDEXES_KEPT) kept.delete(kept.keys().next().value!);
      }
      return index;
    },
  };
}

/** The search-index.json of a version, if its dataset indexes values. */
export const searchIndexFile = (version: VersionRecord | undefined) => version?.files.find((f) => f.format === 'search-index');

/**
 * For a search `q`, each dataset whose latest version's indexed values match, with why: the
 * datasets the catalog search then lists even when their metadata does not hold the words.
 */
export async function findValueMatches(
  indexes: ValueIndexes,
  entries: readonly { dataset: { id: string }; latest?: VersionRecord }[],
  q: string | undefined,
): Promise<Map<string, ValueMatch[]>> {
  const found = new Map<string, ValueMatch[]>();
  if (!q) return found;
  await Promise.all(
    entries.map(async ({ dataset, latest }) => {
      const file = searchIndexFile(latest);
      if (!file) return;
      const matches = matchValues(await indexes.loadIndex(file.key), q);
      if (matches.length) found.set(dataset.id, matches);
    }),
  );
  return found;
}
