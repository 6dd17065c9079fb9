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

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, HttpResponse>;

/** Read-only site: GET and HEAD, nothing else. */
const readOnly: Middleware = {
  before: async (request) => {
    const method = request.event.requestContext.http.method;
    if (method !== 'GET' && method !== 'HEAD') throw new MethodNotAllowedError();
  },
};

/** Open CORS for reads and no body on HEAD, on every response including errors. */
const finishResponse: Middleware['after'] = async (request) => {
  const response = request.response;
  if (!response) return;
  response.headers = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff', ...response.headers };
  if (request.event.requestContext.http.method === 'HEAD') response.body = '';
};
const responseHeaders: Middleware = { after: finishResponse, onError: finishResponse };

/** The public API and pages as one middy handler: API Gateway HTTP API events on AWS, the local server's events locally. */
export function createApiHandler(deps: ApiDeps, logger: Pick<Logger, 'error'>) {
  const routes = { ...pageRoutes(deps), ...datasetRoutes(deps) };
  const table: Route<APIGatewayProxyEventV2, HttpResponse>[] = Object.entries(routes).flatMap(([path, handler]) =>
    (['GET', 'HEAD'] as const).map((method) => ({ method, path, handler: (event: APIGatewayProxyEventV2) => handler(event) })),
  );
  return middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(responseHeaders)
    .use(errorHandler(logger))
    .use(readOnly)
    .handler(httpRouterHandler(table) as unknown as (event: APIGatewayProxyEventV2) => Promise<HttpResponse>);
}
