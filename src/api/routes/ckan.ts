import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadCatalog, loadTombstones } from '../../catalog/queries.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import { callAction, findAction } from '../ckan/actions.ts';
import { CkanValidationError } from '../ckan/errors.ts';
import type { CkanParams } from '../ckan/params.ts';
import type { ApiDeps } from '../deps.ts';
import { CATALOG_CACHE } from '../../catalog/media-types.ts';
import { json, text } from '../responses.ts';
import { datastoreCsv, datastoreRequest, datastoreSearch, findDatastoreResource } from '../ckan/datastore.ts';
import { pathParam, type Route, type RouteTable } from '../route.ts';

/**
 * CKAN's Action API, read-only, at /api/3/action/{name} and /api/action/{name} (where ckanapi
 * calls): GET with a query string, or POST with a JSON (or form) body, as CKAN takes both.
 * Answers, errors included, are CKAN's envelope, `{help, success, result | error}`: harvesters
 * and ckanapi read `error.__type`, so the project's generic error shape is kept for failures
 * that are not the caller's (a 500 stays a 500).
 */
export function ckanRoutes(deps: ApiDeps): RouteTable {
  const base = deps.publicBaseUrl;

  const action: Route = async (event) => {
    const name = pathParam(event, 'action');
    const help = `${base}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
    try {
      const found = findAction(name);
      const params = requestParams(event);
      if (name === 'datastore_search') return await datastore(params, help, event.requestContext.http.method);
      const entries = found?.needsCatalog ? await loadCatalog(deps.catalog) : [];
      // Only package_show answers for a withdrawn dataset (state: deleted).
      const tombstones = name === 'package_show' ? await loadTombstones(deps.catalog) : [];
      const result = callAction(name, entries, base, params, tombstones);
      const cache = event.requestContext.http.method === 'POST' ? 'no-store' : CATALOG_CACHE;
      return json({ help, success: true, result }, { headers: { 'cache-control': cache } });
    } catch (error) {
      const answer = ckanError(error);
      if (!answer) throw error;
      return json({ help, success: false, error: answer.error }, { status: answer.status, headers: { 'cache-control': 'no-store' } });
    }
  };

  /** Rows of a published table, read from its Parquet file: CKAN's envelope, or the rows as CSV with `format=csv`. */
  const datastore = async (params: CkanParams, help: string, method: string) => {
    const request = datastoreRequest(params);
    const resource = findDatastoreResource(await loadCatalog(deps.catalog), request.resourceId);
    const cache = method === 'POST' ? 'no-store' : CATALOG_CACHE;
    if (request.format === 'csv') {
      return text('text/csv; charset=utf-8', await datastoreCsv(deps.tableFiles, resource, request), {
        headers: {
          'cache-control': cache,
          'content-disposition': `attachment; filename="${resource.table.name}-${resource.version.version}-rows.csv"`,
        },
      });
    }
    const result = await datastoreSearch(deps.tableFiles, resource, request);
    return json({ help, success: true, result }, { headers: { 'cache-control': cache } });
  };

  return {
    get: {
      '/api/3': async () => json({ version: 3 }, { headers: { 'cache-control': CATALOG_CACHE } }),
      '/api/3/action/{action}': action,
      '/api/action/{action}': action,
    },
    post: {
      '/api/3/action/{action}': action,
      '/api/action/{action}': action,
    },
  };
}

/** CKAN's error dicts: `__type`, a message, and for a bad parameter its name with the reasons. */
function ckanError(error: unknown): { status: number; error: Record<string, unknown> } | undefined {
  if (error instanceof NotFoundError) return { status: 404, error: { __type: 'Not Found Error', message: error.message } };
  if (error instanceof CkanValidationError) {
    return { status: 400, error: { __type: 'Validation Error', message: error.message, [error.field]: [error.detail] } };
  }
  if (error instanceof BadRequestError) return { status: 400, error: { __type: 'Validation Error', message: error.message } };
  return undefined;
}

const header = (event: APIGatewayProxyEventV2, name: string): string =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? '';

/** The query string, then (POST) the body over it: JSON as ckanapi and harvesters send it, or a form. */
export function requestParams(event: APIGatewayProxyEventV2): CkanParams {
  const params: CkanParams = { ...(event.queryStringParameters ?? {}) };
  if (event.requestContext.http.method !== 'POST' || !event.body) return params;
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (body.trim() === '') return params;
  if (header(event, 'content-type').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new CkanValidationError('body', 'Not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CkanValidationError('body', 'Must be a JSON object');
  return { ...params, ...(parsed as CkanParams) };
}
