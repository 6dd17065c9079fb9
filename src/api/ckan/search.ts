import { normaliseForMatch } from '../../text.ts';
import type { CkanCatalog, CkanPackage } from './dicts.ts';
import { CkanValidationError } from './errors.ts';
import { intParam, listParam, stringParam, type CkanParams } from './params.ts';
import { isoMicros, matches, parseQuery, scoringWords, TERM_FIELDS, type QueryDocument, type QueryNode } from './query.ts';

/** CKAN's default order, and its `ckan.search.rows_max`. */
export const DEFAULT_SORT = 'score desc, metadata_modified desc';
export const DEFAULT_ROWS = 10;
export const MAX_ROWS = 1000;
const DEFAULT_FACET_LIMIT = 50;

export interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}

export interface PackageSearchResult {
  count: number;
  sort: string;
  facets: Record<string, Record<string, number>>;
  search_facets: Record<string, { title: string; items: FacetItem[] }>;
  results: Partial<CkanPackage>[];
}

const SORT_FIELDS = ['score', 'id', 'name', 'title_string', 'metadata_modified', 'metadata_created', 'num_resources', 'num_tags'] as const;
type SortField = (typeof SORT_FIELDS)[number];
/** Multi-valued or single string fields a facet can count. */
const FACET_FIELDS: readonly string[] = TERM_FIELDS.filter((f) => f !== 'id' && f !== 'name' && f !== 'version');

function documentOf(catalog: CkanCatalog, pkg: CkanPackage): QueryDocument {
  const micros = (t: string) => isoMicros(`${t}Z`) ?? 0;
  const titleEn = pkg.extras.find((e) => e.key === 'title_en')?.value ?? '';
  return {
    text: {
      text: catalog.searchText.get(pkg.name) ?? '',
      title: normaliseForMatch(`${pkg.title} ${titleEn}`),
      notes: normaliseForMatch(pkg.notes),
    },
    terms: {
      id: [pkg.id],
      name: [pkg.name],
      tags: pkg.tags.map((t) => t.name),
      groups: pkg.groups.map((g) => g.name),
      organization: [pkg.organization.name],
      owner_org: [pkg.owner_org],
      res_format: [...new Set(pkg.resources.map((r) => r.format))],
      license_id: [pkg.license_id],
      dataset_type: [pkg.type],
      type: [pkg.type],
      state: [pkg.state],
      capacity: ['public'],
      private: ['false'],
      version: [pkg.version],
    },
    dates: { metadata_modified: micros(pkg.metadata_modified), metadata_created: micros(pkg.metadata_created) },
    numbers: { num_resources: pkg.num_resources, num_tags: pkg.num_tags },
  };
}

/** Relevance, enough to rank: a word in the title counts most, then tags, then the description, then anything else. */
function score(doc: QueryDocument, words: string[]): number {
  const tags = ` ${normaliseForMatch(doc.terms.tags.join(' '))} `;
  const has = (text: string, w: string) => ` ${text} `.includes(` ${w}`);
  return words.reduce(
    (sum, w) => sum + (has(doc.text.title, w) ? 4 : 0) + (tags.includes(` ${w}`) ? 2 : 0) + (has(doc.text.notes, w) ? 1 : 0) + 0.5,
    0,
  );
}

function parseSort(raw: string): { field: SortField; desc: boolean }[] {
  return raw.split(',').map((part) => {
    const [field, direction, ...rest] = part.trim().split(/\s+/);
    const f = field === 'title' ? 'title_string' : field;
    if (!f || !(SORT_FIELDS as readonly string[]).includes(f)) {
      throw new CkanValidationError('sort', `Cannot sort on "${field ?? ''}"; use one of ${SORT_FIELDS.join(', ')}`);
    }
    if (rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
      throw new CkanValidationError('sort', `"${part.trim()}": give a field and asc or desc`);
    }
    return { field: f as SortField, desc: direction === 'desc' };
  });
}

const sortValue = (field: SortField, pkg: CkanPackage, s: number): string | number => {
  switch (field) {
    case 'score':
      return s;
    case 'title_string':
      return pkg.title;
    default:
      return pkg[field];
  }
};

