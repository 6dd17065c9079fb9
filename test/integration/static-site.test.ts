import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import type { Server } from 'node:http';
import { datasetDefinitions } from '../../datasets/index.ts';
import { createApiHandler } from '../../src/api/app.ts';
import { withdrawVersion } from '../../src/catalog/withdraw.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { SITE_PREFIX } from '../../src/site/paths.ts';
import { publishSite } from '../../src/site/publish-site.ts';
import { CATALOG_DOCUMENTS } from '../../src/site/render.ts';
import { loadViewerRequest } from '../../src/site/viewer-request.ts';
import { catalogCachePerTest } from '../support/catalog-cache.ts';
import { freePort, listenOn, readObject, type TestStack } from '../support/local-stack.ts';
import { startSampleStack } from '../support/published-samples.ts';

/** Headers a client acts on; the rest (date, connection) differ between any two answers. */
const CONTENT_HEADERS = ['content-type', 'cache-control', 'content-language', 'content-disposition', 'access-control-allow-origin'];

async function answer(res: Response) {
  return {
    status: res.status,
    headers: Object.fromEntries(CONTENT_HEADERS.map((h) => [h, res.headers.get(h)])),
    body: Buffer.from(await res.arrayBuffer()).toString('base64'),
  };
}

describe('the static catalog: every page and document without a search, from the public bucket', () => {
  let stack: TestStack;
  let reports: PublishReport[];
  let staticBase: string;
  let apiBase: string;
  const servers: Server[] = [];
  const siteDeps = () => ({ catalog: stack.stores.catalog, publicFiles: stack.stores.publicFiles, publicBaseUrl: staticBase });
  const catalogCache = catalogCachePerTest();

  beforeAll(async () => {
    // Prepare: the samples, a server as CloudFront serves (static site, then the API) and one
    // that only runs the API (what every URL answered before). Links name the static server.
    const [staticPort, apiPort] = [await freePort(), await freePort()];
    staticBase = `http://127.0.0.1:${staticPort}`;
    apiBase = `http://127.0.0.1:${apiPort}`;
    const samples = await startSampleStack(staticBase);
    ({ reports } = samples);
    stack = samples;
    const catalog = catalogCache.over(stack.stores.catalog);
    const api = createApiHandler(
      { catalog, publicBaseUrl: staticBase, tableFiles: tableFilesIn(stack.stores.publicFiles) },
      { error: () => {} },
    );
    const withSite = createLocalServer(api, stack.stores.publicFiles, { viewerRequest: loadViewerRequest() });
    const apiOnly = createLocalServer(api, stack.stores.publicFiles);
    servers.push(withSite, apiOnly);
    await listenOn(withSite, staticPort);
    await listenOn(apiOnly, apiPort);
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await stack.close();
  });

  const staticUrls = () => [
    '/',
    '/?lang=en',
    '/?lang=vi',
    '/?lang=en&q=&category=',
    '/api/datasets',
    ...CATALOG_DOCUMENTS.map((d) => d.path),
    '/data.json?utm_source=portal',
    ...reports.flatMap(({ datasetId: id, version }) => [
      `/dataset/${id}`,
      `/dataset/${id}?lang=en`,
      `/api/datasets/${id}`,
      `/api/datasets/${id}/versions`,
      `/api/datasets/${id}/versions/${version}`,
      `/api/datasets/${id}/versions/latest`,
    ]),
  ];

  it('renders the samples once more for this origin: a file per URL, written only where its bytes changed', async () => {
    // Act: the template was rendered for another origin, so every file changes but the icon (it names no URL)
    const first = await publishSite(siteDeps());
    const again = await publishSite(siteDeps());

    // Assess
    const expected = 2 + 1 + CATALOG_DOCUMENTS.length + datasetDefinitions.length * (2 + 4);
    expect(first).toMatchObject({ files: expected, removed: [], rounds: 2 });
    expect(first.written).toHaveLength(expected - 1);
    expect(first.written).not.toContain(`${SITE_PREFIX}favicon.svg`);
    expect(again).toEqual({ files: expected, written: [], removed: [], rounds: 1 });
    expect((await stack.stores.publicFiles.list(SITE_PREFIX)).length).toBe(expected);
  });

  it('answers every URL from the bucket with the bytes and headers the API answers', async () => {
    for (const path of staticUrls()) {
      // Act
      const [fromSite, fromApi] = await Promise.all([fetch(`${staticBase}${path}`), fetch(`${apiBase}${path}`)]);

      // Assess: the same answer, and the static one came from S3 (ETag and Last-Modified of the object)
      expect({ path, ...(await answer(fromSite)) }).toEqual({ path, ...(await answer(fromApi)) });
      expect({ path, status: fromSite.status }).toEqual({ path, status: 200 });
      expect({ path, lastModified: fromSite.headers.get('last-modified') !== null }).toEqual({ path, lastModified: true });
      expect(fromSite.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      expect(fromSite.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves Vietnamese by default and English with ?lang=en, each page saying so', async () => {
    const vi = await fetch(`${staticBase}/dataset/births`);
    const en = await fetch(`${staticBase}/dataset/births?lang=en`);
    expect(vi.headers.get('content-language')).toBe('vi');
    expect(en.headers.get('content-language')).toBe('en');
    expect(await vi.text()).toContain('<html lang="vi"');
    expect(await en.text()).toContain('<html lang="en"');
  });

  it('answers a conditional GET with 304 and a HEAD with the length and no body', async () => {
    const first = await fetch(`${staticBase}/api/datasets`);
    const etag = first.headers.get('etag')!;
    const body = Buffer.from(await first.arrayBuffer());
    const revalidated = await fetch(`${staticBase}/api/datasets`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    const head = await fetch(`${staticBase}/api/datasets`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(head.headers.get('etag')).toBe(etag);
  });

  it('leaves searches, paging, CKAN, redirects and bad parameters to the API, as before', async () => {
    for (const path of [
      '/?q=sinh',
      '/?q=benh+vien&lang=en',
      '/?category=11',
      '/api/datasets?q=sinh',
      '/api/datasets?per_page=2&page=2',
      '/api/datasets?page=abc',
      '/?lang=fr',
      '/dataset/births?lang=xx',
      '/api/3/action/package_search?q=sinh',
      '/api/3/action/package_list',
      '/api/datasets/births/latest/births.csv',
    ]) {
      const [fromSite, fromApi] = await Promise.all([
        fetch(`${staticBase}${path}`, { redirect: 'manual' }),
        fetch(`${apiBase}${path}`, { redirect: 'manual' }),
      ]);
      expect({ path, ...(await answer(fromSite)) }).toEqual({ path, ...(await answer(fromApi)) });
      expect({ path, fromS3: fromSite.headers.get('last-modified') !== null }).toEqual({ path, fromS3: false });
    }
    expect((await fetch(`${staticBase}/api/datasets?page=abc`)).status).toBe(400);
    expect(await (await fetch(`${staticBase}/?q=sinh`)).text()).toContain('sinh');
  });

  it('falls back to the API when the object is missing: an unknown dataset or version is its 404, the bucket’s names are no URLs', async () => {
    for (const path of [
      '/dataset/no-such-dataset',
      '/dataset/no-such-dataset?lang=en',
      '/api/datasets/no-such-dataset',
      '/api/datasets/births/versions',
      '/api/datasets/births/versions/20000101T000000Z',
    ]) {
      const [fromSite, fromApi] = await Promise.all([fetch(`${staticBase}${path}`), fetch(`${apiBase}${path}`)]);
      const site = await answer(fromSite);
      if (path === '/api/datasets/births/versions') {
        expect(site.status).toBe(200); // exists: the control
        continue;
      }
      expect({ path, ...site }).toEqual({ path, ...(await answer(fromApi)) });
      expect({ path, status: site.status }).toEqual({ path, status: 404 });
    }
    const missing = (await (await fetch(`${staticBase}/api/datasets/no-such-dataset`)).json()) as { error: { message: string } };
    expect(missing.error.message).toBe('No dataset "no-such-dataset"');
    for (const path of ['/site/vi/index.html', '/site/api/datasets.json?versionId=null']) {
      const res = await fetch(`${staticBase}${path}`);
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 404,
        body: { error: { status: 404, code: 'not_found', message: 'Route does not exist' } },
      });
    }
  });

  it('has the API answer every static URL with the same content while the site is not rendered', async () => {
    // Prepare: a site half gone (a crash between two writes of the first render, or a fresh deploy)
    const stored = await stack.stores.publicFiles.list(SITE_PREFIX);
    await stack.stores.publicFiles.delete(stored.filter((_, i) => i % 2 === 0).map((o) => o.key));

    // Act / Assess
    for (const path of staticUrls()) {
      const [fromSite, fromApi] = await Promise.all([fetch(`${staticBase}${path}`), fetch(`${apiBase}${path}`)]);
      expect({ path, ...(await answer(fromSite)) }).toEqual({ path, ...(await answer(fromApi)) });
    }

    // Act: the next publish run, which changes nothing but ends by rendering the site
    const { datasetId } = reports[0]!;
    const definition = datasetDefinitions.find((d) => d.id === datasetId)!;
    const next = await publishDataset(definition, { ...stack.deps, renderSite: () => publishSite(siteDeps()), now: () => new Date() });
    expect(next.outcome).toBe('unchanged');

    // Assess
    expect((await stack.stores.publicFiles.list(SITE_PREFIX)).length).toBe(stored.length);
  });

  it('converges when another writer left an older rendering behind (two publishes at once)', async () => {
    // Prepare: the list page as a publish that read the catalog before the last commit would write it
    const key = `${SITE_PREFIX}api/datasets.json`;
    const current = await readObject(stack.stores, key);
    await stack.stores.publicFiles.put(key, '{"total":0,"datasets":[]}', { contentType: 'application/json; charset=utf-8' });

    // Act
    const report = await publishSite(siteDeps());

    // Assess
    expect(report).toMatchObject({ written: [key], removed: [], rounds: 2 });
    expect(await readObject(stack.stores, key)).toEqual(current);
  });

  it('renders again on withdrawal: the last version withdrawn, the dataset leaves the site and its addresses answer 410 with the reason', async () => {
    // Prepare
    const { datasetId: id, version } = reports.find((r) => r.datasetId === 'births')!;
    const reason = 'Số liệu tháng 10 bị nhập trùng, đang đối chiếu lại (Art. 24.1)';

    // Act
    await withdrawVersion({ ...stack.stores, renderSite: () => publishSite(siteDeps()) }, { datasetId: id, version, reason });
    catalogCache.changed();

    // Assess
    const keys = (await stack.stores.publicFiles.list(SITE_PREFIX)).map((o) => o.key);
    expect(keys.filter((k) => k.includes(`/${id}`))).toEqual([]);
    for (const path of [`/api/datasets/${id}/versions/${version}`, `/api/datasets/${id}`, `/dataset/${id}`]) {
      const [fromSite, fromApi] = await Promise.all([fetch(`${staticBase}${path}`), fetch(`${apiBase}${path}`)]);
      const site = await answer(fromSite);
      expect({ path, ...site }).toEqual({ path, ...(await answer(fromApi)) });
      // Gone, not unknown: the page and the JSON say when and why.
      expect({ path, status: site.status }).toEqual({ path, status: 410 });
      expect(Buffer.from(site.body, 'base64').toString('utf8')).toContain('bị nhập trùng');
    }
    // A version withdrawn while another stays is a 410 too (test/integration/withdraw.test.ts, through the site too).
    const list = (await (await fetch(`${staticBase}/api/datasets`)).json()) as { total: number; datasets: { id: string }[] };
    expect(list.total).toBe(datasetDefinitions.length - 1);
    expect(list.datasets.map((d) => d.id)).not.toContain(id);
    expect(await (await fetch(`${staticBase}/?lang=en`)).text()).not.toContain(`/dataset/${id}"`);
    for (const path of staticUrls().filter((p) => !p.includes(id))) {
      const [fromSite, fromApi] = await Promise.all([fetch(`${staticBase}${path}`), fetch(`${apiBase}${path}`)]);
      expect({ path, ...(await answer(fromSite)) }).toEqual({ path, ...(await answer(fromApi)) });
    }
  });
});
