import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi, type Mock } from 'vitest';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { errorHandler, type PublicError } from '../../src/api/error-handler.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { resolve } from 'node:path';
import { loadApiConfig, loadConfig, loadLocalConfig, loadPublishConfig, loadWithdrawConfig } from '../../src/config.ts';
import {
  AppError,
  BadRequestError,
  ConfigError,
  InputRefusedError,
  MethodNotAllowedError,
  NotFoundError,
  PublishBlockedError,
} from '../../src/errors.ts';
import { escapeHtml, html, SafeHtml } from '../../src/web/html.ts';

const event = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', 'api-gateway-v2-get-dataset.json'), 'utf8'),
) as APIGatewayProxyEventV2;

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:api',
  memoryLimitInMB: '1024',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/api',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

/** A handler that throws `thrown`, wrapped in the project's error handler; returns the response and the logger. */
async function respondTo(thrown: unknown): Promise<{ response: HttpResponse; body: PublicError; logged: Mock }> {
  const { response, logged } = await pageRespondTo(thrown, event);
  return { response, body: JSON.parse(String(response.body)) as PublicError, logged };
}

/** The same for any request, e.g. a page's. */
async function pageRespondTo(thrown: unknown, request: APIGatewayProxyEventV2): Promise<{ response: HttpResponse; logged: Mock }> {
  const logged = vi.fn();
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(errorHandler({ error: logged }, { publicBaseUrl: 'https://data.example.vn' }))
    .handler(async () => {
      throw thrown;
    });
  return { response: await handler(request, context), logged };
}

const pageRequest = (path: string, query?: Record<string, string>): APIGatewayProxyEventV2 => ({
  ...event,
  rawPath: path,
  queryStringParameters: query,
  requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } },
});

const httpError = (statusCode: number, message: string, expose: boolean) => Object.assign(new Error(message), { statusCode, expose });

