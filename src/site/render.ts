import { CATALOG_CACHE, METADATA_CACHE } from '../catalog/media-types.ts';
import type { CatalogEntry } from '../catalog/queries.ts';
import { parseSearchQuery } from '../catalog/search.ts';
import { datasetDetailView, datasetListView, versionListView, versionView } from '../catalog/views.ts';
import { catalogFeed } from '../catalog/formats/atom.ts';
import { catalogCsv } from '../catalog/formats/catalog-csv.ts';
import { dataJson } from '../catalog/formats/data-json.ts';
import { dcatApJsonLd, dcatApTurtle } from '../catalog/formats/dcat-ap.ts';
import { sitemap } from '../catalog/formats/sitemap.ts';
import { FAVICON_SVG, robotsTxt } from '../catalog/formats/robots.ts';
import { openApiDocument } from '../catalog/formats/openapi.ts';
import type { ObjectHeaders } from '../ports/object-store.ts';
import { renderDatasetPage } from '../web/dataset.ts';
import { renderHomePage } from '../web/home.ts';
import { LANGS, type Lang } from '../web/i18n.ts';
import { siteKey, type SiteUrl } from './paths.ts';

/**
 * The catalog as static files: every answer of the API and the pages that does not depend on a
 * search, rendered from the catalog by the same functions the API's routes call, so that a file
 * and the route's answer are the same bytes with the same headers (test/integration/static-site.test.ts).
 * Pure: catalog entries in, files out; src/site/publish-site.ts writes them.
 */

/** The headers every static file is stored with (S3 and CloudFront serve them). */
export type SiteHeaders = ObjectHeaders & { contentType: string; cacheControl: string };

export interface SiteFile extends SiteUrl {
  key: string;
  headers: SiteHeaders;
  body: string;
  /**
   * Files of one dataset are written before the catalog-wide ones that link to them, so a new
   * dataset's page exists before the catalog page lists it.
   */
  scope: 'dataset' | 'catalog';
}

/** The catalog documents harvesters read; the API serves the same from these (src/api/routes/metadata.ts). */
export const CATALOG_DOCUMENTS: {
  path: string;
  headers: SiteHeaders;
  render: (entries: CatalogEntry[], base: string) => string;
}[] = [
  {
    path: '/catalog.jsonld',
    headers: { contentType: 'application/ld+json', cacheControl: METADATA_CACHE },
    render: dcatApJsonLd,
  },
  {
    path: '/catalog.ttl',
    headers: { contentType: 'text/turtle; charset=utf-8', cacheControl: METADATA_CACHE },
    render: dcatApTurtle,
  },
  {
    path: '/data.json',
    headers: { contentType: 'application/json', cacheControl: METADATA_CACHE },
    render: (e, b) => JSON.stringify(dataJson(e, b)),
  },
  {
    path: '/feed.atom',
    headers: { contentType: 'application/atom+xml; charset=utf-8', cacheControl: METADATA_CACHE },
    render: catalogFeed,
  },
  {
    path: '/catalog.csv',
    headers: {
      contentType: 'text/csv; charset=utf-8',
      cacheControl: METADATA_CACHE,
      contentDisposition: 'attachment; filename="catalog.csv"',
    },
    render: catalogCsv,
  },
  { path: '/sitemap.xml', headers: { contentType: 'application/xml; charset=utf-8', cacheControl: METADATA_CACHE }, render: sitemap },
  {
    path: '/robots.txt',
    headers: { contentType: 'text/plain; charset=utf-8', cacheControl: METADATA_CACHE },
    render: (_e, base) => robotsTxt(base),
  },
  { path: '/favicon.svg', headers: { contentType: 'image/svg+xml', cacheControl: METADATA_CACHE }, render: () => FAVICON_SVG },
  {
    path: '/openapi.json',
    headers: { contentType: 'application/json; charset=utf-8', cacheControl: METADATA_CACHE },
    render: (_e, base) => JSON.stringify(openApiDocument(base)),
  },
];

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/** Every static file of the catalog `entries` (loadCatalog), dataset files first. */
export function renderSite(entries: CatalogEntry[], base: string): SiteFile[] {
  const file = (scope: SiteFile['scope'], url: SiteUrl, headers: SiteFile['headers'], body: string): SiteFile => ({
    ...url,
    key: siteKey(url),
    headers,
    body,
    scope,
  });
  const json = (scope: SiteFile['scope'], path: string, body: unknown) =>
    file(scope, { path }, { contentType: JSON_TYPE, cacheControl: CATALOG_CACHE }, JSON.stringify(body));
  const page = (scope: SiteFile['scope'], path: string, lang: Lang, body: string) =>
    file(scope, { path, lang }, { contentType: HTML_TYPE, cacheControl: CATALOG_CACHE, contentLanguage: lang }, body);

  const files: SiteFile[] = [];
  for (const entry of entries) {
    const { dataset, latest, versions, withdrawn } = entry;
    const api = `/api/datasets/${dataset.id}`;
    const all = [...versions, ...withdrawn];
    for (const v of versions) files.push(json('dataset', `${api}/versions/${v.version}`, versionView(base, v)));
    files.push(json('dataset', `${api}/versions/latest`, versionView(base, latest)));
    files.push(json('dataset', `${api}/versions`, versionListView(base, dataset, all)));
    files.push(json('dataset', api, datasetDetailView(base, dataset, all)));
    for (const lang of LANGS) files.push(page('dataset', `/dataset/${dataset.id}`, lang, renderDatasetPage(base, lang, entry)));
  }
  files.push(json('catalog', '/api/datasets', datasetListView(base, entries, parseSearchQuery({}))));
  for (const lang of LANGS) files.push(page('catalog', '/', lang, renderHomePage(base, lang, entries)));
  for (const doc of CATALOG_DOCUMENTS) files.push(file('catalog', { path: doc.path }, doc.headers, doc.render(entries, base)));
  return files;
}
