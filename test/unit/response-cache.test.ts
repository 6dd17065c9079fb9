import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { responseCache } from '../../src/api/response-cache.ts';
import { json, type HttpResponse } from '../../src/api/responses.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';

const template = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', 'api-gateway-v2-get-dataset.json'), 'utf8'),
) as APIGatewayProxyEventV2;

const request = (method: string, path: string, query = '', headers: Record<string, string> = {}): APIGatewayProxyEventV2 => ({
  ...template,
  rawPath: path,
  rawQueryString: query,
  headers,
  requestContext: { ...template.requestContext, http: { ...template.requestContext.http, method, path } },
});

/** A handler that renders a numbered answer each time it runs, behind the cache, on a clock the test moves. */
function cachedCounter(options: { ttlMs?: number; maxBytes?: number; status?: number; bodyBytes?: number; sameBody?: boolean } = {}) {
  let clock = 1_000;
  let renders = 0;
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(responseCache({ ttlMs: options.ttlMs ?? 10_000, maxBytes: options.maxBytes, now: () => clock }))
    .handler(async (event) => {
      renders += 1;
      return json(
        {
          render: options.sameBody ? 0 : renders,
          title: 'Cơ sở khám bệnh, chữa bệnh',
          path: event.rawPath,
          query: event.rawQueryString,
          pad: 'x'.repeat(options.bodyBytes ?? 0),
        },
        { status: options.status ?? 200 },
      );
    });
  const context = localLambdaContext('api');
  return {
    send: (event: APIGatewayProxyEventV2) => handler(event, context),
    advance: (ms: number) => {
      clock += ms;
    },
    renders: () => renders,
  };
}

describe('responseCache', () => {
  it('answers a repeated GET from the cache within the TTL, with the same body and a strong ETag', async () => {
    const api = cachedCounter();
    const first = await api.send(request('GET', '/api/datasets'));
    api.advance(9_999);
    const second = await api.send(request('GET', '/api/datasets'));

    expect(api.renders()).toBe(1);
    expect(second.body).toBe(first.body);
    expect(first.headers?.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(second.headers?.etag).toBe(first.headers?.etag);
  });

  it('renders again once the TTL has passed', async () => {
    const api = cachedCounter({ ttlMs: 10_000 });
    await api.send(request('GET', '/api/datasets'));
    api.advance(10_000);
    const again = await api.send(request('GET', '/api/datasets'));

    expect(api.renders()).toBe(2);
    expect(JSON.parse(String(again.body)).render).toBe(2);
  });

  it('keys on path and query string', async () => {
    const api = cachedCounter();
    await api.send(request('GET', '/api/datasets', 'q=a'));
    await api.send(request('GET', '/api/datasets', 'q=b'));
    await api.send(request('GET', '/api/datasets/births'));
    const repeat = await api.send(request('GET', '/api/datasets', 'q=b'));

    expect(api.renders()).toBe(3);
    expect(JSON.parse(String(repeat.body)).query).toBe('q=b');
  });

  it('answers 304 without a body to an If-None-Match naming the current ETag, on a hit and on a fresh render', async () => {
    const api = cachedCounter({ sameBody: true });
    const first = await api.send(request('GET', '/api/datasets'));
    const etag = String(first.headers?.etag);
    const hit = await api.send(request('GET', '/api/datasets', '', { 'if-none-match': `"other", W/${etag}` }));
    api.advance(20_000);
    const miss = await api.send(request('GET', '/api/datasets', '', { 'if-none-match': etag }));
    const stale = await api.send(request('GET', '/api/datasets', '', { 'if-none-match': '"something-else"' }));

    expect(hit.statusCode).toBe(304);
    expect(hit.body).toBe('');
    expect(hit.headers?.etag).toBe(etag);
    expect(hit.headers?.['content-type']).toBeUndefined();
    expect(miss.statusCode).toBe(304);
    expect(api.renders()).toBe(2);
    expect(stale.statusCode).toBe(200);
    expect(stale.headers?.etag).toBe(etag);
  });

  it('gives cached answers the Content-Length of their UTF-8 bytes, HEAD included, 304 excluded', async () => {
    const api = cachedCounter({ sameBody: true });
    const get = await api.send(request('GET', '/api/datasets'));
    const hit = await api.send(request('GET', '/api/datasets'));
    const head = await api.send(request('HEAD', '/api/datasets'));
    const notModified = await api.send(request('GET', '/api/datasets', '', { 'if-none-match': String(get.headers?.etag) }));

    const bytes = String(Buffer.byteLength(String(get.body)));
    expect(bytes).not.toBe(String(String(get.body).length));
    expect(get.headers?.['content-length']).toBe(bytes);
    expect(hit.headers?.['content-length']).toBe(bytes);
    expect(head.headers?.['content-length']).toBe(bytes);
    expect(notModified.headers?.['content-length']).toBeUndefined();
  });

  it('answers HEAD from the GET entry with no body', async () => {
    const api = cachedCounter();
    const get = await api.send(request('GET', '/api/datasets'));
    const head = await api.send(request('HEAD', '/api/datasets'));

    expect(api.renders()).toBe(1);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers?.etag).toBe(get.headers?.etag);
  });

  it('keeps nothing but 200s; a HEAD first keeps the entry the GET after it reads, with the same ETag', async () => {
    const api = cachedCounter({ status: 404 });
    await api.send(request('GET', '/api/datasets/nope'));
    await api.send(request('GET', '/api/datasets/nope'));
    const headFirst = cachedCounter();
    const head = await headFirst.send(request('HEAD', '/api/datasets'));
    const get = await headFirst.send(request('GET', '/api/datasets'));

    expect(api.renders()).toBe(2);
    expect(headFirst.renders()).toBe(1);
    expect(head.body).toBe('');
    expect(get.body).not.toBe('');
    expect([head.headers?.etag, head.headers?.['content-length']]).toEqual([
      get.headers?.etag,
      String(Buffer.byteLength(String(get.body))),
    ]);
  });

  it('never answers a POST from the cache', async () => {
    const api = cachedCounter();
    await api.send(request('GET', '/api/3/action/package_list'));
    await api.send(request('POST', '/api/3/action/package_list'));

    expect(api.renders()).toBe(2);
  });

  it('lets the oldest entries go when the bodies exceed maxBytes', async () => {
    const api = cachedCounter({ maxBytes: 4_000, bodyBytes: 850 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await api.send(request('GET', `/api/datasets/${id}`));
    await api.send(request('GET', '/api/datasets/e'));
    expect(api.renders()).toBe(5);
    await api.send(request('GET', '/api/datasets/a'));
    expect(api.renders()).toBe(6);
  });
});
