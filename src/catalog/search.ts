import { BadRequestError, NotFoundError } from '../errors.ts';
import { normaliseForMatch } from '../text.ts';
import type { DatasetMetadata } from './model.ts';

export interface SearchQuery {
  q?: string;
  category?: number;
  /** Registers or aggregates only. */
  kind?: 'registry' | 'aggregate';
  /** How often it is updated: `frequencyCode` of the metadata's English wording (`daily`, `monthly`). */
  frequency?: string;
  /** Only datasets with data for this province (a national export covers every province). */
  province?: string;
  /** Relevance (the default: the phrase first, then by id), title (Vietnamese collation) or newest update first. */
  sort?: 'title' | 'updated';
  page: number;
  perPage: number;
}

/** The parameters a search reads, as a page or the API takes them. */
export const SEARCH_PARAMS = ['q', 'category', 'kind', 'frequency', 'province', 'sort', 'page', 'per_page'] as const;

/** `Monthly` → `monthly`: the update frequency as a filter value. */
export const frequencyCode = (m: Pick<DatasetMetadata, 'updateFrequency'>): string =>
  normaliseForMatch(m.updateFrequency.en).replace(/ /g, '-');

/** The provinces a version has data for: `all` when any export is national. */
export function provinceCoverage(sources: readonly { province?: string }[] | undefined): 'all' | string[] {
  if (!sources?.length || sources.some((s) => s.province === undefined)) return 'all';
  return [...new Set(sources.map((s) => s.province!))].sort();
}

export const MAX_PER_PAGE = 100;

/**
 * Reads `q`, `category`, `page`, `per_page` from a query string. Bad values are a 400 naming the
 * parameter, never a 500.
 */
export function parseSearchQuery(params: Record<string, string | undefined> = {}): SearchQuery {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d{1,6}$/.test(raw)) throw new BadRequestError(`${name} must be a whole number`);
    const n = Number(raw);
    if (n < min || n > max) throw new BadRequestError(`${name} must be between ${min} and ${max}`);
    return n;
  };
  const q = params.q?.trim();
  if (q && q.length > 200) throw new BadRequestError('q is longer than 200 characters');
  const category = params.category ? int('category', 0, 1, 24) : undefined;
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const raw = params[name];
    if (raw === undefined || raw === '') return undefined;
    if (!(allowed as readonly string[]).includes(raw)) throw new BadRequestError(`${name} must be one of ${allowed.join(', ')}`);
    return raw as T;
  };
  const pattern = (name: string, shape: RegExp, what: string): string | undefined => {
    const raw = params[name];
    if (raw === undefined || raw === '') return undefined;
    if (!shape.test(raw)) throw new BadRequestError(`${name} must be ${what}`);
    return raw;
  };
  return {
    q: q || undefined,
    category,
    kind: choice('kind', ['registry', 'aggregate'] as const),
    frequency: pattern('frequency', /^[a-z][a-z-]{0,39}$/, 'a frequency such as daily, weekly or monthly'),
    province: pattern('province', /^\d{2}$/, 'a two-digit province code'),
    sort: choice('sort', ['title', 'updated'] as const),
    page: int('page', 1, 1, 100_000),
    perPage: int('per_page', 20, 1, MAX_PER_PAGE),
  };
}

/**
 * Everything a dataset is found by: titles, descriptions, keywords, column names and titles, in
 * both languages, and the categories its tables count by (a disease, an ICD chapter, a province):
 * "sởi" or "measles" finds the notifiable diseases.
 */
export function searchText(m: DatasetMetadata): string {
  const columns = m.tables.flatMap((t) =>
    t.columns.flatMap((c) => [c.name.replace(/_/g, ' '), c.title.vi, c.title.en, ...(c.constraints?.enum ?? [])]),
  );
  return normaliseForMatch(
    [
      m.id,
      m.title.vi,
      m.title.en,
      m.description.vi,
      m.description.en,
      ...m.keywords.vi,
      ...m.keywords.en,
      ...columns,
      ...m.categories.flatMap((c) => [c.vi, c.en]),
    ].join(' '),
  );
}

/** Page 1 exists even when nothing matches; any later page must hold a result (else a 404). */
export function assertPageExists(query: Pick<SearchQuery, 'page' | 'perPage'>, total: number): void {
  if (query.page > 1 && (query.page - 1) * query.perPage >= total) {
    throw new NotFoundError(
      `There is no page ${query.page}: ${total} datasets make ${Math.max(1, Math.ceil(total / query.perPage))} page(s)`,
    );
  }
}

/**
 * Matches when every word of `q` occurs (as the start of a word), with or without diacritics
 * ("benh vien" finds "bệnh viện"); filters by Art. 5 category and kind; pages. Datasets holding the
 * whole phrase come first (in the title before elsewhere), then by id; or, with `sort`, by title in
 * the language's collation (Vietnamese: đ after d, tones after the letter) or newest update first.
 */
export function searchDatasets<T>(
  items: T[],
  metadataOf: (item: T) => DatasetMetadata,
  query: SearchQuery,
  options: {
    updatedOf?: (item: T) => string;
    lang?: 'vi' | 'en';
    /** Datasets whose published values hold the words (value-search.ts): found even when their metadata does not. */
    valueMatches?: ReadonlyMap<string, readonly unknown[]>;
    /** The provinces an item has data for (provinceCoverage), for the `province` filter. */
    provincesOf?: (item: T) => 'all' | readonly string[];
  } = {},
): { total: number; results: T[] } {
  const phrase = query.q ? normaliseForMatch(query.q) : '';
  const words = phrase.split(' ').filter(Boolean);
  const scored: { item: T; score: number; id: string }[] = [];
  for (const item of items) {
    const m = metadataOf(item);
    if (query.category !== undefined && !m.categories.some((c) => c.number === query.category)) continue;
    if (query.kind !== undefined && m.kind !== query.kind) continue;
    if (query.frequency !== undefined && frequencyCode(m) !== query.frequency) continue;
    if (query.province !== undefined) {
      const covered = options.provincesOf?.(item) ?? 'all';
      if (covered !== 'all' && !covered.includes(query.province)) continue;
    }
    const text = ` ${searchText(m)} `;
    const inValues = (options.valueMatches?.get(m.id)?.length ?? 0) > 0;
    if (!words.every((w) => text.includes(` ${w}`)) && !inValues) continue;
    const title = ` ${normaliseForMatch(`${m.title.vi} ${m.title.en}`)} `;
    const score = words.length === 0 ? 0 : title.includes(` ${phrase} `) ? 2 : text.includes(` ${phrase} `) || inValues ? 1 : 0;
    scored.push({ item, score, id: m.id });
  }
  const lang = options.lang ?? 'vi';
  const collator = new Intl.Collator(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const updated = (item: T) => options.updatedOf?.(item) ?? '';
  const byRelevance = (a: (typeof scored)[number], b: (typeof scored)[number]) => b.score - a.score || a.id.localeCompare(b.id);
  scored.sort(
    query.sort === 'title'
      ? (a, b) => collator.compare(metadataOf(a.item).title[lang], metadataOf(b.item).title[lang]) || a.id.localeCompare(b.id)
      : query.sort === 'updated'
        ? (a, b) => updated(b.item).localeCompare(updated(a.item)) || byRelevance(a, b)
        : byRelevance,
  );
  const start = (query.page - 1) * query.perPage;
  return { total: scored.length, results: scored.slice(start, start + query.perPage).map((s) => s.item) };
}
