import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResponse } from './responses.ts';

export interface ResponseCacheOptions {
  /** How long a rendered answer is reused; the catalog answers carry max-age=60 anyway. */
  ttlMs: number;
  /** Bodies kept at most, in bytes, over all entries (oldest entries leave first). */
  maxBytes?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  response: HttpResponse;
  bytes: number;
}

/**
 * Rendered GET answers reused for `ttlMs`, keyed by path and query string (no route reads
 * anything else of a GET). Every cached answer gets a strong ETag, so a harvester's
 * `If-None-Match` gets a 304 without the body, and its Content-Length (counted once, not per
 * request: for a 20 kB Vietnamese JSON body counting UTF-8 bytes costs more than the rest of a
 * cached answer). Only 200s are kept: errors are always fresh.
 *
 * Register it first: its `before` answers hits ahead of everything, its `after` runs last and so
 * stores the finished response (CORS and security headers included). GET and HEAD share one
 * entry, whichever comes first; HEAD answers from it without the body.
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let totalBytes = 0;

  const keyOf = (event: APIGatewayProxyEventV2): string | undefined => {
    const method = event.requestContext.http.method;
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    return `${event.rawPath}?${event.rawQueryString ?? ''}`;
  };
  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    totalBytes -= entry.bytes;
    entries.delete(key);
  };

  return {
    before: (request) => {
      const key = keyOf(request.event);
      if (key === undefined) return;
      const entry = entries.get(key);
      if (!entry) return;
      if (now() - entry.at >= options.ttlMs) {
        forget(key);
        return;
      }
      return answer(entry.response, request.event);
    },
    after: (request) => {
      const key = keyOf(request.event);
      const response = request.response;
      // A HEAD is rendered in full too (its body goes after this, app.ts): it keeps the entry a GET reads.
      if (key === undefined || !response || response.statusCode !== 200) return;
      const body = response.body ?? '';
      const bytes = Buffer.byteLength(body);
      if (bytes > maxBytes / 4) return;
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const stored: HttpResponse = { ...response, headers: { ...response.headers, etag, 'content-length': String(bytes) } };
      forget(key);
      entries.set(key, { at: now(), response: stored, bytes });
      totalBytes += bytes;
      for (const [oldest] of entries) {
        if (totalBytes <= maxBytes) break;
        forget(oldest);
      }
      return answer(stored, request.event);
    },
  };
}

/** A copy of the stored answer for this request: 304 when the client has it, no body on HEAD. */
function answer(stored: HttpResponse, event: APIGatewayProxyEventV2): HttpResponse {
  const etag = String(stored.headers?.etag);
  if (matches(event.headers?.['if-none-match'], etag)) {
    const { 'content-type': _type, 'content-length': _length, ...headers } = stored.headers ?? {};
    return { statusCode: 304, headers, body: '' };
  }
  return { ...stored, headers: { ...stored.headers }, body: event.requestContext.http.method === 'HEAD' ? '' : stored.body };
}

/** RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
