import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { apiRouteTables, createApiHandler } from '../../src/api/app.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { openApiDocument } from '../../src/catalog/formats/openapi.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import { SAMPLES_BASE_URL as BASE, startSampleStack } from '../support/published-samples.ts';
import { apiEvent } from '../support/api-event.ts';
import type { TestStack } from '../support/local-stack.ts';

type Doc = ReturnType<typeof openApiDocument> & {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
};

/**
 * /openapi.json against the server: every route the API serves is described with its methods, and
 * every JSON answer (successes and errors) validates against the schema the description gives for
 * its path, method and status.
 */
describe('the OpenAPI description', () => {
  let stack: TestStack;
  let api: (method: string, path: string, body?: string) => Promise<HttpResponse>;
  const doc = openApiDocument(BASE) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the default export's `default`.
  addFormatsModule.default(ajv);
  ajv.addSchema(doc, 'openapi');

  beforeAll(async () => {
    stack = await startSampleStack();
    const handler = createApiHandler(
      { catalog: stack.stores.catalog, publicBaseUrl: BASE, tableFiles: tableFilesIn(stack.stores.publicFiles) },
      { error: () => {} },
    );
    api = async (method, path, body) => (await handler(apiEvent(BASE, path, method, body), localLambdaContext('api'))) as HttpResponse;
  }, 120_000);
  afterAll(async () => stack?.close());

  it('is OpenAPI 3.1 and describes every route the API serves, with its methods', () => {
    expect(doc.openapi).toBe('3.1.0');
    const deps = { catalog: stack.stores.catalog, publicBaseUrl: BASE, tableFiles: tableFilesIn(stack.stores.publicFiles) };
    const served = apiRouteTables(deps).flatMap(({ get, post = {} }) => [
      ...Object.keys(get).map((path) => `get ${path}`),
      ...Object.keys(post).map((path) => `post ${path}`),
    ]);
    const described = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(served.filter((route) => !described.includes(route))).toEqual([]);
    // Nothing described that nothing serves, but the files (the public bucket serves them).
    expect(described.filter((route) => !served.includes(route))).toEqual(['get /datasets/{id}/{version}/{file}']);
  });

  it('describes the JSON answers the API gives: each validates against its path, method and status', async () => {
    const births = JSON.parse(String((await api('GET', '/api/datasets/births')).body)) as { latestVersion: string };
    const requests: [string, string, string, string?][] = [
      ['GET', '/api/datasets', '/api/datasets'],
      ['GET', '/api/datasets?q=sinh&sort=title&kind=aggregate&per_page=2', '/api/datasets'],
      ['GET', '/api/datasets?pag=2', '/api/datasets'],
      ['GET', '/api/datasets?page=99', '/api/datasets'],
      ['GET', '/api/datasets/births', '/api/datasets/{id}'],
      ['GET', '/api/datasets/medical-facilities', '/api/datasets/{id}'],
      ['GET', '/api/datasets/no-such', '/api/datasets/{id}'],
      ['GET', '/api/datasets/births/versions', '/api/datasets/{id}/versions'],
      ['GET', `/api/datasets/births/versions/${births.latestVersion}`, '/api/datasets/{id}/versions/{version}'],
      ['GET', '/api/datasets/births/versions/latest', '/api/datasets/{id}/versions/{version}'],
      ['GET', '/api/datasets/births/versions/20000101T000000Z', '/api/datasets/{id}/versions/{version}'],
      ['GET', '/api/3', '/api/3'],
      ['GET', '/api/3/action/package_search?q=sinh', '/api/3/action/{action}'],
      ['GET', '/api/3/action/package_show?id=births', '/api/3/action/{action}'],
      ['GET', '/api/3/action/package_show?id=nope', '/api/3/action/{action}'],
      ['POST', '/api/action/package_list', '/api/action/{action}', '{}'],
      ['GET', '/api/3/action/datastore_search?resource_id=births-by-month-province-sex&limit=2', '/api/3/action/{action}'],
      ['GET', '/api/3/action/datastore_search?resource_id=births-by-month-province-sex&filters=%7B', '/api/3/action/{action}'],
      ['GET', '/api/3/action/datastore_search?resource_id=nope', '/api/3/action/{action}'],
      ['GET', '/api/datasets/births/rows?province_code=01', '/api/datasets/{id}/rows'],
      ['GET', '/api/datasets/births/rows?table=births-by-month-province-sex&provnce=01', '/api/datasets/{id}/rows'],
      ['GET', '/api/datasets/no-such/rows', '/api/datasets/{id}/rows'],
    ];
    const failures: string[] = [];
    for (const [method, path, template, body] of requests) {
      const response = await api(method, path, body);
      const status = String(response.statusCode);
      const described = doc.paths[template]?.[method.toLowerCase()]?.responses[status];
      if (!described) {
        failures.push(`${method} ${path}: status ${status} not described`);
        continue;
      }
      const pointer = `openapi#/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      const valid = ajv.validate({ $ref: pointer }, JSON.parse(String(response.body)));
      if (!valid) failures.push(`${method} ${path} ${status}: ${ajv.errorsText(ajv.errors, { separator: '; ' }).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('is served as /openapi.json and as the /api page', async () => {
    const served = await api('GET', '/openapi.json');
    expect(JSON.parse(String(served.body))).toEqual(JSON.parse(JSON.stringify(doc)));
    const page = await api('GET', '/api?lang=en');
    expect([page.statusCode, page.headers?.['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    for (const path of Object.keys(doc.paths)) expect(String(page.body)).toContain(`<code>GET ${path}</code>`);
  });
});
