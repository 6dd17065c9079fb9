import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { datasetDetailView, datasetSummaryView } from '../../catalog/views.ts';
import { findVersionFile, getDatasetWithVersions, listPublishedDatasets } from '../../catalog/queries.ts';
import { fileUrl } from '../../catalog/urls.ts';
import { IMMUTABLE } from '../../formats/media-types.ts';
import type { ApiDeps } from '../deps.ts';
import { pathParam, type RouteTable } from '../route.ts';
import { CATALOG_CACHE, json, redirect, type HttpResponse } from '../responses.ts';

/** /api/datasets… — the catalog as JSON, and redirects to the immutable download URLs. */
export function datasetRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: {
      '/api/datasets': async () => {
        const datasets = await listPublishedDatasets(deps.catalog);
        return json(
          { total: datasets.length, datasets: datasets.map(({ dataset, latest }) => datasetSummaryView(base, dataset, latest)) },
          { headers: { 'cache-control': CATALOG_CACHE } },
        );
      },
      '/api/datasets/{id}': async (event) => {
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        return json(datasetDetailView(base, dataset, versions), { headers: { 'cache-control': CATALOG_CACHE } });
      },
      '/api/datasets/{id}/versions/{version}/{file}': async (event) => {
        const { file } = await findVersionFile(deps.catalog, pathParam(event, 'id'), pathParam(event, 'version'), pathParam(event, 'file'));
        // Bytes never pass through the API: the public origin serves them (CloudFront on AWS).
        return redirect(fileUrl(base, file.key), IMMUTABLE);
      },
      '/api/datasets/{id}/latest/{file}': async (event) => {
        const { file } = await findVersionFile(deps.catalog, pathParam(event, 'id'), 'latest', pathParam(event, 'file'));
        return redirect(fileUrl(base, file.key), CATALOG_CACHE);
      },
    },
  };
}
