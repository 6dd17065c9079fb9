import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalServer } from '../../src/local/http-server.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import type { ObjectStore } from '../../src/ports/object-store.ts';
import type { HttpResponse } from '../../src/api/responses.ts';

/** The API path never reads the public bucket; any use of it here is a bug. */
const noFiles = new Proxy({} as ObjectStore, {
  get: (_target, name) => () => {
    throw new Error(`public bucket read: ${String(name)}`);
  },
});

describe('local server: requests become API Gateway v2 events', () => {
  const calls: { event: APIGatewayProxyEventV2; context: Context }[] = [];
  let answer: HttpResponse = { statusCode: 200, headers: {}, body: 'ok' };
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createLocalServer(async (event, context) => {
      calls.push({ event, context });
      return answer;
    }, noFiles);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  });
  const last = () => calls[calls.length - 1]!;

  it('passes query parameters as own properties, repeated ones joined, names like __proto__ included', async () => {
    await fetch(`${base}/api/datasets?q=a&q=b&toString=x&__proto__=y&constructor=z`);
    const { event } = last();
    expect(event.rawPath).toBe('/api/datasets');
    expect(event.rawQueryString).toBe('q=a&q=b&toString=x&__proto__=y&constructor=z');
    expect(Object.entries(event.queryStringParameters ?? {})).toEqual([
      ['q', 'a,b'],
      ['toString', 'x'],
      ['__proto__', 'y'],
      ['constructor', 'z'],
    ]);
    expect(event.requestContext.http).toMatchObject({ method: 'GET', path: '/api/datasets', protocol: 'HTTP/1.1' });
  });

  it('has no query parameters and no body for a plain GET', async () => {
    await fetch(`${base}/api/datasets`);
    expect(last().event.queryStringParameters).toBeUndefined();
    expect(last().event.body).toBeUndefined();
  });

  it('passes a POST body (and its headers, lower-cased)', async () => {
    await fetch(`${base}/api/3/action/package_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trace': 't-1' },
      body: '{"q":"bệnh viện"}',
    });
    const { event } = last();
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.body).toBe('{"q":"bệnh viện"}');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-trace']).toBe('t-1');
  });

  it('gives every request its own Lambda context whose functions work unbound, as middy calls them', async () => {
    await fetch(`${base}/api/a`);
    await fetch(`${base}/api/b`);
    const [first, second] = calls.slice(-2).map((c) => c.context);
    expect(first!.awsRequestId).not.toBe(second!.awsRequestId);
    const { getRemainingTimeInMillis, done } = second!;
    const remaining = getRemainingTimeInMillis();
    expect(remaining).toBe(15 * 60 * 1000);
    expect(() => done()).not.toThrow();
  });

  it('writes the handler’s status, headers (as strings) and base64 bodies as bytes', async () => {
    answer = {
      statusCode: 201,
      headers: { 'x-count': 5, 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 255, 1]).toString('base64'),
      isBase64Encoded: true,
    };
    const response = await fetch(`${base}/api/bytes`);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-count')).toBe('5');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 255, 1]);
  });

  it('sends a Content-Length (UTF-8 bytes), not chunks, unless the handler gave one; none on 304', async () => {
    answer = { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Cơ sở y tế' };
    const counted = await fetch(`${base}/api/text`);
    expect(counted.headers.get('content-length')).toBe(String(Buffer.byteLength('Cơ sở y tế')));
    expect(counted.headers.get('transfer-encoding')).toBeNull();
    expect(await counted.text()).toBe('Cơ sở y tế');

    answer = { statusCode: 200, headers: { 'content-length': '99' }, body: '' };
    const head = await fetch(`${base}/api/text`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('99');

    answer = { statusCode: 304, headers: { etag: '"e"' }, body: '' };
    const notModified = await fetch(`${base}/api/text`);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-length')).toBeNull();
  });

  it('answers a handler failure with a plain 500 and no detail', async () => {
    const quiet = console.error;
    console.error = () => {};
    const failing = createLocalServer(async () => {
      throw new Error('secret detail');
    }, noFiles);
    await new Promise<void>((ready) => failing.listen(0, '127.0.0.1', () => ready()));
    try {
      const response = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/api/x`);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('secret');
    } finally {
      console.error = quiet;
      failing.closeAllConnections();
      await new Promise<void>((done) => failing.close(() => done()));
    }
  });
});

describe('localLambdaContext', () => {
  it('names the function in its ARN and log group', () => {
    const context = localLambdaContext('publish-births');
    expect(context.functionName).toBe('publish-births');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:local:000000000000:function:publish-births');
    expect(context.logGroupName).toBe('/aws/lambda/publish-births');
  });
});
