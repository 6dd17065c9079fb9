import { readFileSync } from 'node:fs';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import httpRouterHandler, { type Route as MiddyRoute } from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import type { CkanPackage, CkanResource } from '../../src/api/ckan/dicts.ts';
import type { PackageSearchResult } from '../../src/api/ckan/search.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { ckanRoutes } from '../../src/api/routes/ckan.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { catalogCachePerTest } from '../support/catalog-cache.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { SAMPLES_BASE_URL as BASE, SAMPLES_PUBLISHED_AT, startSampleStack } from '../support/published-samples.ts';

const baseEvent = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', 'api-gateway-v2-get-dataset.json'), 'utf8'),
) as APIGatewayProxyEventV2;

interface Envelope<T> {
  help: string;
  success: boolean;
  result: T;
  error?: { __type: string; message: string };
}

/** ckanext-harvest's since-time: Python's isoformat() (microseconds) followed by "Z". */
const harvesterTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

/**
 * Every sample dataset published into real S3/DynamoDB protocol servers, read through the CKAN
 * routes with API Gateway v2 events, the way ckanext-harvest's CKAN harvester and ckanapi read a
 * CKAN site.
 */
describe('CKAN Action API over the published sample datasets', () => {
  let stack: TestStack;
  let route: (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;
  const startedAt = Date.parse(SAMPLES_PUBLISHED_AT);
  /** Later publishes: an hour after the samples, a second apart. */
  const clock = { t: startedAt + 3_600_000 };
  const now = () => new Date((clock.t += 1000));

  const catalogCache = catalogCachePerTest();

  beforeAll(async () => {
    stack = await startSampleStack();
    const catalog = catalogCache.over(stack.stores.catalog);
    const table = ckanRoutes({ catalog, publicBaseUrl: BASE, tableFiles: tableFilesIn(stack.stores.publicFiles) });
    // Dispatched by middy's router, as src/api/app.ts does (it sets the {action} path parameter).
    const routes: MiddyRoute<APIGatewayProxyEventV2, HttpResponse>[] = [
      ...Object.entries(table.get).map(([path, handler]) => ({
        method: 'GET' as const,
        path,
        handler: (e: APIGatewayProxyEventV2) => handler(e),
      })),
      ...Object.entries(table.post ?? {}).map(([path, handler]) => ({
        method: 'POST' as const,
        path,
        handler: (e: APIGatewayProxyEventV2) => handler(e),
      })),
    ];
    const router = httpRouterHandler(routes) as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;
    route = (event) => router(event, {} as Context);
  }, 240_000);
  afterAll(async () => stack?.close());

  async function call<T>(action: string, params: Record<string, string | number | boolean> = {}, method: 'GET' | 'POST' = 'GET') {
    const path = `/api/3/action/${action}`;
    const query = method === 'GET' ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) : undefined;
    const response = await route({
      ...baseEvent,
      rawPath: path,
      rawQueryString: new URLSearchParams(query ?? {}).toString(),
      queryStringParameters: query,
      pathParameters: undefined,
      headers: { ...baseEvent.headers, 'content-type': 'application/json' },
      requestContext: { ...baseEvent.requestContext, http: { ...baseEvent.requestContext.http, method, path } },
      body: method === 'POST' ? JSON.stringify(params) : undefined,
      isBase64Encoded: false,
    });
    return { status: response.statusCode, body: JSON.parse(String(response.body)) as Envelope<T> };
  }

  /** ckanext-harvest's CKANHarvester._search_for_datasets: sort by id, page with rows/start until a page is empty. */
  async function harvest(fqTerms: string[], rows = 3): Promise<CkanPackage[]> {
    const found: CkanPackage[] = [];
    for (let start = 0; ; start += rows) {
      const { status, body } = await call<PackageSearchResult>('package_search', { fq: fqTerms.join(' '), rows, start, sort: 'id asc' });
      expect(status).toBe(200);
      const page = body.result.results as CkanPackage[];
      if (page.length === 0) return found;
      found.push(...page);
    }
  }

  it('reports itself as CKAN 2.10', async () => {
    const { body } = await call<{ ckan_version: string; site_url: string }>('status_show');
    expect(body.success).toBe(true);
    expect(body.result).toMatchObject({ ckan_version: '2.10.4', site_url: BASE });
  });

  it('walks the catalog as ckanext-harvest does: every dataset exactly once, by id', async () => {
    // Act
    const packages = await harvest([`metadata_modified:[${harvesterTime(startedAt - 3_600_000)} TO *]`]);

    // Assess
    const names = packages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(datasetDefinitions.map((d) => d.id).sort());
    expect(packages.map((p) => p.id)).toEqual(packages.map((p) => p.id).sort());
    expect((await call<string[]>('package_list')).body.result).toEqual([...names].sort());
  });

  it('shows every package and every resource, whose sizes and hashes match the published bytes', async () => {
    const { body: list } = await call<string[]>('package_list');
    for (const name of list.result) {
      // Act
      const byName = await call<CkanPackage>('package_show', { id: name });
      const byId = await call<CkanPackage>('package_show', { id: byName.body.result.id }, 'POST');

      // Assess
      const pkg = byName.body.result;
      expect(byId.body.result).toEqual(pkg);
      expect(pkg).toMatchObject({ name, state: 'active', private: false, type: 'dataset', license_id: 'cc-by', isopen: true });
      expect(pkg.organization).toMatchObject({ name: 'bo-y-te', title: 'Bộ Y tế' });
      expect(pkg.groups.length).toBeGreaterThan(0);
      expect(pkg.resources.map((r) => r.format)).toEqual(expect.arrayContaining(['CSV', 'PARQUET', 'JSON']));
      expect(pkg.num_resources).toBe(pkg.resources.length);
      for (const resource of pkg.resources) {
        const shown = await call<CkanResource>('resource_show', { id: resource.id });
        expect(shown.body.result).toEqual(resource);
        const bytes = await readObject(stack.stores, resource.url.slice(`${BASE}/`.length));
        expect([resource.name, bytes.length, `sha256:${createHash('sha256').update(bytes).digest('hex')}`]).toEqual([
          resource.name,
          resource.size,
          resource.hash,
        ]);
      }
      // ckanext-harvest with remote_orgs/remote_groups "create" fetches these by id.
      expect((await call('organization_show', { id: pkg.owner_org })).status).toBe(200);
      for (const group of pkg.groups) expect((await call('group_show', { id: group.id })).status).toBe(200);
    }
  });

  it('lists the Art. 5 categories used, and the ministry as the one organization', async () => {
    const groups = (await call<string[]>('group_list')).body.result;
    expect(groups).toEqual(expect.arrayContaining(['category-24', 'category-6', 'category-11']));
    expect((await call<string[]>('organization_list')).body.result).toEqual(['bo-y-te']);
    const facets = await call<PackageSearchResult>('package_search', { 'facet.field': '["organization","res_format"]', rows: 0 });
    expect(facets.body.result.facets.organization).toEqual({ 'bo-y-te': datasetDefinitions.length });
  });

  it('finds nothing new since the last harvest, then only the dataset that got a new version', async () => {
    // Prepare
    const before = (await call<CkanPackage>('package_show', { id: medicalFacilities.id })).body.result;
    const lastHarvest = clock.t + 500;
    expect(await harvest([`metadata_modified:[${harvesterTime(lastHarvest)} TO *]`])).toEqual([]);

    // Act: a province's next export lands (one facility fewer) and a new version is published.
    const rows = parse(await readFile(join(sampleDir(medicalFacilities.id), '79', 'giay-phep-hoat-dong-2026-11-20.csv'))) as string[][];
    await stack.stores.landing.put(`${medicalFacilities.id}/79/giay-phep-hoat-dong-2026-11-27.csv`, stringify(rows.slice(0, -1)));
    const report = await publishDataset(medicalFacilities, { ...stack.deps, now });
    catalogCache.changed();
    const changed = await harvest([`metadata_modified:[${harvesterTime(lastHarvest)} TO *]`, '-organization:somebody-else']);

    // Assess
    expect(report.outcome).toBe('published');
    expect(changed.map((p) => p.name)).toEqual([medicalFacilities.id]);
    const after = changed[0]!;
    expect(after.id).toBe(before.id);
    expect(after.metadata_modified > before.metadata_modified).toBe(true);
    expect(after.metadata_created).toBe(before.metadata_created);
    expect(after.version).toBe(report.version);
    expect(after.extras).toContainEqual({
      key: `version:${before.version}`,
      value: `${BASE}/datasets/${medicalFacilities.id}/${before.version}/datapackage.json`,
    });
    // New files are new resources; the old ones still resolve to their immutable URLs.
    expect(after.resources.map((r) => r.id)).not.toContain(before.resources[0]!.id);
    const old = await call<CkanResource>('resource_show', { id: before.resources[0]!.id });
    expect(old.body.result.url).toBe(before.resources[0]!.url);
  });

  it('answers unknown actions and ids with CKAN errors', async () => {
    const unknown = await call('package_create', { name: 'x' }, 'POST');
    expect([unknown.status, unknown.body.success, unknown.body.error?.__type]).toEqual([404, false, 'Not Found Error']);
    const missing = await call('package_show', { id: 'no-such-dataset' });
    expect([missing.status, missing.body.error?.__type]).toEqual([404, 'Not Found Error']);
    const bad = await call('package_search', { rows: 'lots' });
    expect([bad.status, bad.body.error?.__type]).toEqual([400, 'Validation Error']);
  });
});
