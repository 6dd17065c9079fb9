import { loadCatalog, getDatasetWithVersions } from '../../catalog/queries.ts';
import { visibleVersions } from '../../catalog/views.ts';
import { findValueMatches } from '../../catalog/value-search.ts';
import { NotFoundError } from '../../errors.ts';
import { renderDatasetPage } from '../../web/dataset.ts';
import { renderHomePage } from '../../web/home.ts';
import { renderApiPage } from '../../web/api-page.ts';
import { parseLang } from '../../web/i18n.ts';
import type { ApiDeps } from '../deps.ts';
import { pathParam, queryParam, type RouteTable } from '../route.ts';
import { CATALOG_CACHE } from '../../catalog/media-types.ts';
import { html } from '../responses.ts';

const pageHeaders = (lang: string) => ({ 'cache-control': CATALOG_CACHE, 'content-language': lang });

/**
 * The catalog pages, server-rendered. Dataset pages live at /dataset/<id> (as in CKAN); /datasets/* are the files.
 * Without a search they are static files (src/site/): these routes answer searches, and any page
 * whose file is missing.
 */
export function pageRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: {
      '/': async (event) => {
        const params = event.queryStringParameters ?? {};
        const lang = parseLang(params.lang);
        const catalog = await loadCatalog(deps.catalog);
        const matches = await findValueMatches(deps.tableFiles, catalog, params.q?.trim().slice(0, 200));
        return html(renderHomePage(base, lang, catalog, params, matches), { headers: pageHeaders(lang) });
      },
      '/api': async (event) => {
        const lang = parseLang(queryParam(event, 'lang'));
        return html(renderApiPage(base, lang), { headers: pageHeaders(lang) });
      },
      '/dataset/{id}': async (event) => {
        const lang = parseLang(queryParam(event, 'lang'));
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        const visible = visibleVersions(dataset, versions);
        const latest = visible.find((v) => v.version === dataset.latestVersion);
        if (!latest) throw new NotFoundError(`No dataset "${dataset.id}"`);
        const withdrawn = versions.filter((v) => v.state === 'withdrawn').sort((a, b) => b.version.localeCompare(a.version));
        return html(renderDatasetPage(base, lang, { dataset, latest, versions: visible, withdrawn }), { headers: pageHeaders(lang) });
      },
    },
  };
}
