import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { getDatasetWithVersions, listPublishedDatasets } from '../../catalog/queries.ts';
import { datasetPage, homePage } from '../../web/pages.ts';
import type { ApiDeps } from '../deps.ts';
import { pathParam, type RouteTable } from '../route.ts';
import { CATALOG_CACHE, html, type HttpResponse } from '../responses.ts';

/** The catalog page, server-rendered. Dataset pages live at /dataset/<id> (as in CKAN); /datasets/* are the files. */
export function pageRoutes(deps: ApiDeps): RouteTable {
  return {
    get: {
      '/': async () =>
        html(homePage(deps.publicBaseUrl, await listPublishedDatasets(deps.catalog)), { headers: { 'cache-control': CATALOG_CACHE } }),
      '/dataset/{id}': async (event) => {
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        return html(datasetPage(deps.publicBaseUrl, dataset, versions), { headers: { 'cache-control': CATALOG_CACHE } });
      },
    },
  };
}
