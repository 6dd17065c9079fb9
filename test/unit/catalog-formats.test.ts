import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import Ajv04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { findDataset } from '../../datasets/index.ts';
import { datasetMetadata } from '../../src/catalog/metadata.ts';
import type { DatasetMetadata, DatasetRecord, FileFormat, VersionFile, VersionRecord } from '../../src/catalog/model.ts';
import type { CatalogEntry } from '../../src/catalog/queries.ts';
import { atomEntry, atomFeed, catalogFeed, feedEntryId, publishedEvents, type FeedEvent } from '../../src/catalog/formats/atom.ts';
import { catalogCsv } from '../../src/catalog/formats/catalog-csv.ts';
import { datasetIdentifier, versionIdentifier } from '../../src/catalog/formats/common.ts';
import { dataJson } from '../../src/catalog/formats/data-json.ts';
import { dcatApDocument, dcatApJsonLd, dcatApTurtle } from '../../src/catalog/formats/dcat-ap.ts';
import { toTurtle, type JsonLdDocument } from '../../src/catalog/formats/rdf.ts';
import { jsonForScript, schemaOrgDataset } from '../../src/catalog/formats/schema-org.ts';

const BASE = 'https://data.example.gov.vn';
const fixtures = join(import.meta.dirname, '..', 'fixtures');

// ---------------------------------------------------------------- synthetic catalog

const MEDIA: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  datapackage: 'application/json',
  'quality-report': 'application/json',
  'search-index': 'application/json',
};

const file = (datasetId: string, version: string, name: string, format: FileFormat, bytes = 1234): VersionFile => ({
  name,
  format,
  key: `datasets/${datasetId}/${version}/${name}`,
  mediaType: MEDIA[format],
  bytes,
  sha256: (name.length.toString(16) + 'a'.repeat(64)).slice(0, 64),
});

/** A version with a CSV and a Parquet file per table, the data package and the quality report. */
function version(m: DatasetMetadata, id: string, publishedAt: string, extra: Partial<VersionRecord> = {}): VersionRecord {
  return {
    datasetId: m.id,
    version: id,
    state: 'published',
    createdAt: publishedAt,
    publishedAt,
    contentHash: id,
    rowCount: 1020,
    files: [
      ...m.tables.flatMap((t) => [file(m.id, id, `${t.name}.csv`, 'csv', 39315), file(m.id, id, `${t.name}.parquet`, 'parquet', 2694)]),
      file(m.id, id, 'datapackage.json', 'datapackage', 11743),
      file(m.id, id, 'quality-report.json', 'quality-report', 3861),
    ],
    stripped: [],
    unclassified: [],
    sources: [],
    quality: { rowsRejected: 0 },
    ...extra,
  };
}

function entry(m: DatasetMetadata, versions: VersionRecord[]): CatalogEntry {
  const sorted = [...versions].sort((a, b) => b.version.localeCompare(a.version));
  const dataset: DatasetRecord = { id: m.id, metadata: m, latestVersion: sorted[0]!.version, createdAt: '', updatedAt: '' };
  return { dataset, latest: sorted[0]!, versions: sorted, withdrawn: [] };
}

const births = datasetMetadata(findDataset('births')!);
const facilities = datasetMetadata(findDataset('medical-facilities')!);

const birthsEntry = entry(births, [
  version(births, '20261125T090000Z', '2026-11-25T09:00:01.250Z', {
    previousVersion: '20261025T090000Z',
    changes: { since: '20261025T090000Z', tables: [{ name: 'births-by-month-province-sex', added: 3, removed: 1, changed: 2 }] },
  }),
  version(births, '20261025T090000Z', '2026-10-25T09:00:00.000Z', { previousVersion: '20260925T090000Z' }),
  version(births, '20260925T090000Z', '2026-09-25T09:00:00.000Z'),
]);
const facilitiesEntry = entry(facilities, [version(facilities, '20261124T020000Z', '2026-11-24T02:00:00.000Z', { rowCount: 72 })]);
const catalog: CatalogEntry[] = [birthsEntry, facilitiesEntry];

