import type { CatalogEntry } from '../catalog/queries.ts';
import {
  assertPageExists,
  frequencyCode,
  parseSearchQuery,
  provinceCoverage,
  searchDatasets,
  type SearchQuery,
} from '../catalog/search.ts';
import type { Localized } from '../policy/dataset-definition.ts';
import type { ValueMatch } from '../catalog/value-search.ts';
import { valueMatchViews } from '../catalog/views.ts';
import { fileUrl } from '../catalog/urls.ts';
import { formatCount, formatDate, html, type SafeHtml } from './html.ts';
import { LOCALES, pick, type Lang } from './i18n.ts';
import { messagesOf, pageHref, type PageContext } from './context.ts';
import { layout } from './layout.ts';
import { sparkline } from './charts.ts';

const HOME_FORMATS = ['csv', 'parquet', 'datapackage'] as const;

/** The first sentence-sized part of a description, cut at a word. */
export function shorten(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:.]+$/, '')}…`;
}

/** Art. 5 categories that some dataset of the catalog belongs to, with how many datasets each. */
function presentCategories(entries: CatalogEntry[]) {
  const byNumber = new Map<number, { number: number; vi: string; en: string; count: number }>();
  for (const { dataset } of entries) {
    for (const c of dataset.metadata.categories) {
      const seen = byNumber.get(c.number);
      byNumber.set(c.number, { ...c, count: (seen?.count ?? 0) + 1 });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** The update frequencies the catalog has, with how many datasets each. */
function presentFrequencies(entries: CatalogEntry[]) {
  const byCode = new Map<string, { code: string; label: Localized; count: number }>();
  for (const { dataset } of entries) {
    const code = frequencyCode(dataset.metadata);
    byCode.set(code, { code, label: dataset.metadata.updateFrequency, count: (byCode.get(code)?.count ?? 0) + 1 });
  }
  const order = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'annual'];
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return [...byCode.values()].sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
}

/**
 * The provinces in force (names from the tables' province columns, which list them), each with how
 * many datasets have data for it: a national export covers every province, a register the
 * provinces whose exports it holds.
 */
function presentProvinces(entries: CatalogEntry[]) {
  const names = new Map<string, string>();
  for (const { dataset } of entries) {
    for (const table of dataset.metadata.tables) {
      const codes = table.columns.find((c) => c.name === 'province_code')?.constraints?.enum ?? [];
      const labels = table.columns.find((c) => c.name === 'province_name')?.constraints?.enum ?? [];
      codes.forEach((code, i) => names.set(code, labels[i] ?? names.get(code) ?? code));
    }
  }
  const coverage = entries.map((e) => provinceCoverage(e.latest.sources));
  return [...names]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => ({ code, name, count: coverage.filter((c) => c === 'all' || c.includes(code)).length }));
}

function datasetCard(ctx: PageContext, { dataset, latest }: CatalogEntry, matches?: ValueMatch[]): SafeHtml {
  const t = messagesOf(ctx);
  const locale = LOCALES[ctx.lang];
  const m = dataset.metadata;
  const page = pageHref(ctx, `/dataset/${encodeURIComponent(m.id)}`);
  const published = latest.publishedAt ?? dataset.updatedAt;
  // One file of a format links straight to it; several (one per table) lead to the dataset's downloads.
  const formats = HOME_FORMATS.map((format) => ({ format, files: latest.files.filter((f) => f.format === format) }))
    .filter(({ files }) => files.length > 0)
    .map(({ format, files }) => {
      const href = files.length === 1 ? fileUrl(ctx.base, files[0]!.key) : `${page}#download`;
      return html`<a href="${href}">${t.fileFormats[format]}</a>`;
    });
  return html`<article class="card">
<h3><a href="${page}">${pick(m.title, ctx.lang)}</a></h3>
<p>${shorten(pick(m.description, ctx.lang))}</p>
<ul class="tags">${m.categories.map((c) => html`<li><a href="${pageHref(ctx, '/', { category: c.number })}">${t.category(c.number)} · ${pick(c, ctx.lang)}</a></li>`)}</ul>
<ul class="meta">
<li>${t.updated}: <time datetime="${published}">${formatDate(published, locale)}</time></li>
<li>${t.rows(formatCount(latest.rowCount, locale))}</li>
<li>${t.formats}: ${formats.map((link, i) => html`${i ? ' · ' : ''}${link}`)}</li>
<li>${t.kind[m.kind]}</li>
</ul>
${matches?.length ? html`<p class="matched">${valueMatchViews(dataset, matches).map((match, i) => html`${i ? html`<br>` : ''}${t.matchedValues(formatCount(match.rows, locale), pick(match.title, ctx.lang), match.examples, match.values)}`)}</p>` : ''}
${sparkline(ctx.lang, t, m, latest.charts)}
</article>`;
}

