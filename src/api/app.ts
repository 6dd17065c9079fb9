import middy, { type MiddlewareObj } from '@middy/core';
import httpRouterHandler, { type Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MethodNotAllowedError } from '../errors.ts';
import type { ApiDeps } from './deps.ts';
import { errorHandler } from './error-handler.ts';
import type { HttpResponse } from './responses.ts';
import { datasetRoutes } from './routes/datasets.ts';
import { pageRoutes } from './routes/pages.ts';
import { ckanRoutes } from './routes/ckan.ts';
import { metadataRoutes } from './routes/metadata.ts';
import { rowsRoutes } from './routes/rows.ts';
import type { RouteTable } from './route.ts';
import { responseCache } from './response-cache.ts';
import { langQuery, siteUrlOf } from '../site/paths.ts';

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, HttpResponse>;

/** Read-only site: GET and HEAD, and POST only where a route takes it (CKAN's Action API); else 405. */
function readOnly(postPaths: RegExp[]): Middleware {
  return {
    before: async (request) => {
      const { method, path } = request.event.requestContext.http;
      if (method === 'GET' || method === 'HEAD') return;
      if (method === 'POST' && postPaths.some((p) => p.test(path))) return;
      throw new MethodNotAllowedError();
    },
  };
}

const patternOf = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^/]+?\\?\}/g, '[^/]+')}/?$`);

/** Open CORS for reads, on every response including errors. */
const finishResponse: Middleware['after'] = async (request) => {
  const response = request.response;
  if (!response) return;
  response.headers = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff', ...response.headers };
};
const responseHeaders: Middleware = { after: finishResponse, onError: finishResponse };

/**
 * HEAD answers as GET would, without the body: the same headers, Content-Length included. Runs
 * last (registered first), so that the response cache sees a HEAD's whole body and gives it the
 * ETag a GET gets.
 */
const withoutBodyOnHead: Middleware['after'] = async (request) => {
  const response = request.response;
  if (!response || request.event.requestContext.http.method !== 'HEAD') return;
  if (response.headers?.['content-length'] === undefined && response.body) {
    const bytes = response.isBase64Encoded ? Buffer.from(response.body, 'base64').length : Buffer.byteLength(response.body);
    response.headers = { ...response.headers, 'content-length': String(bytes) };
  }
  response.body = '';
};
const headResponses: Middleware = { after: withoutBodyOnHead, onError: withoutBodyOnHead };

/**
 * CloudFront asks the public bucket for a static page or document first, at the object path its
 * viewer-request function chose (src/site/viewer-request.js), and on a miss (403/404) asks the API
 * with that same request: an unknown dataset, a withdrawn version, or a site not rendered yet. The
 * API answers the URL the viewer asked for.
 */
const staticFallback: Middleware = {
  before: (request) => {
    const event = request.event;
    const url = siteUrlOf(event.rawPath);
    if (!url) return;
    event.rawPath = url.path;
    event.requestContext.http.path = url.path;
    event.rawQueryString = langQuery(url.lang);
    event.queryStringParameters = url.lang && url.lang !== 'vi' ? { lang: url.lang } : undefined;
  },
};

/**
 * The public API and pages as one middy handler: API Gateway HTTP API events on AWS, the local
 * server's events locally. With `responseCacheMs`, rendered GET answers are reused that long
 * (and carry ETags); without it every request renders afresh.
 */
/** Every route the API serves (the OpenAPI test holds the description to this list). */
export const apiRouteTables = (deps: ApiDeps): RouteTable[] => [
  pageRoutes(deps),
  datasetRoutes(deps),
  rowsRoutes(deps),
  ckanRoutes(deps),
  metadataRoutes(deps),
];

export function createApiHandler(deps: ApiDeps, logger: Pick<Logger, 'error'>, options: { responseCacheMs?: number } = {}) {
  const tables = apiRouteTables(deps);
  const table: Route<APIGatewayProxyEventV2, HttpResponse>[] = tables.flatMap(({ get, post = {} }) => [
    ...Object.entries(get).flatMap(([path, handler]) =>
      (['GET', 'HEAD'] as const).map((method) => ({ method, path, handler: (event: APIGatewayProxyEventV2) => handler(event) })),
    ),
    ...Object.entries(post).map(([path, handler]) => ({
      method: 'POST' as const,
      path,
      handler: (event: APIGatewayProxyEventV2) => handler(event),
    })),
  ]);
  const postPaths = tables.flatMap(({ post = {} }) => Object.keys(post).map(patternOf));
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>().use(headResponses).use(staticFallback);
  if (options.responseCacheMs) handler.use(responseCache({ ttlMs: options.responseCacheMs }));
  return handler
    .use(responseHeaders)
    .use(errorHandler(logger, { publicBaseUrl: deps.publicBaseUrl }))
    .use(readOnly(postPaths))
    .handler(httpRouterHandler(table) as unknown as (event: APIGatewayProxyEventV2) => Promise<HttpResponse>);
}