describe('errorHandler', () => {
  it('answers a page request with an HTML page in its language, same status, the message escaped', async () => {
    const { response } = await pageRespondTo(new NotFoundError('No dataset "<b>x</b>"'), pageRequest('/dataset/x'));
    expect([response.statusCode, response.headers?.['content-type'], response.headers?.['content-language']]).toEqual([
      404,
      'text/html; charset=utf-8',
      'vi',
    ]);
    expect(response.body).toContain('<html lang="vi">');
    expect(response.body).toContain('<h1 id="error">Không tìm thấy trang</h1>');
    expect(response.body).toContain('No dataset &quot;&lt;b&gt;x&lt;/b&gt;&quot;');
    expect(response.body).toContain('href="https://data.example.vn/">Về danh mục dữ liệu</a>');

    const english = await pageRespondTo(new BadRequestError('page must be a positive integer'), pageRequest('/', { lang: 'en' }));
    expect([english.response.statusCode, english.response.headers?.['content-language']]).toEqual([400, 'en']);
    expect(english.response.body).toContain('<h1 id="error">Bad request</h1>');
    // An unknown language is no error of its own: the page falls back to Vietnamese.
    expect((await pageRespondTo(new NotFoundError(), pageRequest('/nowhere', { lang: 'fr' }))).response.body).toContain('<html lang="vi">');
  });

  it('hides an unknown error on a page too, and keeps JSON for the API and catalog documents', async () => {
    const { response, logged } = await pageRespondTo(new Error('secret /path'), pageRequest('/dataset/births'));
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Có lỗi ở máy chủ');
    expect(response.body).not.toContain('secret');
    expect(logged).toHaveBeenCalledTimes(1);
    for (const path of ['/api/datasets/x', '/data.json', '/feed.atom', '/api/3/action/package_show']) {
      const answer = (await pageRespondTo(new NotFoundError(), pageRequest(path))).response;
      expect([path, answer.headers?.['content-type']]).toEqual([path, 'application/json; charset=utf-8']);
    }
  });

  it('maps NotFoundError to a 404 JSON body with its public message', async () => {
    // Act
    const { response, body, logged } = await respondTo(new NotFoundError('No dataset "x"'));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(body).toEqual({ error: { status: 404, code: 'not_found', message: 'No dataset "x"' } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('hides an unknown error behind a plain 500 and logs it', async () => {
    // Prepare
    const secret = new Error('secret /path');

    // Act
    const { response, body, logged } = await respondTo(secret);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(body).toEqual({ error: { status: 500, code: 'internal_error', message: 'Internal server error' } });
    expect(response.body).not.toContain('/path');
    expect(response.body).not.toContain('secret');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith('unhandled error', secret);
  });

  it('hides an AppError of status 500 or more (its message may name internals)', async () => {
    const { response, body, logged } = await respondTo(new ConfigError('Invalid configuration: PUBLIC_BASE_URL: Invalid URL'));
    expect(response.statusCode).toBe(500);
    expect(body.error.message).toBe('Internal server error');
    expect(response.body).not.toContain('PUBLIC_BASE_URL');
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown, number, string, string]>([
    ['BadRequestError', new BadRequestError('bad version "x"'), 400, 'bad_request', 'bad version "x"'],
    [
      'InputRefusedError',
      new InputRefusedError({ file: 'a.csv', row: 3, field: 'NgayCap' }, 'not a date'),
      422,
      'input_refused',
      'a.csv, row 3, field NgayCap: not a date',
    ],
    ['PublishBlockedError', new PublishBlockedError('too many rejected rows'), 409, 'publish_blocked', 'too many rejected rows'],
    ['a custom AppError', new AppError(410, 'gone', 'withdrawn'), 410, 'gone', 'withdrawn'],
    ["middy's exposed 404", httpError(404, 'Route does not exist', true), 404, 'not_found', 'Route does not exist'],
    ["middy's exposed 410", httpError(410, 'Gone', true), 410, 'gone', 'Gone'],
    ["middy's exposed 418", httpError(418, 'teapot', true), 418, 'client_error', 'teapot'],
  ])('shows %s with its status, code and message', async (_name, thrown, status, code, message) => {
    const { response, body, logged } = await respondTo(thrown);
    expect(response.statusCode).toBe(status);
    expect(body).toEqual({ error: { status, code, message } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('adds an Allow header to 405', async () => {
    const { response, body } = await respondTo(new MethodNotAllowedError());
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ allow: 'GET, HEAD', 'cache-control': 'no-store' });
    expect(body).toEqual({ error: { status: 405, code: 'method_not_allowed', message: 'Method not allowed' } });
  });

  it.each<[string, unknown]>([
    ['an http error that is not exposed', httpError(403, 'bucket policy denies arn:aws:s3:::private', false)],
    ['an exposed http error of status 503', httpError(503, 'upstream at 10.0.0.1 down', true)],
    ['a thrown string', 'raw string with /var/task'],
    ['a thrown object with a non-numeric statusCode', { statusCode: '404', message: '/etc/passwd', expose: true }],
  ])('turns %s into a plain logged 500', async (_name, thrown) => {
    const { response, body, logged } = await respondTo(thrown);
    expect(response.statusCode).toBe(500);
    expect(body).toEqual({ error: { status: 500, code: 'internal_error', message: 'Internal server error' } });
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('has exactly one error shape on every path: error.{status, code, message}', async () => {
    // Prepare
    const thrown: unknown[] = [
      new NotFoundError(),
      new BadRequestError('x'),
      new MethodNotAllowedError(),
      new InputRefusedError({ file: 'f' }, 'r'),
      new ConfigError('c'),
      httpError(404, 'n', true),
      httpError(400, 'n', false),
      new Error('e'),
      'string',
    ];

    for (const error of thrown) {
      // Act
      const { response, body } = await respondTo(error);

      // Assess
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'status']);
      expect(typeof body.error.status).toBe('number');
      expect(typeof body.error.code).toBe('string');
      expect(typeof body.error.message).toBe('string');
      expect(body.error.status).toBe(response.statusCode);
    }
  });
});

describe('html', () => {
  it('escapes a script element in text', () => {
    // Act
    const out = html`<p>${'<script>alert("x")</script>'}</p>`;

    // Assess
    expect(String(out)).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('escapes both quote characters so an attribute cannot be closed', () => {
    const out = html`<a title="${'" onmouseover="alert(1)'}" data-x='${"' onclick='y"}'>x</a>`;
    expect(out.value).toBe(`<a title="&quot; onmouseover=&quot;alert(1)" data-x='&#39; onclick=&#39;y'>x</a>`);
  });

  it('escapes ampersands first, so entities are shown, not decoded', () => {
    expect(escapeHtml('&lt; & &amp;')).toBe('&amp;lt; &amp; &amp;amp;');
  });

  it('leaves SafeHtml (nested html) as is and does not escape twice', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>a&lt;b</b></p>');
    expect(html`${new SafeHtml('<br>')}`.value).toBe('<br>');
  });

  it('renders lists, numbers, and drops null, undefined and false', () => {
    expect(html`<ul>${['<1>', 2].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>&lt;1&gt;</li><li>2</li></ul>');
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe('[0]');
    expect(html`plain`.value).toBe('plain');
  });
});

describe('loadConfig', () => {
  const valid = {
    LANDING_BUCKET: 'landing-bucket',
    PUBLIC_BUCKET: 'public-bucket',
    CATALOG_TABLE: 'catalog',
    PUBLIC_BASE_URL: 'https://data.example.gov.vn/',
  };

  it('reads a valid environment, with defaults and the trailing slash removed', () => {
    expect(loadConfig({ ...valid })).toEqual({
      landingBucket: 'landing-bucket',
      publicBucket: 'public-bucket',
      catalogTable: 'catalog',
      publicBaseUrl: 'https://data.example.gov.vn',
      region: 'ap-southeast-1',
      s3Endpoint: undefined,
      dynamodbEndpoint: undefined,
      workDir: undefined,
      duckdbMemoryLimit: '128MB',
      duckdbThreads: 2,
    });
  });

  it.each(['0', '-1', '1.5', 'two', ''])('refuses DUCKDB_THREADS=%j naming the variable, and reads a valid one as a number', (threads) => {
    expect(() => loadConfig({ ...valid, DUCKDB_THREADS: threads })).toThrow(/DUCKDB_THREADS/);
    expect(loadConfig({ ...valid, DUCKDB_THREADS: '4' }).duckdbThreads).toBe(4);
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['missing', { PUBLIC_BASE_URL: undefined }],
    ['empty', { PUBLIC_BASE_URL: '' }],
    ['not a URL', { PUBLIC_BASE_URL: 'not a url' }],
    ['a scheme without a host', { PUBLIC_BASE_URL: 'https://' }],
    ['a host without a scheme', { PUBLIC_BASE_URL: 'localhost:8080' }],
    ['a javascript: URL', { PUBLIC_BASE_URL: 'javascript:alert(1)' }],
    ['a file: URL', { PUBLIC_BASE_URL: 'file:///etc' }],
  ])('throws a ConfigError naming PUBLIC_BASE_URL when it is %s', (_name, change) => {
    // Prepare
    const env = { ...valid, ...change };

    // Act
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(/^Invalid configuration: PUBLIC_BASE_URL: /);
    expect((thrown as ConfigError).status).toBe(500);
  });

  it('names every bad variable at once', () => {
    const { LANDING_BUCKET: _omitted, ...rest } = valid;
    const env = { ...rest, PUBLIC_BASE_URL: 'nope', DUCKDB_MEMORY_LIMIT: 'lots' };
    expect(() => loadConfig(env)).toThrow(/LANDING_BUCKET: .*; PUBLIC_BASE_URL: .*; DUCKDB_MEMORY_LIMIT: /);
  });

  it('gives each function only its own variables: the API needs no landing bucket, only the public one', () => {
    const { LANDING_BUCKET: _landing, ...apiEnv } = valid;
    expect(loadApiConfig(apiEnv)).toEqual({
      catalogTable: 'catalog',
      publicBaseUrl: 'https://data.example.gov.vn',
      publicBucket: 'public-bucket',
      region: 'ap-southeast-1',
      s3Endpoint: undefined,
      dynamodbEndpoint: undefined,
    });
    const { PUBLIC_BUCKET: _public, ...withoutPublic } = apiEnv;
    expect(() => loadApiConfig(withoutPublic)).toThrow(/PUBLIC_BUCKET/);
    expect(Object.keys(loadApiConfig({ ...valid }))).not.toContain('landingBucket');
    expect(() => loadPublishConfig(withoutPublic)).toThrow(/LANDING_BUCKET: .*; PUBLIC_BUCKET: /);
    const { LANDING_BUCKET: _l, ...withdrawEnv } = valid;
    expect(loadWithdrawConfig({ ...withdrawEnv, EDGE_DISTRIBUTION_ID: 'E2QWRUHAPOMQZL' })).toMatchObject({
      publicBucket: 'public-bucket',
      catalogTable: 'catalog',
      publicBaseUrl: 'https://data.example.gov.vn',
      edgeDistributionId: 'E2QWRUHAPOMQZL',
    });
    // It renders the static catalog, whose links need the public origin.
    const { PUBLIC_BASE_URL: _u, ...withoutBase } = withdrawEnv;
    expect(() => loadWithdrawConfig(withoutBase)).toThrow(/PUBLIC_BASE_URL: /);
  });

  it('reads the local stack settings PORT and DATA_DIR with the rest, naming a bad one', () => {
    expect(loadLocalConfig({})).toEqual({ port: 8080, dataDir: resolve('.local') });
    expect(loadLocalConfig({ PORT: '0', DATA_DIR: '/tmp/x' })).toEqual({ port: 0, dataDir: '/tmp/x' });
    for (const port of ['65536', 'http', '-1', '']) expect(() => loadLocalConfig({ PORT: port })).toThrow(/^Invalid configuration: PORT: /);
  });

  it('reads only the environment it is given', () => {
    const before = process.env.PUBLIC_BASE_URL;
    process.env.PUBLIC_BASE_URL = 'https://from-process.example';
    try {
      expect(loadConfig({ ...valid }).publicBaseUrl).toBe('https://data.example.gov.vn');
    } finally {
      if (before === undefined) delete process.env.PUBLIC_BASE_URL;
      else process.env.PUBLIC_BASE_URL = before;
    }
  });
});