/** `/`: search box, category filter, one page of results. `results` is what `searchDatasets` returned for `query`. */
export function homePage(
  ctx: PageContext,
  catalog: CatalogEntry[],
  query: SearchQuery,
  found: { total: number; results: CatalogEntry[] },
  valueMatches: ReadonlyMap<string, ValueMatch[]> = new Map(),
): string {
  const t = messagesOf(ctx);
  const locale = LOCALES[ctx.lang];
  const pages = Math.max(1, Math.ceil(found.total / query.perPage));
  const perPage = ctx.query.per_page ? query.perPage : undefined;
  const at = (page: number) =>
    pageHref(ctx, '/', {
      q: query.q,
      category: query.category,
      frequency: query.frequency,
      province: query.province,
      kind: query.kind,
      sort: query.sort,
      per_page: perPage,
      page: page > 1 ? page : undefined,
    });
  const count = formatCount(found.total, locale);
  const filtered =
    query.q !== undefined ||
    query.category !== undefined ||
    query.kind !== undefined ||
    query.frequency !== undefined ||
    query.province !== undefined;
  const frequencies = presentFrequencies(catalog);
  const provinces = presentProvinces(catalog);
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return layout(ctx, {
    title: t.catalogTitle,
    description: t.catalogIntro,
    body: html`<h1>${t.catalogTitle}</h1>
<p class="lead">${t.catalogIntro}</p>
<form class="search" role="search" method="get" action="${ctx.base}/">
<div><label for="q">${t.searchLabel}</label><input id="q" name="q" type="search" value="${query.q ?? ''}" maxlength="200" autocomplete="off" aria-describedby="q-hint"></div>
<div><label for="category">${t.categoryLabel}</label><select id="category" name="category">
<option value="">${t.allCategories}</option>
${presentCategories(catalog).map(
  (c) =>
    html`<option value="${c.number}"${query.category === c.number ? html` selected` : ''}>${t.category(c.number)} · ${pick(c, ctx.lang)} (${c.count})</option>`,
)}
</select></div>
<div><label for="kind">${t.kindLabel}</label><select id="kind" name="kind">
${option('', t.allKinds, query.kind === undefined)}
${(['registry', 'aggregate'] as const).map((kind) => option(kind, `${t.kind[kind]} (${catalog.filter((e) => e.dataset.metadata.kind === kind).length})`, query.kind === kind))}
</select></div>
<div><label for="frequency">${t.frequencyLabel}</label><select id="frequency" name="frequency">
${option('', t.allFrequencies, query.frequency === undefined)}
${frequencies.map((f) => option(f.code, `${pick(f.label, ctx.lang)} (${f.count})`, query.frequency === f.code))}
</select></div>
<div><label for="province">${t.provinceLabel}</label><select id="province" name="province">
${option('', t.allProvinces, query.province === undefined)}
${provinces.map((p) => option(p.code, `${p.name} (${p.count})`, query.province === p.code))}
</select></div>
<div><label for="sort">${t.sortLabel}</label><select id="sort" name="sort">
${option('', t.sortRelevance, query.sort === undefined)}
${option('title', t.sortTitle, query.sort === 'title')}
${option('updated', t.sortUpdated, query.sort === 'updated')}
</select></div>
${ctx.lang !== 'vi' ? html`<input type="hidden" name="lang" value="${ctx.lang}">` : ''}${perPage ? html`<input type="hidden" name="per_page" value="${perPage}">` : ''}
<button type="submit">${t.searchButton}</button>
<p class="hint" id="q-hint">${t.searchHint}</p>
</form>
<section aria-labelledby="results">
<h2 id="results">${query.q ? t.resultCountFor(count, query.q) : t.resultCount(count)}${filtered ? html` <small><a href="${pageHref(ctx, '/')}">${t.clearSearch}</a></small>` : ''}</h2>
${found.results.length ? found.results.map((entry) => datasetCard(ctx, entry, valueMatches.get(entry.dataset.id))) : html`<p>${t.noResults}</p>`}
${
  pages > 1 || query.page > 1
    ? html`<nav class="pager" aria-label="${t.pagination}">
${query.page > 1 ? html`<a href="${at(Math.min(query.page - 1, pages))}" rel="prev">${t.previousPage}</a>` : ''}
<span aria-current="page">${t.pageOf(formatCount(query.page, locale), formatCount(pages, locale))}</span>
${query.page < pages ? html`<a href="${at(query.page + 1)}" rel="next">${t.nextPage}</a>` : ''}
</nav>`
    : ''
}
</section>`,
  });
}

/**
 * `/` in `lang` for a query string's search parameters (`q`, `category`, `page`, `per_page`):
 * the API's route with them, the static site (src/site/render.ts) without any.
 */
export function renderHomePage(
  base: string,
  lang: Lang,
  catalog: CatalogEntry[],
  params: Record<string, string | undefined> = {},
  valueMatches: ReadonlyMap<string, ValueMatch[]> = new Map(),
): string {
  const query = parseSearchQuery(params);
  const found = searchDatasets(catalog, (entry) => entry.dataset.metadata, query, {
    lang,
    updatedOf: (entry) => entry.latest.publishedAt ?? entry.dataset.updatedAt,
    valueMatches,
    provincesOf: (entry) => provinceCoverage(entry.latest.sources),
  });
  assertPageExists(query, found.total);
  const ctx = {
    base,
    lang,
    path: '/',
    query: {
      q: query.q,
      category: params.category,
      kind: query.kind,
      frequency: query.frequency,
      province: query.province,
      sort: query.sort,
      page: params.page,
      per_page: params.per_page,
    },
  };
  return homePage(ctx, catalog, query, found, valueMatches);
}
