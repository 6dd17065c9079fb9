import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export type HttpResponse = Exclude<APIGatewayProxyResultV2, string>;

/** The only places that build responses: routes return these, errors go through error-handler.ts. */
export const json = (body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): HttpResponse => ({
  statusCode: init.status ?? 200,
  headers: { 'content-type': 'application/json; charset=utf-8', ...init.headers },
  body: JSON.stringify(body),
});

export const html = (body: string, init: { status?: number; headers?: Record<string, string> } = {}): HttpResponse => ({
  statusCode: init.status ?? 200,
  headers: { 'content-type': 'text/html; charset=utf-8', ...init.headers },
  body,
});

/** Any other document (Turtle, Atom, CSV…) with its media type. */
export const text = (
  contentType: string,
  body: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): HttpResponse => ({
  statusCode: init.status ?? 200,
  headers: { 'content-type': contentType, ...init.headers },
  body,
});

/** A file (a workbook): API Gateway and the local server carry it base64-encoded. */
export const binary = (contentType: string, body: Buffer, init: { headers?: Record<string, string> } = {}): HttpResponse => ({
  statusCode: 200,
  headers: { 'content-type': contentType, ...init.headers },
  body: body.toString('base64'),
  isBase64Encoded: true,
});

export const redirect = (location: string, cacheControl: string): HttpResponse => ({
  statusCode: 302,
  headers: { location, 'cache-control': cacheControl },
  body: '',
});