const compare = (a: string | number, b: string | number): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

/** The queries of `q`, `fq` and `fq_list`, all of which must hold. */
function filters(params: CkanParams): { query: QueryNode; words: string[] } {
  const q = stringParam(params, 'q')?.trim() ?? '';
  const qNode = q === '' ? ({ kind: 'all' } as const) : parseQuery(q, 'q');
  const fqs = [stringParam(params, 'fq'), ...(listParam(params, 'fq_list') ?? [])].filter((f): f is string => !!f?.trim());
  return { query: { kind: 'and', items: [qNode, ...fqs.map((fq) => parseQuery(fq, 'fq'))] }, words: scoringWords(qNode) };
}

function facetsOf(catalog: CkanCatalog, found: { pkg: CkanPackage; doc: QueryDocument }[], params: CkanParams) {
  const fields = listParam(params, 'facet.field') ?? [];
  const limit = intParam(params, 'facet.limit', DEFAULT_FACET_LIMIT, { min: -1 });
  const minCount = intParam(params, 'facet.mincount', 1);
  const facets: PackageSearchResult['facets'] = {};
  const searchFacets: PackageSearchResult['search_facets'] = {};
  for (const field of fields) {
    if (!FACET_FIELDS.includes(field))
      throw new CkanValidationError('facet.field', `Cannot facet on "${field}"; use one of ${FACET_FIELDS.join(', ')}`);
    const counts = new Map<string, number>();
    for (const { doc } of found) {
      for (const value of new Set(doc.terms[field as (typeof TERM_FIELDS)[number]])) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const ordered = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, limit < 0 ? undefined : limit);
    facets[field] = Object.fromEntries(ordered);
    searchFacets[field] = {
      title: field,
      items: ordered.map(([name, count]) => ({ name, display_name: displayName(catalog, field, name), count })),
    };
  }
  return { facets, searchFacets };
}

function displayName(catalog: CkanCatalog, field: string, name: string): string {
  if (field === 'organization') return catalog.organizations.find((o) => o.name === name)?.title ?? name;
  if (field === 'groups') return catalog.groups.find((g) => g.name === name)?.display_name ?? name;
  return name;
}

/** `fl`: only these fields of each package (CKAN 2.9+), e.g. `fl=id,name,metadata_modified`. */
function pick(pkg: CkanPackage, fields: string[] | undefined): Partial<CkanPackage> {
  if (!fields) return pkg;
  return Object.fromEntries(fields.filter((f) => f in pkg).map((f) => [f, pkg[f as keyof CkanPackage]])) as Partial<CkanPackage>;
}

export function packageSearch(catalog: CkanCatalog, params: CkanParams): PackageSearchResult {
  const rows = intParam(params, 'rows', DEFAULT_ROWS, { max: MAX_ROWS });
  const start = intParam(params, 'start', 0);
  const sort = stringParam(params, 'sort')?.trim() || DEFAULT_SORT;
  const order = parseSort(sort);
  const { query, words } = filters(params);
  const fl = stringParam(params, 'fl')
    ?.split(/[\s,]+/)
    .filter(Boolean);

  const found = catalog.packages
    .map((pkg) => ({ pkg, doc: documentOf(catalog, pkg) }))
    .filter(({ doc }) => matches(query, doc))
    .map((f) => ({ ...f, score: score(f.doc, words) }));
  found.sort((a, b) => {
    for (const { field, desc } of order) {
      const c = compare(sortValue(field, a.pkg, a.score), sortValue(field, b.pkg, b.score));
      if (c !== 0) return desc ? -c : c;
    }
    return a.pkg.name.localeCompare(b.pkg.name);
  });
  const { facets, searchFacets } = facetsOf(catalog, found, params);
  return {
    count: found.length,
    sort,
    facets,
    search_facets: searchFacets,
    results: found.slice(start, start + rows).map(({ pkg }) => pick(pkg, fl && fl.length > 0 ? fl : undefined)),
  };
}
