import { loadCatalog, getDatasetWithVersions } from '../../catalog/queries.ts';
import { parseSearchQuery, searchDatasets } from '../../catalog/search.ts';
import { visibleVersions } from '../../catalog/views.ts';
import { schemaOrgDataset } from '../../catalog/formats/schema-org.ts';
import { NotFoundError } from '../../errors.ts';
import { datasetPage } from '../../web/dataset.ts';
import { homePage } from '../../web/home.ts';
import { parseLang } from '../../web/i18n.ts';
import type { ApiDeps } from '../deps.ts';
import { pathParam, queryParam, type RouteTable } from '../route.ts';
import { CATALOG_CACHE, html } from '../responses.ts';

const pageHeaders = (lang: string) => ({ 'cache-control': CATALOG_CACHE, 'content-language': lang });

/** The catalog pages, server-rendered. Dataset pages live at /dataset/<id> (as in CKAN); /datasets/* are the files. */
export function pageRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: {
      '/': async (event) => {
        const params = event.queryStringParameters ?? {};
        const lang = parseLang(params.lang);
        const query = parseSearchQuery(params);
        const catalog = await loadCatalog(deps.catalog);
        const found = searchDatasets(catalog, (entry) => entry.dataset.metadata, query);
        const ctx = {
          base,
          lang,
          path: '/',
          query: { q: query.q, category: params.category, page: params.page, per_page: params.per_page },
        };
        return html(homePage(ctx, catalog, query, found), { headers: pageHeaders(lang) });
      },
      '/dataset/{id}': async (event) => {
        const lang = parseLang(queryParam(event, 'lang'));
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        const visible = visibleVersions(dataset, versions);
        const latest = visible.find((v) => v.version === dataset.latestVersion);
        if (!latest) throw new NotFoundError(`No dataset "${dataset.id}"`);
        const ctx = { base, lang, path: `/dataset/${encodeURIComponent(dataset.id)}`, query: {} };
        const withdrawn = versions.filter((v) => v.state === 'withdrawn').sort((a, b) => b.version.localeCompare(a.version));
        const jsonLd = schemaOrgDataset({ dataset, latest, versions: visible, withdrawn }, base);
        return html(datasetPage(ctx, { dataset, latest, versions: visible, withdrawn, jsonLd }), { headers: pageHeaders(lang) });
      },
    },
  };
}
