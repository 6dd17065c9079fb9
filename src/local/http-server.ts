import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { ObjectStore, StoredObject } from '../ports/object-store.ts';
import type { HttpResponse } from '../api/responses.ts';
import { localLambdaContext } from './lambda-context.ts';
import { SITE_PREFIX } from '../site/paths.ts';
import { edgeQuerystring, type EdgeRequest, type ViewerRequestFunction } from '../site/viewer-request.ts';

type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The local stand-in for CloudFront: `/datasets/*` streams straight from the public bucket (as
 * the S3 origin does on AWS, Range and ETag included); everything else becomes an API Gateway
 * HTTP API v2 event for the very handler that runs on Lambda. With `viewerRequest` (the
 * distribution's CloudFront Function, src/site/viewer-request.js), a GET or HEAD goes through it
 * first, as on the default behaviour: a URL it maps onto the static site (`/site/…`) is served
 * from the public bucket when the object is there, and otherwise goes to the API rewritten, as
 * CloudFront's origin failover sends it.
 */
export function createLocalServer(
  api: ApiHandler,
  publicFiles: ObjectStore,
  options: {
    /** Why the file at `key` was withdrawn (Art. 24.1), if it was: the answer is then 410, not 404. */
    withdrawnBecause?: (key: string) => Promise<string | undefined>;
    /** The CloudFront Function of the default behaviour (loadViewerRequest()): serves the static site. */
    viewerRequest?: ViewerRequestFunction;
  } = {},
): Server {
  return createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (error) {
      console.error('local server error', error);
      if (!res.headersSent) writeJson(res, 500, { error: { status: 500, code: 'internal_error', message: 'Internal server error' } });
      else res.destroy();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Concatenated, not resolved: a path such as `//host/x` must stay a path, as on API Gateway.
    let url: URL;
    try {
      url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
    } catch {
      return writeJson(res, 400, { error: { status: 400, code: 'bad_request', message: 'Malformed request target' } });
    }
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/datasets/') && (method === 'GET' || method === 'HEAD')) {
      await serveFile(req, res, url.pathname, method);
      return;
    }
    if (options.viewerRequest && (method === 'GET' || method === 'HEAD')) {
      const edge = options.viewerRequest({ request: { method, uri: url.pathname, querystring: edgeQuerystring(url.search.slice(1)) } });
      if (edge.uri !== url.pathname) {
        if (edge.uri.startsWith(`/${SITE_PREFIX}`) && (await serveSiteObject(req, res, edge.uri.slice(1), method))) return;
        url = new URL(`http://localhost${edge.uri}${queryOf(edge)}`);
      }
    }
    const body = hasBody(req) ? await readBody(req) : undefined;
    const response = await api(toEvent(req, url, body), localLambdaContext('api'));
    const payload = response.isBase64Encoded && response.body ? Buffer.from(response.body, 'base64') : (response.body ?? '');
    const headers = flattenHeaders(response.headers);
    const status = response.statusCode ?? 200;
    // As API Gateway does: a length, not chunks (HEAD keeps the length the handler gave, if any;
    // 204 and 304 have none).
    if (headers['content-length'] === undefined && method !== 'HEAD' && status !== 204 && status !== 304) {
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    res.writeHead(status, headers);
    res.end(payload);
  }

  /** A static page or document as the S3 origin answers it, with the response headers policy's CORS and nosniff; false when missing. */
  async function serveSiteObject(req: IncomingMessage, res: ServerResponse, key: string, method: string): Promise<boolean> {
    const object = await publicFiles.head(key);
    if (!object) return false;
    await sendObject(req, res, key, object, method, { 'x-content-type-options': 'nosniff' });
    return true;
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string, method: string): Promise<void> {
    let key: string;
    try {
      key = decodeURIComponent(pathname.slice(1));
    } catch {
      return writeJson(res, 400, { error: { status: 400, code: 'bad_request', message: 'Malformed path' } });
    }
    // S3 keys are at most 1024 bytes; control characters never occur in published keys.
    if (
      Buffer.byteLength(key) > 1024 ||
      /[\u0000-\u001f\u007f]/.test(key) ||
      key.split('/').some((part) => part === '' || part === '.' || part === '..')
    ) {
      return writeJson(res, 404, { error: { status: 404, code: 'not_found', message: 'Not found' } });
    }
    const object = await publicFiles.head(key);
    if (!object) {
      const reason = await options.withdrawnBecause?.(key);
      if (reason) return writeJson(res, 410, { error: { status: 410, code: 'gone', message: reason } });
      return writeJson(res, 404, { error: { status: 404, code: 'not_found', message: 'Not found' } });
    }
    await sendObject(req, res, key, object, method);
  }

  async function sendObject(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    object: StoredObject,
    method: string,
    extra: Record<string, string> = {},
  ): Promise<void> {
    const got = await publicFiles.get(key, { range: header(req, 'range'), ifNoneMatch: header(req, 'if-none-match') });
    const common = {
      'access-control-allow-origin': '*',
      'accept-ranges': 'bytes',
      etag: ('etag' in got ? got.etag : undefined) ?? object.etag ?? '',
      ...extra,
    };
    if (got.status === 416) {
      res.writeHead(416, { ...common, 'content-range': `bytes */${object.size}` });
      res.end();
      return;
    }
    if (got.status === 304) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    res.writeHead(got.status, {
      ...common,
      'content-type': got.headers.contentType ?? 'application/octet-stream',
      'content-length': String(got.contentLength),
      ...(got.headers.contentDisposition ? { 'content-disposition': got.headers.contentDisposition } : {}),
      ...(got.headers.cacheControl ? { 'cache-control': got.headers.cacheControl } : {}),
      ...(got.headers.contentLanguage ? { 'content-language': got.headers.contentLanguage } : {}),
      ...(got.contentRange ? { 'content-range': got.contentRange } : {}),
      ...(got.lastModified ? { 'last-modified': got.lastModified.toUTCString() } : {}),
    });
    if (method === 'HEAD') {
      got.body.destroy();
      res.end();
      return;
    }
    await pipeline(got.body, res);
  }
}

/** The query string CloudFront forwards after the function: the values as the function left them. */
function queryOf(request: EdgeRequest): string {
  const parts: string[] = [];
  for (const name in request.querystring) {
    const p = request.querystring[name]!;
    for (const { value } of p.multiValue ?? [{ value: p.value }]) parts.push(value === '' ? name : `${name}=${value}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function toEvent(req: IncomingMessage, url: URL, body: string | undefined): APIGatewayProxyEventV2 {
  // Node already lower-cases names and joins repeated headers; only set-cookie stays a list.
  const headers: Record<string, string> = {};
  for (const name in req.headers) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  let query: Record<string, string> | undefined;
  if (url.search) {
    // No prototype: `?__proto__=x` or `?toString=x` are parameters like any other.
    query = Object.create(null) as Record<string, string>;
    for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: query && Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: safeDecodePath(url.pathname),
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `${now}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body,
    isBase64Encoded: false,
  };
}

/** API Gateway passes the decoded path to the integration; a malformed escape stays as sent. */
const safeDecodePath = (path: string): string => {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
};

/** A request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3): nothing to wait for. */
const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function flattenHeaders(headers: HttpResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) flat[name] = String(headers[name]);
  return flat;
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' });
  res.end(JSON.stringify(body));
}
