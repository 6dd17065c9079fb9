import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../errors.ts';
import { json, type HttpResponse } from './responses.ts';

export interface PublicError {
  error: { status: number; code: string; message: string };
}

/**
 * The one place that turns errors into responses. AppErrors below 500 carry a public message;
 * middy's own http errors (e.g. the router's 404) are mapped the same way; anything else is
 * logged and becomes a plain 500 with no detail.
 */
export function errorHandler(logger: Pick<Logger, 'error'>): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
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
      request.response = json(body, {
        status: body.error.status,
        headers: { 'cache-control': 'no-store', ...(body.error.status === 405 ? { allow: 'GET, HEAD' } : {}) },
      });
    },
  };
}

const codeFor = (status: number): string =>
  ({ 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 410: 'gone' })[status] ?? 'client_error';
