import { datasetDetailView, datasetListView, versionListView, versionView, visibleVersions } from '../../catalog/views.ts';
import { parseSearchQuery, SEARCH_PARAMS } from '../../catalog/search.ts';
import { NotFoundError } from '../../errors.ts';
import { findVersionFile, getDatasetWithVersions, goneError, listPublishedDatasets } from '../../catalog/queries.ts';
import { fileUrl } from '../../catalog/urls.ts';
import { findValueMatches } from '../../catalog/value-search.ts';
import { IMMUTABLE } from '../../catalog/media-types.ts';
import type { ApiDeps } from '../deps.ts';
import { apiParams, pathParam, type RouteTable } from '../route.ts';
import { CATALOG_CACHE } from '../../catalog/media-types.ts';
import { json, redirect } from '../responses.ts';

/** /api/datasets… — the catalog as JSON, and redirects to the immutable download URLs. */
export function datasetRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: {
      '/api/datasets': async (event) => {
        const query = parseSearchQuery(apiParams(event, SEARCH_PARAMS));
        const all = await listPublishedDatasets(deps.catalog);
        const view = datasetListView(base, all, query, await findValueMatches(deps.tableFiles, all, query.q));
        // The paging links as RFC 8288 `Link` headers too, for clients that follow those.
        const links = (['next', 'prev'] as const).flatMap((rel) => (view.links[rel] ? [`<${view.links[rel]}>; rel="${rel}"`] : []));
        return json(view, { headers: { 'cache-control': CATALOG_CACHE, ...(links.length ? { link: links.join(', ') } : {}) } });
      },
      '/api/datasets/{id}/versions': async (event) => {
        apiParams(event, []);
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        return json(versionListView(base, dataset, versions), { headers: { 'cache-control': CATALOG_CACHE } });
      },
      '/api/datasets/{id}/versions/{version}': async (event) => {
        apiParams(event, []);
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        const wanted = pathParam(event, 'version');
        const tombstone = versions.find((v) => v.version === wanted && v.state === 'withdrawn');
        if (tombstone) throw goneError(tombstone);
        const version = visibleVersions(dataset, versions).find(
          (v) => v.version === (wanted === 'latest' ? dataset.latestVersion : wanted),
        );
        if (!version) throw new NotFoundError(`No version "${wanted}" of "${dataset.id}"`);
        return json(versionView(base, version), { headers: { 'cache-control': CATALOG_CACHE } });
      },
      '/api/datasets/{id}': async (event) => {
        apiParams(event, []);
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        return json(datasetDetailView(base, dataset, versions), { headers: { 'cache-control': CATALOG_CACHE } });
      },
      '/api/datasets/{id}/versions/{version}/{file}': async (event) => {
        apiParams(event, []);
        const { file } = await findVersionFile(deps.catalog, pathParam(event, 'id'), pathParam(event, 'version'), pathParam(event, 'file'));
        // Bytes never pass through the API: the public origin serves them (CloudFront on AWS).
        return redirect(fileUrl(base, file.key), IMMUTABLE);
      },
      '/api/datasets/{id}/latest/{file}': async (event) => {
        apiParams(event, []);
        const { file } = await findVersionFile(deps.catalog, pathParam(event, 'id'), 'latest', pathParam(event, 'file'));
        return redirect(fileUrl(base, file.key), CATALOG_CACHE);
      },
    },
  };
}
