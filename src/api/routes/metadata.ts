import { loadCatalog } from '../../catalog/queries.ts';
import { catalogFeed } from '../../catalog/formats/atom.ts';
import { catalogCsv } from '../../catalog/formats/catalog-csv.ts';
import { dataJson } from '../../catalog/formats/data-json.ts';
import { dcatApJsonLd, dcatApTurtle } from '../../catalog/formats/dcat-ap.ts';
import type { ApiDeps } from '../deps.ts';
import { text, type HttpResponse } from '../responses.ts';
import type { RouteTable } from '../route.ts';

/** Harvesters poll these; five minutes keeps a new version visible soon without rebuilding on every poll. */
export const METADATA_CACHE = 'public, max-age=300';

const document = (contentType: string, body: string, headers: Record<string, string> = {}): HttpResponse =>
  text(contentType, body, { headers: { 'cache-control': METADATA_CACHE, ...headers } });

/** The whole catalog in the formats national and foreign portals harvest. */
export function metadataRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;
  return {
    get: {
      '/catalog.jsonld': async () => document('application/ld+json', dcatApJsonLd(await loadCatalog(deps.catalog), base)),
      '/catalog.ttl': async () => document('text/turtle; charset=utf-8', dcatApTurtle(await loadCatalog(deps.catalog), base)),
      '/data.json': async () => document('application/json', JSON.stringify(dataJson(await loadCatalog(deps.catalog), base))),
      '/feed.atom': async () => document('application/atom+xml; charset=utf-8', catalogFeed(await loadCatalog(deps.catalog), base)),
      '/catalog.csv': async () =>
        document('text/csv; charset=utf-8', catalogCsv(await loadCatalog(deps.catalog), base), {
          'content-disposition': 'attachment; filename="catalog.csv"',
        }),
    },
  };
}