/** Metadata whose text needs escaping in every format. */
const awkward: DatasetMetadata = {
  ...facilities,
  id: 'awkward',
  title: { vi: '=Cơ sở <y tế> & "nhà thuốc", \\ mới', en: 'Facilities <&> "quoted"\nsecond line' },
};

// ---------------------------------------------------------------- DCAT-AP 3

async function parse(mediaType: 'text/turtle' | 'application/ld+json', text: string) {
  return rdf.dataset().import(rdf.formats.parsers.import(mediaType, Readable.from([text]))!);
}

const namespace = (iri: string) => (local: string) => rdf.namedNode(`${iri}${local}`);
const DCAT = namespace('http://www.w3.org/ns/dcat#');
const DCT = namespace('http://purl.org/dc/terms/');
const SPDX = namespace('http://spdx.org/rdf/terms#');
const XSD = namespace('http://www.w3.org/2001/XMLSchema#');
const RDF_TYPE = rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

type Graph = Awaited<ReturnType<typeof parse>>;
const objects = (data: Graph, subject: string, predicate: ReturnType<typeof rdf.namedNode>) =>
  [...data.match(rdf.namedNode(subject), predicate)].map((q) => q.object);

describe('DCAT-AP 3 catalog', () => {
  let validator: SHACLValidator;

  beforeAll(async () => {
    const shapes = rdf.dataset();
    for (const f of ['dcat-ap-SHACL.ttl', 'ranges.ttl']) await shapes.import(rdf.fromFile(join(fixtures, 'dcat-ap-3', f)));
    validator = new SHACLValidator(shapes, { factory: rdf });
  });

  const violations = async (data: Graph) => {
    const report = await validator.validate(data);
    return {
      conforms: report.conforms,
      results: report.results.map((r) => `${r.focusNode?.value} ${r.path?.value} ${r.sourceConstraintComponent?.value}`),
    };
  };

  it('conforms to the official DCAT-AP 3.0.1 shapes, as JSON-LD and as Turtle, which hold the same graph', async () => {
    // Act
    const fromJsonLd = await parse('application/ld+json', dcatApJsonLd(catalog, BASE));
    const fromTurtle = await parse('text/turtle', dcatApTurtle(catalog, BASE));

    // Assess
    expect(await violations(fromJsonLd)).toEqual({ conforms: true, results: [] });
    expect(await violations(fromTurtle)).toEqual({ conforms: true, results: [] });
    expect(fromTurtle.size).toBeGreaterThan(300);
    expect(fromTurtle.toCanonical()).toBe(fromJsonLd.toCanonical());
  });

  it('fails validation when a dataset has no title (negative control)', async () => {
    // Prepare: the builder's document without a version's titles; the Turtle graph without a series' titles
    const version = `${BASE}/dataset/births#version-20261025T090000Z`;
    const doc = dcatApDocument(catalog, BASE);
    delete doc['@graph'].find((n) => n['@id'] === version)!['dct:title'];
    const series = `${BASE}/dataset/medical-facilities#dataset`;
    const turtle = await parse('text/turtle', dcatApTurtle(catalog, BASE));
    for (const q of [...turtle.match(rdf.namedNode(series), DCT('title'))]) turtle.delete(q);

    // Act
    const fromJsonLd = await violations(await parse('application/ld+json', JSON.stringify(doc)));
    const fromTurtle = await violations(turtle);

    // Assess: a series is checked by the dcat:Dataset and the dcat:DatasetSeries shapes, so it fails twice
    const missingTitle = (node: string) => `${node} ${DCT('title').value} http://www.w3.org/ns/shacl#MinCountConstraintComponent`;
    expect(fromJsonLd).toEqual({ conforms: false, results: [missingTitle(version)] });
    expect(fromTurtle).toEqual({ conforms: false, results: [missingTitle(series), missingTitle(series)] });
  });

  it('conforms with an empty catalog', async () => {
    expect((await violations(await parse('text/turtle', dcatApTurtle([], BASE)))).conforms).toBe(true);
  });

  it('models each dataset as a series and each version as a dataset in it, newest last', async () => {
    // Act
    const data = await parse('text/turtle', dcatApTurtle(catalog, BASE));

    // Assess
    const series = `${BASE}/dataset/births#dataset`;
    const v = (id: string) => `${BASE}/dataset/births#version-${id}`;
    expect(objects(data, series, RDF_TYPE).map((t) => t.value)).toEqual([DCAT('DatasetSeries').value, DCAT('Dataset').value]);
    expect(objects(data, series, DCAT('first'))[0]!.value).toBe(v('20260925T090000Z'));
    expect(objects(data, series, DCAT('last'))[0]!.value).toBe(v('20261125T090000Z'));
    expect(objects(data, series, DCAT('distribution'))).toEqual([]);
    expect(objects(data, series, DCT('identifier'))[0]!.value).toBe(datasetIdentifier('births'));
    expect(objects(data, `${BASE}/#catalog`, DCAT('dataset')).map((t) => t.value)).toEqual([
      series,
      v('20261125T090000Z'),
      v('20261025T090000Z'),
      v('20260925T090000Z'),
      `${BASE}/dataset/medical-facilities#dataset`,
      `${BASE}/dataset/medical-facilities#version-20261124T020000Z`,
    ]);

    const latest = v('20261125T090000Z');
    expect(objects(data, latest, DCAT('inSeries'))[0]!.value).toBe(series);
    expect(objects(data, latest, DCAT('version'))[0]!.value).toBe('20261125T090000Z');
    expect(objects(data, latest, DCAT('prev'))[0]!.value).toBe(v('20261025T090000Z'));
    expect(objects(data, v('20260925T090000Z'), DCAT('prev'))).toEqual([]);
    expect(objects(data, latest, DCT('identifier'))[0]!.value).toBe(versionIdentifier('births', '20261125T090000Z'));
    const notes = objects(data, latest, rdf.namedNode('http://www.w3.org/ns/adms#versionNotes'));
    expect(notes.map((n) => n.value)).toContain(
      '1.020 dòng. Thay đổi so với phiên bản 20261025T090000Z: births-by-month-province-sex: thêm 3, bớt 1, đổi 2.',
    );
    const records = objects(data, latest, rdf.namedNode('http://healthdataportal.eu/ns/health#numberOfRecords'))[0]!;
    expect([records.value, (records as { datatype?: { value: string } }).datatype?.value]).toEqual([
      '1020',
      XSD('nonNegativeInteger').value,
    ]);
    const titles = objects(data, series, DCT('title')) as { value: string; language: string }[];
    expect(titles.map((t) => [t.language, t.value])).toEqual([
      ['vi', births.title.vi],
      ['en', births.title.en],
    ]);
  });

  it('describes themes, rights, coverage and the decree with typed IRIs', async () => {
    const data = await parse('application/ld+json', dcatApJsonLd(catalog, BASE));
    const series = `${BASE}/dataset/births#dataset`;

    expect(objects(data, series, DCAT('theme')).map((t) => t.value)).toEqual([
      'http://publications.europa.eu/resource/authority/data-theme/HEAL',
      `${BASE}/vocab/decree-102-2025/categories/11`,
      `${BASE}/vocab/decree-102-2025/categories/12`,
    ]);
    expect(objects(data, `${BASE}/vocab/decree-102-2025/categories/12`, RDF_TYPE)[0]!.value).toBe(
      'http://www.w3.org/2004/02/skos/core#Concept',
    );
    expect(objects(data, series, DCT('accessRights'))[0]!.value).toBe(
      'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
    );
    expect(objects(data, series, DCT('spatial'))[0]!.value).toBe('http://publications.europa.eu/resource/authority/country/VNM');
    expect(objects(data, series, DCT('accrualPeriodicity'))[0]!.value).toBe(
      'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
    );
    const law = objects(data, series, rdf.namedNode('http://data.europa.eu/r5r/applicableLegislation'))[0]!.value;
    expect(objects(data, law, RDF_TYPE)[0]!.value).toBe('http://data.europa.eu/eli/ontology#LegalResource');
    expect(objects(data, law, rdf.namedNode('http://data.europa.eu/eli/ontology#id_local'))[0]!.value).toBe('102/2025/NĐ-CP');
    const period = objects(data, series, DCT('temporal'))[0]!;
    const dates = [...data.match(period as never, null)].map((q) => [q.predicate.value, q.object.value]);
    expect(dates).toEqual(
      expect.arrayContaining([
        [DCAT('startDate').value, '2026-09-25'],
        [DCAT('endDate').value, '2026-11-25'],
      ]),
    );
  });

  it('gives every file a distribution with size, sha256, IANA media type and licence', async () => {
    const data = await parse('text/turtle', dcatApTurtle(catalog, BASE));
    const version = `${BASE}/dataset/births#version-20261125T090000Z`;
    const distributions = objects(data, version, DCAT('distribution')).map((d) => d.value);
    expect(distributions).toHaveLength(5); // two tables × CSV and Parquet, and datapackage.json

    const csv = `${BASE}/dataset/births#version-20261125T090000Z-births-by-month-province-sex.csv`;
    const url = `${BASE}/datasets/births/20261125T090000Z/births-by-month-province-sex.csv`;
    expect(distributions).toContain(csv);
    expect(objects(data, csv, DCAT('downloadURL'))[0]!.value).toBe(url);
    expect(objects(data, csv, DCAT('accessURL'))[0]!.value).toBe(url);
    expect(objects(data, csv, DCAT('mediaType'))[0]!.value).toBe('http://www.iana.org/assignments/media-types/text/csv');
    expect(objects(data, csv, DCT('format'))[0]!.value).toBe('http://publications.europa.eu/resource/authority/file-type/CSV');
    expect(objects(data, csv, DCT('license'))[0]!.value).toBe('https://creativecommons.org/licenses/by/4.0/');
    const size = objects(data, csv, DCAT('byteSize'))[0] as { value: string; datatype: { value: string } };
    expect([size.value, size.datatype.value]).toEqual(['39315', XSD('nonNegativeInteger').value]);
    const checksum = objects(data, csv, SPDX('checksum'))[0]!;
    const values = [...data.match(checksum as never, null)].map((q) => [q.predicate.value, q.object.value]);
    expect(values).toEqual(
      expect.arrayContaining([
        [SPDX('algorithm').value, SPDX('checksumAlgorithm_sha256').value],
        [SPDX('checksumValue').value, birthsEntry.latest.files[0]!.sha256],
      ]),
    );
    const parquet = `${BASE}/dataset/births#version-20261125T090000Z-births-by-month-province-sex.parquet`;
    expect(objects(data, parquet, DCAT('mediaType'))[0]!.value).toBe(
      'http://www.iana.org/assignments/media-types/application/vnd.apache.parquet',
    );
    expect(objects(data, version, rdf.namedNode('http://xmlns.com/foaf/0.1/page'))[0]!.value).toBe(
      `${BASE}/datasets/births/20261125T090000Z/quality-report.json`,
    );
  });

  it('round-trips quotes, backslashes, newlines and markup through Turtle and JSON-LD', async () => {
    const odd = [entry(awkward, [version(awkward, '20261124T020000Z', '2026-11-24T02:00:00.000Z')])];
    for (const data of [await parse('text/turtle', dcatApTurtle(odd, BASE)), await parse('application/ld+json', dcatApJsonLd(odd, BASE))]) {
      const titles = objects(data, `${BASE}/dataset/awkward#dataset`, DCT('title')).map((t) => t.value);
      expect(titles).toEqual([awkward.title.vi, awkward.title.en]);
      expect((await violations(data)).conforms).toBe(true);
    }
  });

  it('writes nested blank nodes and refuses a nested node that has an @id', () => {
    const doc: JsonLdDocument = {
      '@context': { ex: 'http://example.org/' },
      '@graph': [{ '@id': 'http://example.org/a', 'ex:p': { '@type': 'ex:B', 'ex:q': { '@value': 'x' } } }],
    };
    expect(toTurtle(doc)).toBe(
      '@prefix ex: <http://example.org/> .\n\n<http://example.org/a>\n    ex:p [\n        a ex:B ;\n        ex:q "x"\n    ] .\n',
    );
    const bad: JsonLdDocument = {
      '@context': {},
      '@graph': [{ '@id': 'http://e/a', 'http://e/p': { '@id': 'http://e/b', '@type': 'x' } }],
    };
    expect(() => toTurtle(bad)).toThrow('must be a top-level node');
  });
});

