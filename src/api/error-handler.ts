import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../errors.ts';
import { errorPage } from '../web/error-page.ts';
import { parseLang } from '../web/i18n.ts';
import { html, json, type HttpResponse } from './responses.ts';

export interface PublicError {
  error: { status: number; code: string; message: string };
}

/**
 * Where a person lands rather than a program: the pages (`/`, `/dataset/<id>`) and any other path
 * outside the JSON API with no file extension. Catalog documents (`/data.json`, `/feed.atom`) and
 * the API keep JSON errors.
 */
const isPage = (path: string): boolean => !path.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(path);

/**
 * The one place that turns errors into responses. AppErrors below 500 carry a public message;
 * middy's own http errors (e.g. the router's 404) are mapped the same way; anything else is
 * logged and becomes a plain 500 with no detail. A page request gets the same status and message
 * as an HTML page in its language (src/web/error-page.ts), the API its JSON.
 */
export function errorHandler(
  logger: Pick<Logger, 'error'>,
  site: { publicBaseUrl: string },
): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      const error = request.error;
      const httpError = error as { statusCode?: unknown; expose?: unknown; message?: string } | null;
      let body: PublicError;
      if (error instanceof AppError && error.status < 500) {
        body = { error: error.toJSON() };
      } else if (typeof httpError?.statusCode === 'number' && httpError.statusCode < 500 && httpError.expose === true) {
        body = { error: { status: httpError.statusCode, code: codeFor(httpError.statusCode), message: String(httpError.message) } };
      } else {
        logger.error('unhandled error', error ?? new Error('unknown'));
        body = { error: { status: 500, code: 'internal_error', message: 'Internal server error' } };
      }
      const init = {
        status: body.error.status,
        headers: { 'cache-control': 'no-store', ...(body.error.status === 405 ? { allow: 'GET, HEAD' } : {}) },
      };
      const event = request.event;
      request.response = isPage(event.requestContext.http.path)
        ? html(errorPage(site.publicBaseUrl, parseLang(event.queryStringParameters?.lang), body.error), {
            ...init,
            headers: { ...init.headers, 'content-language': parseLang(event.queryStringParameters?.lang) },
          })
        : json(body, init);
    },
  };
}

const codeFor = (status: number): string =>
  ({ 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 410: 'gone' })[status] ?? 'client_error';
