import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { request, type Server } from 'node:http';
import births from '../../datasets/births/definition.ts';
import { createApiHandler } from '../../src/api/app.ts';
import { withdrawalOfFile } from '../../src/catalog/queries.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { publishSite } from '../../src/site/publish-site.ts';
import { loadViewerRequest } from '../../src/site/viewer-request.ts';
import { freePort, listenOn, type TestStack } from '../support/local-stack.ts';
import { startSampleStack } from '../support/published-samples.ts';

/** A small seeded PRNG, so that the fuzz cases are the same on every run. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request: the path goes on the wire exactly as written (no URL normalisation). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('hostile requests: never a 5xx, nothing outside the published set, no internal detail', () => {
  let stack: TestStack;
  let server: Server;
  let port: number;
  let version: string;

  beforeAll(async () => {
    port = await freePort();
    const samples = await startSampleStack(`http://127.0.0.1:${port}`);
    stack = samples;
    version = samples.reports.find((r) => r.datasetId === births.id)!.version;
    const api = createApiHandler(
      { catalog: stack.stores.catalog, publicBaseUrl: `http://127.0.0.1:${port}`, tableFiles: tableFilesIn(stack.stores.publicFiles) },
      { error: () => {} },
    );
    // As CloudFront serves: the static catalog (rendered for this origin) through the site router, then the API.
    await publishSite({ catalog: stack.stores.catalog, publicFiles: stack.stores.publicFiles, publicBaseUrl: `http://127.0.0.1:${port}` });
    server = createLocalServer(api, stack.stores.publicFiles, {
      withdrawnBecause: (key) => withdrawalOfFile(stack.stores.catalog, key),
      viewerRequest: loadViewerRequest(),
    });
    await listenOn(server, port);
  }, 120_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.close();
  });

  const LANDING_KEY = 'medical-facilities/79/giay-phep-hoat-dong-2026-11-20.csv';
  const fixed = [
    '/datasets/../landing/' + LANDING_KEY,
    '/datasets/%2e%2e/landing/' + encodeURIComponent(LANDING_KEY),
    '/datasets/..%2F..%2Flanding%2F' + encodeURIComponent(LANDING_KEY),
    '/datasets/' + LANDING_KEY,
    '/datasets//medical-facilities',
    '/datasets/%',
    '/datasets/%zz',
    '/datasets/%00',
    '/api/datasets/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/api/datasets/medical-facilities%2Fversions',
    '/api/datasets/%',
    '/api/datasets/medical-facilities/versions/%ff/x',
    '/api/datasets/medical-facilities/latest/..%2F..%2Fcatalog.json',
    '/api/datasets?page=-1',
    '/api/datasets?per_page=99999999999999999999',
    '/api/datasets?q=%ff%fe',
    `/api/datasets?q=${'%E1%BB%87'.repeat(500)}`,
    '/api/datasets?category[]=1&category=2',
    '/dataset/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '/dataset/' + 'a'.repeat(5000),
    '/' + 'x/'.repeat(2000),
    '/api/3/action/package_search?rows=abc',
    '/api/3/action/package_search?fq=metadata_modified:[garbage%20TO%20*]',
    '/api/3/action/package_search?q=' + '('.repeat(500),
    '/api/3/action/package_show?id=../../etc/passwd',
    '/api/3/action/__proto__',
    '/api/3/action/constructor',
    '/api/action/package_list?limit=-5',
    '/catalog.jsonld?x=' + 'y'.repeat(4000),
    '/feed.atom/../../etc/passwd',
  ];

  it.each(fixed)('GET %s', async (path) => {
    const { status, body } = await send(port, 'GET', path);
    expect(status < 500 ? 'ok' : body.slice(0, 200)).toBe('ok');
    expect(body).not.toMatch(/\/work\/|node_modules|\.ts:\d+|\bat \S+ \(\S+:\d+:\d+\)|Error: /);
    expect(body).not.toContain('TenCoSo'); // the landing export's header never leaks
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'POST'])(
    '%s on data and pages is refused without a 5xx',
    async (method) => {
      for (const path of ['/api/datasets', '/', `/datasets/medical-facilities/${version}/x.csv`, '/catalog.ttl']) {
        const { status, body } = await send(port, method, path, { 'content-type': 'application/json' }, '{"a":');
        expect([method, path, status < 500]).toEqual([method, path, true]);
        expect(body).not.toMatch(/\/work\/|node_modules|\.ts:\d+/);
      }
    },
  );

  it('survives odd headers: bad ranges, garbage conditionals, huge values', async () => {
    const file = (await stack.stores.publicFiles.list('datasets/medical-facilities/'))[0]!.key;
    for (const headers of <Record<string, string>[]>[
      { range: 'bytes=abc' },
      { range: 'bytes=999999999-' },
      { range: 'bytes=5-1' },
      { 'if-none-match': '"' + 'x'.repeat(3000) },
      { accept: 'x/'.repeat(2000) },
      { 'accept-language': '\u00ff'.repeat(10) },
    ]) {
      for (const path of [`/${file}`, '/api/datasets', '/']) {
        const { status, body } = await send(port, 'GET', path, headers);
        expect([JSON.stringify(headers).slice(0, 60), path, status < 500 ? 'ok' : body.slice(0, 200)]).toEqual([
          JSON.stringify(headers).slice(0, 60),
          path,
          'ok',
        ]);
      }
    }
  });

  it('survives 300 seeded random paths and queries', async () => {
    const random = mulberry32(20261125);
    const pieces = [
      'api',
      'datasets',
      'dataset',
      'versions',
      'latest',
      '3',
      'action',
      'package_show',
      '..',
      '.',
      '%2e',
      '%2F',
      '%00',
      '%ff',
      '%',
      '~',
      '*',
      'medical-facilities',
      version,
      'births.csv',
      'catalog.ttl',
      'data.json',
      '',
    ];
    for (let i = 0; i < 300; i += 1) {
      const depth = 1 + Math.floor(random() * 6);
      const parts = Array.from({ length: depth }, () => pieces[Math.floor(random() * pieces.length)]);
      const query =
        random() < 0.4 ? `?${pieces[Math.floor(random() * pieces.length)]}=${pieces[Math.floor(random() * pieces.length)]}` : '';
      const path = `/${parts.join('/')}${query}`;
      const { status, body } = await send(port, random() < 0.8 ? 'GET' : 'HEAD', path);
      expect([path, status < 500 ? 'ok' : body.slice(0, 200)]).toEqual([path, 'ok']);
      expect(body).not.toMatch(/\/work\/|node_modules|\.ts:\d+/);
    }
  });
});
