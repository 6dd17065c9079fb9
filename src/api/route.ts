import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError } from '../errors.ts';
import type { HttpResponse } from './responses.ts';

export type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

/**
 * A resource's routes: path pattern (`/api/datasets/{id}`) → handler per method. GET routes
 * answer HEAD too; POST exists only where a protocol needs it (CKAN's Action API).
 */
export interface RouteTable {
  get: Record<string, Route>;
  post?: Record<string, Route>;
}

/** A path parameter, URL-decoded; a malformed escape is a 404, not a 500. */
export const pathParam = (event: APIGatewayProxyEventV2, name: string): string => {
  const raw = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return '\u0000invalid';
  }
};

export const queryParam = (event: APIGatewayProxyEventV2, name: string): string | undefined =>
  event.queryStringParameters?.[name] ?? undefined;

/**
 * The query parameters of a JSON API request, refusing any the route does not take: a misspelt
 * `pag=2` would otherwise be ignored without a word. (Pages ignore what they do not read: a
 * shared link carries `fbclid` and `utm_*` tags that must not turn it into an error.)
 */
export function apiParams(event: APIGatewayProxyEventV2, allowed: readonly string[]): Record<string, string | undefined> {
  const params = event.queryStringParameters ?? {};
  const unknown = Object.keys(params).find((name) => !allowed.includes(name));
  if (unknown !== undefined) {
    const takes = allowed.length ? `this address takes ${allowed.join(', ')}` : 'this address takes no parameters';
    throw new BadRequestError(`unknown parameter "${unknown.slice(0, 40)}": ${takes}`);
  }
  return params;
}
