import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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
