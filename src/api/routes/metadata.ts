import { loadCatalog } from '../../catalog/queries.ts';
import { CATALOG_DOCUMENTS } from '../../site/render.ts';
import type { ApiDeps } from '../deps.ts';
import { text } from '../responses.ts';
import type { RouteTable } from '../route.ts';

/**
 * The whole catalog in the formats national and foreign portals harvest, and the sitemap. They
 * are static files (src/site/); these routes answer when a file is missing.
 */
export function metadataRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: Object.fromEntries(
      CATALOG_DOCUMENTS.map((doc) => [
        doc.path,
        async () => {
          const { contentType, cacheControl, contentDisposition } = doc.headers;
          return text(contentType, doc.render(await loadCatalog(deps.catalog), base), {
            headers: { 'cache-control': cacheControl, ...(contentDisposition ? { 'content-disposition': contentDisposition } : {}) },
          });
        },
      ]),
    ),
  };
}