// ---------------------------------------------------------------- DCAT-US data.json

describe('data.json (DCAT-US v1.1)', () => {
  const Ajv = Ajv04 as unknown as typeof Ajv04.default;
  const schemas = ['catalog', 'dataset', 'distribution', 'organization', 'vcard'].map(
    (name) => JSON.parse(readFileSync(join(fixtures, 'pod-v1.1', `${name}.json`), 'utf8')) as { id: string; required?: string[] },
  );
  // bureauCode and programCode are US federal budget codes with no Vietnamese equivalent: only in
  // this copy of dataset.json used by the test are they dropped from `required`. Everything else
  // the schema requires is produced.
  const dataset = schemas.find((s) => s.id.endsWith('/dataset.json#'))!;
  dataset.required = dataset.required!.filter((r) => r !== 'bureauCode' && r !== 'programCode');
  // The upstream patterns escape characters (`\_`, `\!`…) that are invalid in unicode-mode regexps.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false, strict: false });
  addFormatsModule.default(ajv);
  for (const s of schemas) ajv.addSchema(s, s.id);
  const validate = ajv.getSchema('https://project-open-data.cio.gov/v1.1/schema/catalog.json#')!;

  it('validates against the Project Open Data v1.1 schema (all $refs resolved offline)', () => {
    const doc = JSON.parse(JSON.stringify(dataJson(catalog, BASE)));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('fails validation without a required field or with a contact e-mail that is not a mailto: (negative control)', () => {
    const doc = JSON.parse(JSON.stringify(dataJson(catalog, BASE)));
    delete doc.dataset[0].accessLevel;
    doc.dataset[1].contactPoint.hasEmail = 'opendata@moh.gov.vn';
    expect(validate(doc)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/dataset/0', '/dataset/1/contactPoint/hasEmail']));
  });

  it('describes each dataset with the same identifier as DCAT-AP and the latest files', () => {
    const [birthsJson, facilitiesJson] = dataJson(catalog, BASE).dataset;
    expect(birthsJson).toMatchObject({
      '@type': 'dcat:Dataset',
      identifier: datasetIdentifier('births'),
      title: `${births.title.vi} / ${births.title.en}`,
      accessLevel: 'public',
      language: ['vi', 'en'],
      modified: '2026-11-25T09:00:01.250Z',
      temporal: '2026-09-25/2026-11-25',
      accrualPeriodicity: 'R/P1M',
      publisher: { '@type': 'org:Organization', name: 'Bộ Y tế / Ministry of Health of Viet Nam' },
      contactPoint: { '@type': 'vcard:Contact', hasEmail: 'mailto:opendata@moh.gov.vn' },
      landingPage: `${BASE}/dataset/births`,
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(birthsJson!.distribution.map((d) => [d.format, d.mediaType])).toEqual([
      ['CSV', 'text/csv'],
      ['Parquet', 'application/vnd.apache.parquet'],
      ['CSV', 'text/csv'],
      ['Parquet', 'application/vnd.apache.parquet'],
      ['Data Package', 'application/json'],
    ]);
    expect(birthsJson!.distribution[0]).toMatchObject({
      '@type': 'dcat:Distribution',
      downloadURL: `${BASE}/datasets/births/20261125T090000Z/births-by-month-province-sex.csv`,
      describedBy: `${BASE}/datasets/births/20261125T090000Z/datapackage.json`,
    });
    expect(facilitiesJson!.accrualPeriodicity).toBe('R/P1D');
  });
});

// ---------------------------------------------------------------- schema.org

describe('schema.org Dataset', () => {
  it('describes the latest version with its downloads', () => {
    const ld = schemaOrgDataset(birthsEntry, BASE);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Dataset',
      '@id': `${BASE}/dataset/births#dataset`,
      name: births.title.vi,
      url: `${BASE}/dataset/births`,
      version: '20261125T090000Z',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      isAccessibleForFree: true,
      temporalCoverage: '2026-09-25/2026-11-25',
      spatialCoverage: { '@type': 'Country', name: 'Việt Nam' },
      creator: { '@type': 'GovernmentOrganization', name: 'Bộ Y tế' },
      publisher: { '@type': 'GovernmentOrganization', name: 'Bộ Y tế' },
    });
    expect(ld.keywords).toEqual([...births.keywords.vi, ...births.keywords.en]);
    // Every column of every table, once: the month, province and count appear in both tables.
    const columns = birthsEntry.dataset.metadata.tables.flatMap((t) => t.columns.map((c) => c.name));
    expect(ld.variableMeasured.map((v) => v.name)).toEqual([...new Set(columns)]);
    expect(ld.variableMeasured.find((v) => v.name === 'count')).toEqual({
      '@type': 'PropertyValue',
      name: 'count',
      alternateName: ['Số lượng', 'Count'],
      description: expect.stringContaining('để trống khi bị ẩn'),
    });
    expect(ld.citation).toMatchObject({ '@type': 'Legislation', legislationIdentifier: birthsEntry.dataset.metadata.legalBasis.id });
    expect(ld.distribution).toHaveLength(4);
    expect(ld.distribution[0]).toEqual({
      '@type': 'DataDownload',
      name: `${births.title.vi} — Theo tháng, tỉnh và giới tính (CSV)`,
      contentUrl: `${BASE}/datasets/births/20261125T090000Z/births-by-month-province-sex.csv`,
      encodingFormat: 'text/csv',
      contentSize: '39315 B',
      sha256: birthsEntry.latest.files[0]!.sha256,
    });
  });

  it('is safe inside a script element', () => {
    const text = jsonForScript({ name: '</script><script>alert(1)</script> <!-- x' });
    expect(text).not.toMatch(/<\/|<!--/);
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script> <!-- x' });
  });
});

// ---------------------------------------------------------------- Atom

describe('Atom feed', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['entry', 'link', 'category'].includes(name),
  });
  type AtomEntry = {
    id: string;
    title: string;
    updated: string;
    link: { rel: string; href: string; length?: string }[];
    content: { '#text': string };
  };
  const read = (xml: string) => {
    expect(XMLValidator.validate(xml)).toBe(true);
    return (parser.parse(xml) as { feed: { entry?: AtomEntry[]; updated: string; id: string } }).feed;
  };

  it('is well-formed, one entry per published version, newest first', () => {
    // Act
    const feed = read(catalogFeed(catalog, BASE));

    // Assess
    expect(feed.entry!.map((e) => e.title)).toEqual([
      `${births.title.vi} — phiên bản 20261125T090000Z`,
      `${facilities.title.vi} — phiên bản 20261124T020000Z`,
      `${births.title.vi} — phiên bản 20261025T090000Z`,
      `${births.title.vi} — phiên bản 20260925T090000Z`,
    ]);
    expect(feed.updated).toBe('2026-11-25T09:00:01.250Z');
    const [newest] = feed.entry!;
    expect(newest!.id).toBe(feedEntryId('published', 'births', '20261125T090000Z'));
    expect(newest!.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(newest!.link.find((l) => l.rel === 'alternate')!.href).toBe(`${BASE}/dataset/births`);
    expect(newest!.link.filter((l) => l.rel === 'enclosure').map((l) => l.href)).toContain(
      `${BASE}/datasets/births/20261125T090000Z/births-by-month-province-sex.parquet`,
    );
    expect(newest!.content['#text']).toBe(
      '1.020 dòng. Thay đổi so với phiên bản 20261025T090000Z: births-by-month-province-sex: thêm 3, bớt 1, đổi 2.\n' +
        '1,020 rows. Changes since version 20261025T090000Z: births-by-month-province-sex: 3 added, 1 removed, 2 changed.',
    );
    expect(feed.entry!.at(-1)!.content['#text']).toContain('Phiên bản đầu tiên.');
  });

  it('keeps the newest 100 entries and gives the same bytes for the same catalog', () => {
    const many = Array.from({ length: 150 }, (_, i) => {
      const day = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString();
      const id = day.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
      return version(facilities, id, day);
    });
    const feed = read(catalogFeed([entry(facilities, many)], BASE));
    expect(feed.entry).toHaveLength(100);
    const times = feed.entry!.map((e) => e.updated);
    expect(times).toEqual([...times].sort().reverse());
    expect(times[0]).toBe(many[149]!.publishedAt);
    expect(catalogFeed(catalog, BASE)).toBe(catalogFeed(catalog, BASE));
  });

  it('escapes &, < and > in text and attributes', () => {
    const odd = entry(awkward, [version(awkward, '20261124T020000Z', '2026-11-24T02:00:00.000Z')]);
    const xml = catalogFeed([odd], BASE);
    expect(xml).toContain('=Cơ sở &lt;y tế&gt; &amp; &quot;nhà thuốc&quot;');
    const feed = read(xml);
    expect(new XMLParser({ isArray: (n) => n === 'entry' }).parse(xml).feed.entry[0].title).toBe(
      `${awkward.title.vi} — phiên bản 20261124T020000Z`,
    );
    expect(feed.entry).toHaveLength(1);
  });

  it('builds withdrawal entries with their own id, the reason and no file links', () => {
    const [published] = publishedEvents([facilitiesEntry]);
    const withdrawn: FeedEvent = {
      ...published!,
      kind: 'withdrawn',
      at: '2026-11-26T00:00:00.000Z',
      reason: { vi: 'Sai dữ liệu <nguồn>', en: 'Wrong source data' },
    };
    const feed = read(atomFeed([published!, withdrawn], BASE));
    expect(feed.entry!.map((e) => e.title)).toEqual([
      `${facilities.title.vi} — rút phiên bản 20261124T020000Z`,
      `${facilities.title.vi} — phiên bản 20261124T020000Z`,
    ]);
    expect(feed.entry![0]!.id).not.toBe(feed.entry![1]!.id);
    expect(feed.entry![0]!.link.map((l) => l.rel)).toEqual(['alternate']);
    expect(feed.entry![0]!.content['#text']).toContain('Lý do: Sai dữ liệu <nguồn>');
    expect(atomEntry(withdrawn, BASE)).toContain('Sai dữ liệu &lt;nguồn&gt;');
  });
});

// ---------------------------------------------------------------- catalog.csv

describe('catalog.csv', () => {
  it('writes one row per dataset: UTF-8 BOM, CRLF, RFC 4180 quoting (exact output)', () => {
    const csv = catalogCsv([birthsEntry, facilitiesEntry], BASE);
    const v = `${BASE}/datasets/births/20261125T090000Z`;
    const f = `${BASE}/datasets/medical-facilities/20261124T020000Z`;
    expect(csv).toBe(
      '\uFEFFid,title_vi,title_en,categories,latest_version,modified,rows,csv_url,parquet_url,datapackage_url,licence\r\n' +
        'births,"Số trẻ sinh ra theo tháng, tỉnh, giới tính và nhóm tuổi của mẹ","Births by month, province, sex and mother’s age group",' +
        '"11: Dân số; 12: Sức khỏe bà mẹ - trẻ em, sức khỏe sinh sản",20261125T090000Z,2026-11-25T09:00:01.250Z,1020,' +
        `${v}/births-by-month-province-sex.csv ${v}/births-by-month-province-mother-age.csv,` +
        `${v}/births-by-month-province-sex.parquet ${v}/births-by-month-province-mother-age.parquet,${v}/datapackage.json,CC-BY-4.0\r\n` +
        'medical-facilities,"Cơ sở khám bệnh, chữa bệnh được cấp giấy phép hoạt động",Licensed medical examination and treatment facilities,' +
        '24: Các cơ sở y tế; 10: Cơ sở hạ tầng y tế,20261124T020000Z,2026-11-24T02:00:00.000Z,72,' +
        `${f}/medical-facilities.csv,${f}/medical-facilities.parquet,${f}/datapackage.json,CC-BY-4.0\r\n`,
    );
  });

  it('quotes and defuses awkward titles and parses back', () => {
    const csv = catalogCsv([entry(awkward, [version(awkward, '20261124T020000Z', '2026-11-24T02:00:00.000Z')])], BASE);
    const rows = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title_vi).toBe(`'${awkward.title.vi}`);
    expect(rows[0]!.title_en).toBe(awkward.title.en);
  });
});
