import { createHash } from 'node:crypto';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import Ajv04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import births from '../../datasets/births/definition.ts';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { datasetDefinitions } from '../../datasets/index.ts';
import { metadataRoutes } from '../../src/api/routes/metadata.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import type { RouteTable } from '../../src/api/route.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { SAMPLES_BASE_URL as BASE, startSampleStack } from '../support/published-samples.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const template = JSON.parse(readFileSync(join(fixtures, 'events', 'api-gateway-v2-get-dataset.json'), 'utf8')) as APIGatewayProxyEventV2;

/** The API Gateway HTTP API event for GET `path`. */
const eventFor = (path: string): APIGatewayProxyEventV2 => ({
  ...template,
  rawPath: path,
  requestContext: { ...template.requestContext, http: { ...template.requestContext.http, path } },
});

describe('metadata routes over a published catalog', () => {
  let stack: TestStack;
  let routes: RouteTable;
  let reports: PublishReport[];
  /** The datasets as the catalog lists them: by id. */
  const byId = [...datasetDefinitions].sort((a, b) => a.id.localeCompare(b.id));
  const reportOf = (id: string) => reports.find((r) => r.datasetId === id)!;

  beforeAll(async () => {
    const samples = await startSampleStack();
    stack = samples;
    reports = samples.reports;
    routes = metadataRoutes({ catalog: stack.stores.catalog, publicBaseUrl: BASE, tableFiles: tableFilesIn(stack.stores.publicFiles) });
  }, 180_000);
  afterAll(async () => stack.close());

  const get = async (path: string): Promise<HttpResponse & { body: string; headers: Record<string, string> }> => {
    const response = await routes.get[path]!(eventFor(path));
    return response as HttpResponse & { body: string; headers: Record<string, string> };
  };

  it('answers every format with its media type and a five-minute cache', async () => {
    for (const [path, type] of [
      ['/catalog.jsonld', 'application/ld+json'],
      ['/catalog.ttl', 'text/turtle; charset=utf-8'],
      ['/data.json', 'application/json'],
      ['/feed.atom', 'application/atom+xml; charset=utf-8'],
      ['/catalog.csv', 'text/csv; charset=utf-8'],
    ] as const) {
      const response = await get(path);
      expect([path, response.statusCode, response.headers['content-type'], response.headers['cache-control']]).toEqual([
        path,
        200,
        type,
        'public, max-age=300',
      ]);
      expect(response.body.length).toBeGreaterThan(100);
    }
    expect((await get('/catalog.csv')).headers['content-disposition']).toBe('attachment; filename="catalog.csv"');
  });

  it('tells crawlers where the sitemap is and what to leave out, and has an icon', async () => {
    const robots = await get('/robots.txt');
    expect([robots.statusCode, robots.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    const lines = robots.body.trim().split('\n');
    expect(lines[0]).toBe('User-agent: *');
    expect(lines).toContain('Disallow: /api/');
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    const icon = await get('/favicon.svg');
    expect([icon.statusCode, icon.headers['content-type']]).toEqual([200, 'image/svg+xml']);
    expect(icon.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
  });

  it('serves a DCAT-AP catalog that conforms to the official shapes, whose checksums match the stored files', async () => {
    // Prepare
    const shapes = rdf.dataset();
    for (const f of ['dcat-ap-SHACL.ttl', 'ranges.ttl']) await shapes.import(rdf.fromFile(join(fixtures, 'dcat-ap-3', f)));
    const validator = new SHACLValidator(shapes, { factory: rdf });

    // Act
    const turtle = await rdf
      .dataset()
      .import(rdf.formats.parsers.import('text/turtle', Readable.from([(await get('/catalog.ttl')).body]))!);
    const jsonld = await rdf
      .dataset()
      .import(rdf.formats.parsers.import('application/ld+json', Readable.from([(await get('/catalog.jsonld')).body]))!);

    // Assess
    for (const data of [turtle, jsonld]) {
      const report = await validator.validate(data);
      expect(report.results.map((r) => `${r.focusNode?.value} ${r.path?.value} ${r.sourceConstraintComponent?.value}`)).toEqual([]);
      expect(report.conforms).toBe(true);
    }
    expect(turtle.toCanonical()).toBe(jsonld.toCanonical());

    const dcat = (local: string) => rdf.namedNode(`http://www.w3.org/ns/dcat#${local}`);
    const spdx = (local: string) => rdf.namedNode(`http://spdx.org/rdf/terms#${local}`);
    const downloads = [...turtle.match(null, dcat('downloadURL'))];
    expect(downloads.length).toBe(
      reports.flatMap((r) => r.files.filter((f) => f.format !== 'quality-report' && f.format !== 'search-index')).length,
    );
    for (const { subject, object } of downloads) {
      const checksum = [...turtle.match(subject, spdx('checksum'))][0]!.object;
      const expected = [...turtle.match(checksum, spdx('checksumValue'))][0]!.object.value;
      const size = [...turtle.match(subject, dcat('byteSize'))][0]!.object.value;
      const bytes = await readObject(stack.stores, object.value.slice(`${BASE}/`.length));
      expect([object.value, createHash('sha256').update(bytes).digest('hex'), String(bytes.length)]).toEqual([
        object.value,
        expected,
        size,
      ]);
    }
  });

  it('serves data.json that validates against Project Open Data v1.1, with every dataset and its latest files', async () => {
    // Prepare: the five schemas, offline; bureauCode and programCode (US federal budget codes) are
    // dropped from `required` in this copy only.
    const schemas = ['catalog', 'dataset', 'distribution', 'organization', 'vcard'].map(
      (name) => JSON.parse(readFileSync(join(fixtures, 'pod-v1.1', `${name}.json`), 'utf8')) as { id: string; required?: string[] },
    );
    const dataset = schemas.find((s) => s.id.endsWith('/dataset.json#'))!;
    dataset.required = dataset.required!.filter((r) => r !== 'bureauCode' && r !== 'programCode');
    const ajv = new (Ajv04 as unknown as typeof Ajv04.default)({ allErrors: true, unicodeRegExp: false, strict: false });
    addFormatsModule.default(ajv);
    for (const s of schemas) ajv.addSchema(s, s.id);
    const validate = ajv.getSchema('https://project-open-data.cio.gov/v1.1/schema/catalog.json#')!;

    // Act
    const body = JSON.parse((await get('/data.json')).body) as {
      conformsTo: string;
      dataset: { title: string; distribution: { downloadURL: string }[] }[];
    };

    // Assess
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    expect(body.conformsTo).toBe('https://project-open-data.cio.gov/v1.1/schema');
    expect(body.dataset.map((d) => d.title)).toEqual(byId.map((d) => `${d.title.vi} / ${d.title.en}`));
    const birthsVersion = reportOf(births.id).version;
    expect(body.dataset.find((d) => d.title.startsWith(births.title.vi))!.distribution.map((d) => d.downloadURL)).toContain(
      `${BASE}/datasets/births/${birthsVersion}/births-by-month-province-mother-age.parquet`,
    );
  });

  it('serves a well-formed Atom feed with one entry per published version', async () => {
    const xml = (await get('/feed.atom')).body;
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ isArray: (name) => name === 'entry' }).parse(xml).feed as { entry: { title: string }[] };
    expect(feed.entry.map((e) => e.title).sort()).toEqual(byId.map((d) => `${d.title.vi} — phiên bản ${reportOf(d.id).version}`).sort());
  });

  it('serves the catalog as one CSV row per dataset', async () => {
    const body = (await get('/catalog.csv')).body;
    expect(body.startsWith('\uFEFFid,title_vi,')).toBe(true);
    const rows = parseCsv(body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.latest_version])).toEqual(byId.map((d) => [d.id, reportOf(d.id).version]));
    const facilities = rows.find((r) => r.id === medicalFacilities.id)!;
    expect(facilities.rows).toBe(String(reportOf(medicalFacilities.id).rowCount));
  });
});
