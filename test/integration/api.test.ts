import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { datasetDefinitions } from '../../datasets/index.ts';
import { createApiHandler } from '../../src/api/app.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { freePort, listenOn, readObject, type TestStack } from '../support/local-stack.ts';
import { startSampleStack } from '../support/published-samples.ts';

const id = medicalFacilities.id;

describe('public API and local file origin over HTTP', () => {
  let stack: TestStack;
  let server: Server;
  let base: string;
  let report: PublishReport;
  const logged = vi.fn();

  beforeAll(async () => {
    // The API writes its links with the base URL it is configured with: the port is chosen first.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;

    const samples = await startSampleStack(base);
    stack = samples;
    report = samples.reports.find((r) => r.datasetId === id)!;
    const api = createApiHandler(
      { catalog: stack.stores.catalog, publicBaseUrl: base, tableFiles: tableFilesIn(stack.stores.publicFiles) },
      { error: logged },
    );
    server = createLocalServer(api, stack.stores.publicFiles);
    await listenOn(server, port);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, { redirect: 'manual', ...init });

  it('lists the datasets with their latest files', async () => {
    const res = await get('/api/datasets');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { total: number; datasets: { id: string; latestVersion: string; latestFiles: { url: string }[] }[] };
    expect(body.total).toBe(datasetDefinitions.length);
    const listed = body.datasets.find((d) => d.id === id)!;
    expect(listed.latestVersion).toBe(report.version);
    expect(listed.latestFiles.map((f) => f.url)).toContain(`${base}/datasets/${id}/${report.version}/${id}.parquet`);
  });

  it('describes a dataset: every version with full download URLs, sizes and sha256 that match the bytes', async () => {
    const body = (await (await get(`/api/datasets/${id}`)).json()) as {
      categories: { number: number }[];
      closedFields: { field: string }[];
      versions: { version: string; files: { url: string; bytes: number; sha256: string }[] }[];
    };
    expect(body.categories.map((c) => c.number)).toEqual([24, 10]);
    expect(body.closedFields.map((f) => f.field)).toEqual(['SoCCHN_NDD']);
    expect(body.versions).toHaveLength(1);
    for (const file of body.versions[0]!.files) {
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      expect(bytes.length).toBe(file.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
  });

  it('redirects a pinned file and latest to the immutable download URL', async () => {
    const pinned = await get(`/api/datasets/${id}/versions/${report.version}/${id}.csv`);
    expect(pinned.status).toBe(302);
    expect(pinned.headers.get('location')).toBe(`${base}/datasets/${id}/${report.version}/${id}.csv`);
    expect(pinned.headers.get('cache-control')).toContain('immutable');
    const latest = await get(`/api/datasets/${id}/latest/${id}.parquet`);
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe(`${base}/datasets/${id}/${report.version}/${id}.parquet`);
    const followed = await fetch(`${base}/api/datasets/${id}/latest/${id}.csv`);
    expect(followed.status).toBe(200);
    expect(followed.headers.get('content-disposition')).toBe(`attachment; filename="${id}-${report.version}.csv"`);
  });

  it('serves file bytes with Range (206), ETag / If-None-Match (304) and the right headers', async () => {
    const url = `/datasets/${id}/${report.version}/${id}.parquet`;
    const whole = await get(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = whole.headers.get('etag')!;
    const stored = await readObject(stack.stores, `datasets/${id}/${report.version}/${id}.parquet`);
    const ranged = await get(url, { headers: { range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).toString()).toBe('PAR1');
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-3/${stored.length}`);
    const notModified = await get(url, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
  });

  it('answers errors in one JSON shape, without internals', async () => {
    for (const [path, init, status] of [
      ['/api/datasets/no-such-dataset', undefined, 404],
      ['/api/nothing-here', undefined, 404],
      [`/api/datasets/${id}/versions/20000101T000000Z/${id}.csv`, undefined, 404],
      [`/api/datasets/${id}/versions/../../etc/passwd`, undefined, 404],
      [`/api/datasets/${id}/latest/secret.txt`, undefined, 404],
      ['/datasets/nothing', undefined, 404],
      ['/api/datasets', { method: 'POST', body: '{}' }, 405],
      ['/api/datasets', { method: 'DELETE' }, 405],
    ] as const) {
      const res = await get(path, init);
      expect([path, res.status]).toEqual([path, status]);
      const body = (await res.json()) as { error: Record<string, unknown> };
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'status']);
      expect(body.error.status).toBe(status);
      expect(JSON.stringify(body)).not.toMatch(/\/work\/|\/tmp\/|at .*\.ts|Error:/);
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it('renders the catalog page with the dataset and its download links', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain(medicalFacilities.title.vi);
    expect(page).toContain(`href="${base}/datasets/${id}/${report.version}/${id}.csv"`);
    const detail = await (await get(`/dataset/${id}`)).text();
    expect(detail).toContain('SoCCHN_NDD');
    expect(detail).toContain('Art. 6, Art. 10.2.c');
  });

  it('answers HEAD like GET without a body: the same status, Content-Length and (cached) ETag, whichever comes first', async () => {
    const headers = (res: Response) => ['content-type', 'content-length', 'etag'].map((h) => res.headers.get(h));
    for (const path of ['/api/datasets', `/dataset/${id}`, `/api/datasets/${id}/versions`, '/no-such-page']) {
      const head = await get(path, { method: 'HEAD' });
      const got = await get(path);
      const bytes = Buffer.byteLength(await got.text());
      expect(await head.text()).toBe('');
      expect([path, head.status, ...headers(head)]).toEqual([path, got.status, ...headers(got)]);
      expect([path, head.headers.get('content-length')]).toEqual([path, String(bytes)]);
    }
    // With the response cache the Lambda runs with, a HEAD that comes first gives the GET's ETag.
    const cached = createLocalServer(
      createApiHandler(
        { catalog: stack.stores.catalog, publicBaseUrl: base, tableFiles: tableFilesIn(stack.stores.publicFiles) },
        { error: logged },
        { responseCacheMs: 60_000 },
      ),
      stack.stores.publicFiles,
    );
    const port = await freePort();
    await listenOn(cached, port);
    try {
      const head = await fetch(`http://127.0.0.1:${port}/dataset/${id}?lang=en`, { method: 'HEAD' });
      const got = await fetch(`http://127.0.0.1:${port}/dataset/${id}?lang=en`);
      expect(head.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(headers(head)).toEqual(headers(got));
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(await got.text())));
    } finally {
      cached.closeAllConnections();
      await new Promise<void>((resolve) => cached.close(() => resolve()));
    }
  });
});
