import { readFileSync } from 'node:fs';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { MemoryObjectStore } from '../../src/adapters/memory-object-store.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { callAction } from '../../src/api/ckan/actions.ts';
import { ckanCatalog, type CkanGroupRef, type CkanPackage, type CkanResource } from '../../src/api/ckan/dicts.ts';
import { CkanValidationError } from '../../src/api/ckan/errors.ts';
import type { PackageSearchResult } from '../../src/api/ckan/search.ts';
import { isoMicros } from '../../src/api/ckan/query.ts';
import type { CkanParams } from '../../src/api/ckan/params.ts';
import { ckanRoutes } from '../../src/api/routes/ckan.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { stableUuid } from '../../src/catalog/ids.ts';
import type { DatasetMetadata, DatasetRecord, VersionRecord } from '../../src/catalog/model.ts';
import type { CatalogEntry } from '../../src/catalog/queries.ts';
import { MemoryCatalogStore } from '../../src/adapters/memory-catalog-store.ts';
import { NotFoundError } from '../../src/errors.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';

const BASE = 'https://data.example.gov.vn';
const MOH = { name: { vi: 'Bộ Y tế', en: 'Ministry of Health of Viet Nam' }, url: 'https://moh.gov.vn', email: 'opendata@moh.gov.vn' };
const VSS = {
  name: { vi: 'Bảo hiểm xã hội Việt Nam', en: 'Viet Nam Social Security' },
  url: 'https://vss.gov.vn',
  email: 'open@vss.gov.vn',
};
const CATEGORY_NAMES: Record<number, { vi: string; en: string }> = {
  3: { vi: 'Khám bệnh, chữa bệnh, phục hồi chức năng', en: 'Examination, treatment, rehabilitation' },
  6: { vi: 'Dược', en: 'Pharmacy (medicines)' },
  10: { vi: 'Cơ sở hạ tầng y tế', en: 'Health infrastructure' },
  11: { vi: 'Dân số', en: 'Population' },
  12: { vi: 'Sức khỏe bà mẹ - trẻ em, sức khỏe sinh sản', en: 'Maternal and child health, reproductive health' },
  13: { vi: 'Bảo hiểm y tế', en: 'Health insurance' },
  24: { vi: 'Các cơ sở y tế', en: 'Medical facilities' },
};

interface Spec {
  id: string;
  title: string;
  kind: 'registry' | 'aggregate';
  categories: number[];
  keywords: string[];
  columns: string[];
  publisher?: typeof MOH;
  /** Version ids, oldest first, each with its publish time (undefined: visible through the latest pointer only). */
  versions: [string, string | undefined][];
  formats?: ('csv' | 'parquet' | 'datapackage')[];
}

function entry(spec: Spec): CatalogEntry {
  const metadata: DatasetMetadata = {
    id: spec.id,
    title: { vi: spec.title, en: `${spec.id} (English title)` },
    description: { vi: `Mô tả ${spec.title}`, en: `About ${spec.id}` },
    keywords: { vi: spec.keywords, en: [spec.id.replace(/-/g, ' ')] },
    categories: spec.categories.map((n) => ({ number: n, ...CATEGORY_NAMES[n]! })),
    scope: ['14.1.a'],
    legalBasis: {
      id: '102/2025/NĐ-CP',
      title: {
        vi: 'Nghị định 102/2025/NĐ-CP quy định về quản lý dữ liệu y tế',
        en: 'Decree 102/2025/ND-CP on the management of health data',
      },
    },
    licence: {
      id: 'CC-BY-4.0',
      title: 'Creative Commons Attribution 4.0 International',
      url: 'https://creativecommons.org/licenses/by/4.0/',
    },
    publisher: spec.publisher ?? MOH,
    source: { vi: 'Nguồn', en: 'Source' },
    updateFrequency: { vi: 'Hằng tháng', en: 'Monthly' },
    kind: spec.kind,
    tables: [
      {
        name: spec.id,
        columns: spec.columns.map((c) => ({ name: c, type: 'string', title: { vi: c, en: c }, description: { vi: c, en: c } })),
      },
    ],
    disclosureK: spec.kind === 'aggregate' ? 11 : undefined,
    closedFields:
      spec.kind === 'registry' ? [{ field: 'SoCCHN', class: 'personal', provision: 'Art. 6', reason: { vi: 'x', en: 'x' } }] : [],
  };
  const formats = spec.formats ?? ['csv', 'parquet', 'datapackage'];
  const versions: VersionRecord[] = spec.versions.map(([version, publishedAt], i) => ({
    datasetId: spec.id,
    version,
    state: publishedAt ? 'published' : 'staged',
    createdAt: publishedAt ?? '2026-01-01T00:00:00.000Z',
    publishedAt,
    contentHash: `hash-${version}`,
    rowCount: 10 + i,
    files: formats.map((format) => {
      const name = format === 'datapackage' ? 'datapackage.json' : `${spec.id}.${format}`;
      return {
        name,
        format,
        key: `datasets/${spec.id}/${version}/${name}`,
        mediaType: { csv: 'text/csv; charset=utf-8', parquet: 'application/vnd.apache.parquet', datapackage: 'application/json' }[format],
        bytes: 1000 + i,
        sha256: `${format}${version}`.padEnd(64, '0'),
      };
    }),
    stripped: [],
    unclassified: [],
    sources: [],
    quality: { rowsRejected: 0 },
    disclosure: spec.kind === 'aggregate' ? { rule: 'k-anonymity threshold', k: 11, cells: 100, suppressed: 5 } : undefined,
  }));
  const latest = versions[versions.length - 1]!;
  const dataset: DatasetRecord = {
    id: spec.id,
    metadata,
    latestVersion: latest.version,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: latest.publishedAt ?? '2026-01-01T00:00:00.000Z',
  };
  return { dataset, latest, versions: [...versions].reverse(), withdrawn: [] };
}

/** Five datasets, two publishers; births has two versions; registered-medicines' only version is visible through the pointer only. */
const ENTRIES: CatalogEntry[] = [
  entry({
    id: 'births',
    title: 'Số trẻ sinh ra theo tỉnh',
    kind: 'aggregate',
    categories: [11, 12],
    keywords: ['sinh', 'giấy chứng sinh', 'tử vong sơ sinh'],
    columns: ['province_code', 'month', 'count'],
    versions: [
      ['20260110T000000Z', '2026-01-10T00:00:05.000Z'],
      ['20260301T080000Z', '2026-03-01T08:00:00.250Z'],
    ],
  }),
  entry({
    id: 'deaths',
    title: 'Số người tử vong',
    kind: 'aggregate',
    categories: [11, 3],
    keywords: ['tử vong'],
    columns: ['province_code', 'icd10_chapter', 'count'],
    versions: [['20260120T000000Z', '2026-01-20T00:00:00.000Z']],
  }),
  entry({
    id: 'health-insurance-coverage',
    title: 'Số người tham gia bảo hiểm y tế',
    kind: 'aggregate',
    categories: [13],
    keywords: ['bảo hiểm y tế'],
    columns: ['beneficiary_group', 'count'],
    publisher: VSS,
    versions: [['20260205T000000Z', '2026-02-05T00:00:00.000Z']],
    formats: ['csv'],
  }),
  entry({
    id: 'medical-facilities',
    title: 'Cơ sở khám bệnh, chữa bệnh được cấp phép',
    kind: 'registry',
    categories: [24, 10],
    keywords: ['bệnh viện', 'khám bệnh, chữa bệnh'],
    columns: ['facility_name', 'licence_number'],
    versions: [['20260201T000000Z', '2026-02-01T00:00:00.000Z']],
  }),
  entry({
    id: 'registered-medicines',
    title: 'Thuốc được cấp số đăng ký lưu hành',
    kind: 'registry',
    categories: [6],
    keywords: ['thuốc'],
    columns: ['registration_number', 'active_ingredient'],
    versions: [['20260215T120000Z', undefined]],
    formats: ['csv', 'parquet'],
  }),
];
const NAMES = ENTRIES.map((e) => e.dataset.id);

const call = <T>(name: string, params: CkanParams = {}): T => callAction(name, ENTRIES, BASE, params) as T;
const search = (params: CkanParams = {}) => call<PackageSearchResult>('package_search', params);
const names = (params: CkanParams = {}) => search(params).results.map((p) => p.name);
const validationError = (name: string, params: CkanParams): CkanValidationError => {
  try {
    call(name, params);
  } catch (error) {
    if (error instanceof CkanValidationError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('CKAN package_search', () => {
  it('answers every dataset by default, newest metadata_modified first, with CKAN defaults', () => {
    // Act
    const result = search();

    // Assess
    expect(result.count).toBe(5);
    expect(result.sort).toBe('score desc, metadata_modified desc');
    expect(result.facets).toEqual({});
    expect(result.search_facets).toEqual({});
    expect(result.results.map((p) => p.name)).toEqual([
      'births',
      'registered-medicines',
      'health-insurance-coverage',
      'medical-facilities',
      'deaths',
    ]);
  });

  it('pages with rows and start without losing or repeating a dataset', () => {
    for (const sort of ['id asc', 'name asc', 'metadata_modified asc', 'metadata_modified desc', 'score desc, metadata_modified desc']) {
      // Act
      const pages = [0, 2, 4, 6].map((start) => names({ rows: 2, start, sort }));

      // Assess
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
      expect(pages.flat().sort()).toEqual(NAMES);
    }
  });

  it('sorts by id, name and metadata_modified', () => {
    const ids = ENTRIES.map((e) => stableUuid(e.dataset.id)).sort();
    expect(search({ sort: 'id asc', rows: 100 }).results.map((p) => p.id)).toEqual(ids);
    expect(names({ sort: 'name asc' })).toEqual(NAMES);
    expect(names({ sort: 'name desc' })).toEqual([...NAMES].reverse());
    expect(names({ sort: 'metadata_modified asc' })).toEqual([
      'deaths',
      'medical-facilities',
      'health-insurance-coverage',
      'registered-medicines',
      'births',
    ]);
  });

  it('refuses a sort it cannot do, naming the parameter', () => {
    expect(validationError('package_search', { sort: 'views_recent desc' }).field).toBe('sort');
    expect(validationError('package_search', { sort: 'name' }).field).toBe('sort');
  });

  it('matches free words without diacritics over titles, descriptions, tags and column names', () => {
    expect(names({ q: 'giay chung sinh' })).toEqual(['births']);
    expect(names({ q: 'Bệnh viện' })).toEqual(['medical-facilities']);
    expect(names({ q: 'licence_number' })).toEqual(['medical-facilities']);
    expect(names({ q: 'icd10' })).toEqual(['deaths']);
    expect(names({ q: '"bảo hiểm y tế"' })).toEqual(['health-insurance-coverage']);
    expect(search({ q: '*:*' }).count).toBe(5);
    expect(search({ q: 'khong co gi' }).count).toBe(0);
  });

  it('ranks a title match above a match elsewhere', () => {
    // "tử vong" is in deaths' title (oldest) and in one of births' tags (newest).
    expect(names({ q: 'tu vong' })).toEqual(['deaths', 'births']);
    expect(names({ q: 'tu vong', sort: 'metadata_modified desc' })).toEqual(['births', 'deaths']);
  });

  it('filters with fq on organization, groups, tags and res_format, combined with + or spaces', () => {
    expect(names({ fq: 'organization:bo-y-te', sort: 'name asc' })).toEqual([
      'births',
      'deaths',
      'medical-facilities',
      'registered-medicines',
    ]);
    expect(names({ fq: 'organization:bao-hiem-xa-hoi-viet-nam' })).toEqual(['health-insurance-coverage']);
    expect(names({ fq: 'groups:category-11', sort: 'name asc' })).toEqual(['births', 'deaths']);
    expect(names({ fq: 'tags:thuốc' })).toEqual(['registered-medicines']);
    expect(names({ fq: 'tags:"khám bệnh chữa bệnh"' })).toEqual(['medical-facilities']);
    expect(names({ fq: 'res_format:PARQUET', sort: 'name asc' })).toEqual([
      'births',
      'deaths',
      'medical-facilities',
      'registered-medicines',
    ]);
    expect(names({ fq: '+organization:bo-y-te +groups:category-11 +res_format:CSV', sort: 'name asc' })).toEqual(['births', 'deaths']);
    expect(names({ fq: 'organization:bo-y-te groups:category-24' })).toEqual(['medical-facilities']);
    expect(names({ fq: '-organization:bo-y-te' })).toEqual(['health-insurance-coverage']);
    expect(names({ fq: 'groups:category-6 OR groups:category-13', sort: 'name asc' })).toEqual([
      'health-insurance-coverage',
      'registered-medicines',
    ]);
    expect(names({ fq: 'groups:(category-6 OR category-24)', sort: 'name asc' })).toEqual(['medical-facilities', 'registered-medicines']);
    expect(names({ fq_list: ['organization:bo-y-te', 'tags:sinh'] })).toEqual(['births']);
  });

  it('filters metadata_modified ranges, boundaries included with [ ] and excluded with { }', () => {
    // births' latest version was published at 2026-03-01T08:00:00.250Z.
    const since = (t: string) => names({ fq: `metadata_modified:[${t} TO *]`, sort: 'name asc' });
    expect(since('2026-03-01T08:00:00.250Z')).toEqual(['births']);
    expect(since('2026-03-01T08:00:00.250000Z')).toEqual(['births']);
    expect(since('2026-03-01T08:00:00.249999Z')).toEqual(['births']);
    expect(since('2026-03-01T08:00:00.250001Z')).toEqual([]);
    expect(since('2026-03-01T08:00:00')).toEqual(['births']);
    expect(names({ fq: 'metadata_modified:{2026-03-01T08:00:00.250Z TO *]' })).toEqual([]);
    expect(since('2026-02-01T00:00:00Z')).toEqual(['births', 'health-insurance-coverage', 'medical-facilities', 'registered-medicines']);
    expect(names({ fq: 'metadata_modified:[* TO 2026-02-01T00:00:00Z]', sort: 'name asc' })).toEqual(['deaths', 'medical-facilities']);
    expect(names({ fq: 'metadata_modified:[* TO 2026-02-01T00:00:00Z}' })).toEqual(['deaths']);
    expect(names({ fq: 'metadata_modified:[2026-02-01T00:00:00Z TO 2026-02-15T12:00:00Z]', sort: 'name asc' })).toEqual([
      'health-insurance-coverage',
      'medical-facilities',
      'registered-medicines',
    ]);
    // What ckanext-harvest sends for an incremental run: a since-time filter next to its organisation filters.
    expect(
      names({ fq: '-organization:bao-hiem-xa-hoi-viet-nam metadata_modified:[2026-02-01T00:00:00.000001Z TO *]', sort: 'id asc' }).sort(),
    ).toEqual(['births', 'registered-medicines']);
  });

  it('uses the pointer time when a version is not yet marked published', () => {
    // registered-medicines' version 20260215T120000Z has no publishedAt: the version id is the time.
    expect(names({ fq: 'metadata_modified:[2026-02-15T12:00:00Z TO 2026-02-15T12:00:00Z]' })).toEqual(['registered-medicines']);
  });

  it('refuses an fq it cannot read, naming fq', () => {
    expect(validationError('package_search', { fq: 'colour:blue' }).field).toBe('fq');
    expect(validationError('package_search', { fq: 'metadata_modified:[yesterday TO *]' }).field).toBe('fq');
    expect(validationError('package_search', { fq: 'metadata_modified:[2026-02-30T00:00:00Z TO *]' }).field).toBe('fq');
    expect(validationError('package_search', { fq: 'name:[a TO b]' }).field).toBe('fq');
    expect(validationError('package_search', { fq: '(organization:bo-y-te' }).field).toBe('fq');
  });

  it('counts facets over the matching datasets, with display names', () => {
    // Act
    const all = search({ 'facet.field': '["organization","groups","res_format","license_id"]', rows: 0 });
    const filtered = search({ 'facet.field': ['groups'], fq: 'organization:bo-y-te' });

    // Assess
    expect(all.results).toEqual([]);
    expect(all.facets.organization).toEqual({ 'bo-y-te': 4, 'bao-hiem-xa-hoi-viet-nam': 1 });
    expect(all.search_facets.organization!.items).toEqual([
      { name: 'bo-y-te', display_name: 'Bộ Y tế', count: 4 },
      { name: 'bao-hiem-xa-hoi-viet-nam', display_name: 'Bảo hiểm xã hội Việt Nam', count: 1 },
    ]);
    expect(all.search_facets.groups!.items[0]).toEqual({ name: 'category-11', display_name: 'Dân số', count: 2 });
    expect(all.facets.res_format).toEqual({ CSV: 5, PARQUET: 4, JSON: 3 });
    expect(all.facets.license_id).toEqual({ 'cc-by': 5 });
    expect(filtered.facets.groups).toEqual({
      'category-11': 2,
      'category-10': 1,
      'category-12': 1,
      'category-24': 1,
      'category-3': 1,
      'category-6': 1,
    });
    expect(search({ 'facet.field': '["groups"]', 'facet.limit': 2 }).search_facets.groups!.items).toHaveLength(2);
    expect(validationError('package_search', { 'facet.field': '["colour"]' }).field).toBe('facet.field');
    expect(validationError('package_search', { 'facet.field': '["groups"' }).field).toBe('facet.field');
  });

  it('validates rows and start: 400 for non-numbers and negatives, rows above 1000 clamped as CKAN does', () => {
    expect(validationError('package_search', { rows: 'ten' }).field).toBe('rows');
    expect(validationError('package_search', { rows: -1 }).field).toBe('rows');
    expect(validationError('package_search', { rows: '1.5' }).field).toBe('rows');
    expect(validationError('package_search', { start: 'x' }).field).toBe('start');
    expect(search({ rows: '5000' }).results).toHaveLength(5);
    expect(search({ rows: '0' }).results).toHaveLength(0);
  });

  it('returns only the fields asked for with fl', () => {
    expect(search({ fl: 'id,name', sort: 'name asc', rows: 1 }).results).toEqual([{ id: stableUuid('births'), name: 'births' }]);
  });
});

describe('CKAN package_show and resource_show', () => {
  const births = () => call<CkanPackage>('package_show', { id: 'births' });

  it('shows a dataset whose every version was withdrawn as a deleted package, to package_show only', () => {
    const births = ENTRIES[0]!;
    const withdrawn: VersionRecord = {
      ...births.latest,
      state: 'withdrawn',
      withdrawal: { at: '2026-11-30T03:00:00.000Z', reason: 'Nhập trùng cả tháng' },
    };
    const tombstones = [{ dataset: { ...births.dataset, latestVersion: undefined }, withdrawn: [withdrawn] }];
    const visible = ENTRIES.slice(1);
    const shown = callAction('package_show', visible, BASE, { id: 'births' }, tombstones) as CkanPackage;
    expect([shown.state, shown.resources, shown.num_resources, shown.name]).toEqual(['deleted', [], 0, 'births']);
    expect(shown.notes).toContain(`- ${withdrawn.version} (2026-11-30): Nhập trùng cả tháng`);
    expect(shown.extras).toContainEqual({ key: `withdrawn:${withdrawn.version}`, value: '2026-11-30: Nhập trùng cả tháng' });
    expect(shown.extras.map((e) => e.key)).not.toContain('latest_version');
    expect(shown.metadata_modified).toBe('2026-11-30T03:00:00.000000');
    expect(callAction('package_show', visible, BASE, { id: stableUuid('births') }, tombstones)).toEqual(shown);
    // Searches and lists show active packages only, as CKAN does.
    expect(callAction('package_list', visible, BASE, {}, tombstones)).not.toContain('births');
    expect((callAction('package_search', visible, BASE, { q: 'births' }, tombstones) as PackageSearchResult).count).toBe(0);
    expect(() => callAction('package_show', visible, BASE, { id: 'births' })).toThrow(NotFoundError);
  });

  it('shows a withdrawn version in the notes and the extras, with its date and reason', () => {
    const withdrawn: VersionRecord = {
      ...ENTRIES[0]!.latest,
      version: '20261101T000000Z',
      state: 'withdrawn',
      files: [],
      withdrawal: { at: '2026-11-20T03:00:00.000Z', reason: 'Số liệu tháng 10 nhập trùng' },
    };
    const catalog = ckanCatalog([{ ...ENTRIES[0]!, withdrawn: [withdrawn] }, ...ENTRIES.slice(1)], BASE);
    const pkg = catalog.packages.find((p) => p.name === 'births')!;
    expect(pkg.notes).toContain('**Phiên bản đã rút / Withdrawn versions:**\n- 20261101T000000Z (2026-11-20): Số liệu tháng 10 nhập trùng');
    expect(pkg.extras).toContainEqual({ key: 'withdrawn:20261101T000000Z', value: '2026-11-20: Số liệu tháng 10 nhập trùng' });
    expect(births().notes).not.toContain('Withdrawn');
  });

  it('finds a package by name or by id', () => {
    expect(call<CkanPackage>('package_show', { id: stableUuid('births') })).toEqual(births());
    expect(() => call('package_show', { id: 'no-such-dataset' })).toThrow(NotFoundError);
    expect(validationError('package_show', {}).field).toBe('id');
  });

  it('describes a dataset in CKAN 2.10 package_show shape', () => {
    // Act
    const pkg = births();

    // Assess
    expect(pkg).toMatchObject({
      id: stableUuid('births'),
      name: 'births',
      title: 'Số trẻ sinh ra theo tỉnh',
      url: `${BASE}/dataset/births`,
      version: '20260301T080000Z',
      state: 'active',
      private: false,
      type: 'dataset',
      license_id: 'cc-by',
      license_title: 'Creative Commons Attribution 4.0 International',
      license_url: 'https://creativecommons.org/licenses/by/4.0/',
      isopen: true,
      metadata_created: '2026-01-10T00:00:05.000000',
      metadata_modified: '2026-03-01T08:00:00.250000',
      owner_org: stableUuid('ckan', 'organization', 'bo-y-te'),
      organization: { name: 'bo-y-te', title: 'Bộ Y tế', is_organization: true, type: 'organization' },
      num_resources: 3,
      num_tags: 4,
    });
    expect(pkg.notes).toContain('Mô tả Số trẻ sinh ra theo tỉnh');
    expect(pkg.notes).toContain('About births');
    expect(pkg.groups.map((g: CkanGroupRef) => [g.name, g.title])).toEqual([
      ['category-11', 'Dân số'],
      ['category-12', 'Sức khỏe bà mẹ - trẻ em, sức khỏe sinh sản'],
    ]);
    expect(pkg.tags.map((t) => t.name)).toEqual(['sinh', 'giấy chứng sinh', 'tử vong sơ sinh', 'births']);
    const extras = Object.fromEntries(pkg.extras.map((e) => [e.key, e.value]));
    expect(extras).toMatchObject({
      language: 'vi',
      decree_art14_scope: '14.1.a',
      disclosure_k: '11',
      update_frequency: 'Hằng tháng (Monthly)',
      'version:20260110T000000Z': `${BASE}/datasets/births/20260110T000000Z/datapackage.json`,
    });
    expect(extras.legal_basis).toContain('Nghị định 102/2025/NĐ-CP');
    expect(pkg.extras.every((e) => typeof e.value === 'string')).toBe(true);
  });

  it('lists the latest version files as resources with stable ids, download URLs and hashes', () => {
    // Act
    const [csv, parquet, datapackage] = births().resources;

    // Assess
    expect(csv).toMatchObject({
      id: stableUuid('births', '20260301T080000Z', 'births.csv'),
      package_id: stableUuid('births'),
      name: 'births.csv',
      url: `${BASE}/datasets/births/20260301T080000Z/births.csv`,
      format: 'CSV',
      mimetype: 'text/csv',
      size: 1001,
      hash: `sha256:${'csv20260301T080000Z'.padEnd(64, '0')}`,
      created: '2026-03-01T08:00:00.250000',
      last_modified: '2026-03-01T08:00:00.250000',
      position: 0,
      state: 'active',
    });
    expect([parquet!.format, parquet!.mimetype, datapackage!.format, datapackage!.position]).toEqual([
      'PARQUET',
      'application/vnd.apache.parquet',
      'JSON',
      2,
    ]);
  });

  it('keeps tags valid for CKAN: no commas, each once', () => {
    const pkg = call<CkanPackage>('package_show', { id: 'medical-facilities' });
    expect(pkg.tags.map((t) => t.name)).toEqual(['bệnh viện', 'khám bệnh chữa bệnh', 'medical facilities']);
    for (const t of pkg.tags) expect(t.name).toMatch(/^[\p{L}\p{N} _.-]{2,100}$/u);
  });

  it('publishes disclosure k only for aggregates, closed fields only where there are some', () => {
    const extras = (id: string) => call<CkanPackage>('package_show', { id }).extras.map((e) => e.key);
    expect(extras('medical-facilities')).not.toContain('disclosure_k');
    expect(extras('medical-facilities')).toContain('closed_fields');
    expect(extras('deaths')).not.toContain('closed_fields');
  });

  it('shows a resource of the latest or of an older version by id, and 404 for an unknown one', () => {
    const latest = births().resources[1]!;
    expect(call<CkanResource>('resource_show', { id: latest.id })).toEqual(latest);
    const older = call<CkanResource>('resource_show', { id: stableUuid('births', '20260110T000000Z', 'births.csv') });
    expect(older.url).toBe(`${BASE}/datasets/births/20260110T000000Z/births.csv`);
    expect(() => call('resource_show', { id: stableUuid('births', '20990101T000000Z', 'births.csv') })).toThrow(NotFoundError);
  });
});

describe('CKAN lists, organizations, groups, status and help', () => {
  it('lists package names sorted, with limit and offset', () => {
    expect(call('package_list')).toEqual(NAMES);
    expect(call('package_list', { limit: 2, offset: 1 })).toEqual(['deaths', 'health-insurance-coverage']);
    expect(validationError('package_list', { limit: 'all' }).field).toBe('limit');
  });

  it('lists organizations by name, or with all fields and package counts', () => {
    expect(call('organization_list')).toEqual(['bao-hiem-xa-hoi-viet-nam', 'bo-y-te']);
    const all = call<{ name: string; package_count: number; created: string }[]>('organization_list', {
      all_fields: 'true',
      sort: 'package_count desc',
    });
    expect(all.map((o) => [o.name, o.package_count])).toEqual([
      ['bo-y-te', 4],
      ['bao-hiem-xa-hoi-viet-nam', 1],
    ]);
    expect(all[0]!.created).toBe('2026-01-10T00:00:05.000000');
  });

  it('shows an organization by name or id, with its datasets on request', () => {
    const byName = call<Record<string, unknown>>('organization_show', { id: 'bo-y-te' });
    expect(byName).toMatchObject({ name: 'bo-y-te', title: 'Bộ Y tế', package_count: 4, is_organization: true });
    expect(byName).not.toHaveProperty('packages');
    const withDatasets = call<{ packages: CkanPackage[] }>('organization_show', {
      id: stableUuid('ckan', 'organization', 'bo-y-te'),
      include_datasets: true,
    });
    expect(withDatasets.packages.map((p) => p.name)).toEqual(['births', 'deaths', 'medical-facilities', 'registered-medicines']);
    expect(() => call('organization_show', { id: 'nobody' })).toThrow(NotFoundError);
  });

  it('lists the Art. 5 categories in use as groups, and shows one', () => {
    expect(call('group_list')).toEqual([
      'category-10',
      'category-11',
      'category-12',
      'category-13',
      'category-24',
      'category-3',
      'category-6',
    ]);
    expect(call<{ name: string }[]>('group_list', { all_fields: true, sort: 'name asc', limit: 1 })).toMatchObject([
      { name: 'category-10', title: 'Cơ sở hạ tầng y tế', package_count: 1, is_organization: false, type: 'group' },
    ]);
    const group = call<{ package_count: number; packages: CkanPackage[] }>('group_show', { id: 'category-11', include_datasets: 'True' });
    expect(group.package_count).toBe(2);
    expect(group.packages.map((p) => p.name)).toEqual(['births', 'deaths']);
    expect(call<{ name: string }>('group_show', { id: stableUuid('ckan', 'group', 'category-24') }).name).toBe('category-24');
    expect(() => call('group_show', { id: 'category-99' })).toThrow(NotFoundError);
  });

  it('reports the site as CKAN 2.10.4 in Vietnamese', () => {
    expect(callAction('status_show', [], BASE, {})).toEqual({
      ckan_version: '2.10.4',
      site_title: 'Dữ liệu mở ngành y tế Việt Nam',
      site_url: BASE,
      site_description: expect.stringContaining('Bộ Y tế'),
      error_emails_to: null,
      locale_default: 'vi',
      extensions: [],
    });
  });

  it('answers help_show for known actions and 404 for unknown actions', () => {
    expect(call('help_show', { name: 'package_search' })).toContain('fq');
    expect(() => call('help_show', { name: 'package_create' })).toThrow(NotFoundError);
    expect(() => call('package_create', { name: 'x' })).toThrow(NotFoundError);
    expect(() => call('__proto__')).toThrow(NotFoundError);
  });
});

describe('isoMicros', () => {
  it('reads the times harvesters send, to the microsecond', () => {
    expect(isoMicros('2026-11-25T01:00:00.123456Z')).toBe(Date.parse('2026-11-25T01:00:00.123Z') * 1000 + 456);
    expect(isoMicros('2026-11-25T08:00:00+07:00')).toBe(Date.parse('2026-11-25T01:00:00Z') * 1000);
    expect(isoMicros('2026-11-25')).toBe(Date.parse('2026-11-25T00:00:00Z') * 1000);
    expect(isoMicros('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(isoMicros('NOW')).toBeUndefined();
  });
});

// ---- The routes: CKAN's envelope over GET and POST -------------------------------------------

const baseEvent = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', 'api-gateway-v2-get-dataset.json'), 'utf8'),
) as APIGatewayProxyEventV2;

/** An in-memory catalog holding the fixture's datasets and versions: what loadCatalog reads. */
const store = (entries: CatalogEntry[]): CatalogStore =>
  MemoryCatalogStore.of({ datasets: entries.map((e) => e.dataset), versions: entries.flatMap((e) => e.versions) });

function event(
  method: 'GET' | 'POST',
  path: string,
  init: { query?: Record<string, string>; body?: string; base64?: boolean; contentType?: string } = {},
): APIGatewayProxyEventV2 {
  const action = path.split('/').pop()!;
  return {
    ...baseEvent,
    rawPath: path,
    rawQueryString: new URLSearchParams(init.query ?? {}).toString(),
    queryStringParameters: init.query,
    pathParameters: { action },
    headers: { ...baseEvent.headers, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    requestContext: { ...baseEvent.requestContext, http: { ...baseEvent.requestContext.http, method, path } },
    body: init.body === undefined ? undefined : init.base64 ? Buffer.from(init.body).toString('base64') : init.body,
    isBase64Encoded: init.base64 ?? false,
  };
}

interface Envelope {
  help: string;
  success: boolean;
  result?: unknown;
  error?: Record<string, unknown>;
}

async function send(method: 'GET' | 'POST', path: string, init: Parameters<typeof event>[2] = {}, entries = ENTRIES) {
  const table = ckanRoutes({ catalog: store(entries), publicBaseUrl: BASE, tableFiles: tableFilesIn(new MemoryObjectStore('public')) });
  const pattern = path.replace(/[^/]+$/, '{action}');
  const route = (method === 'GET' ? table.get : table.post!)[pattern]!;
  const response: HttpResponse = await route(event(method, path, init));
  return { response, body: JSON.parse(String(response.body)) as Envelope };
}

describe('ckanRoutes', () => {
  it('serves /api/3/action/{name} and /api/action/{name}, GET and POST', () => {
    const table = ckanRoutes({ catalog: store(ENTRIES), publicBaseUrl: BASE, tableFiles: tableFilesIn(new MemoryObjectStore('public')) });
    expect(Object.keys(table.get)).toEqual(['/api/3', '/api/3/action/{action}', '/api/action/{action}']);
    expect(Object.keys(table.post!)).toEqual(['/api/3/action/{action}', '/api/action/{action}']);
  });

  it('wraps results in CKAN’s envelope with the help URL', async () => {
    // Act
    const { response, body } = await send('GET', '/api/3/action/package_list');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60' });
    expect(body).toEqual({ help: `${BASE}/api/3/action/help_show?name=package_list`, success: true, result: NAMES });
  });

  it('answers a POST JSON body exactly as the same GET query (plain, base64 and form bodies)', async () => {
    // Prepare
    const query = {
      q: 'sinh',
      fq: 'organization:bo-y-te +groups:category-11',
      rows: '2',
      start: '0',
      sort: 'name asc',
      'facet.field': '["groups","tags"]',
    };
    const json = JSON.stringify({ ...query, rows: 2, start: 0, 'facet.field': ['groups', 'tags'] });

    // Act
    const get = await send('GET', '/api/3/action/package_search', { query });
    const post = await send('POST', '/api/action/package_search', { body: json, contentType: 'application/json' });
    const base64 = await send('POST', '/api/3/action/package_search', { body: json, base64: true });
    const form = await send('POST', '/api/3/action/package_search', {
      body: new URLSearchParams(query).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });

    // Assess
    expect((get.body.result as PackageSearchResult).count).toBe(1);
    expect(post.body.result).toEqual(get.body.result);
    expect(base64.body.result).toEqual(get.body.result);
    expect(form.body.result).toEqual(get.body.result);
    expect(post.response.headers).toMatchObject({ 'cache-control': 'no-store' });
  });

  it('takes ckanapi’s POST with JSON booleans', async () => {
    const { body } = await send('POST', '/api/action/organization_show', {
      body: JSON.stringify({ id: 'bo-y-te', include_datasets: false, include_password_hash: true }),
    });
    expect(body.success).toBe(true);
    expect(body.result).toMatchObject({ name: 'bo-y-te' });
  });

  it('answers errors in CKAN’s envelope, not the generic error shape', async () => {
    for (const [method, path, init, status, type, field] of [
      ['GET', '/api/3/action/package_create', {}, 404, 'Not Found Error', undefined],
      ['GET', '/api/3/action/package_show', { query: { id: 'no-such' } }, 404, 'Not Found Error', undefined],
      ['GET', '/api/3/action/resource_show', { query: { id: 'no-such' } }, 404, 'Not Found Error', undefined],
      ['GET', '/api/3/action/package_search', { query: { rows: 'many' } }, 400, 'Validation Error', 'rows'],
      ['GET', '/api/3/action/package_search', { query: { fq: 'metadata_modified:[soon TO *]' } }, 400, 'Validation Error', 'fq'],
      ['POST', '/api/3/action/package_show', { body: '{"id":' }, 400, 'Validation Error', 'body'],
      ['POST', '/api/3/action/package_show', { body: '["births"]' }, 400, 'Validation Error', 'body'],
    ] as const) {
      // Act
      const { response, body } = await send(method, path, init);

      // Assess
      expect([path, response.statusCode]).toEqual([path, status]);
      expect(response.headers).toMatchObject({ 'cache-control': 'no-store' });
      expect(body.success).toBe(false);
      expect(body.help).toBe(`${BASE}/api/3/action/help_show?name=${path.split('/').pop()}`);
      expect(body.error!.__type).toBe(type);
      expect(typeof body.error!.message).toBe('string');
      if (field) expect(body.error![field]).toEqual([expect.any(String)]);
      expect(body).not.toHaveProperty('error.status');
    }
  });

  it('leaves failures that are not the caller’s to the generic error handler', async () => {
    const broken: CatalogStore = Object.assign(store(ENTRIES), { listDatasets: async () => Promise.reject(new Error('DynamoDB is down')) });
    const route = ckanRoutes({ catalog: broken, publicBaseUrl: BASE, tableFiles: tableFilesIn(new MemoryObjectStore('public')) }).get[
      '/api/3/action/{action}'
    ]!;
    await expect(route(event('GET', '/api/3/action/package_list'))).rejects.toThrow('DynamoDB is down');
    // status_show does not read the catalog at all.
    const status = await route(event('GET', '/api/3/action/status_show'));
    expect(status.statusCode).toBe(200);
  });

  it('answers /api/3 with the API version, as CKAN does', async () => {
    const response = await ckanRoutes({
      catalog: store(ENTRIES),
      publicBaseUrl: BASE,
      tableFiles: tableFilesIn(new MemoryObjectStore('public')),
    }).get['/api/3']!(event('GET', '/api/3'));
    expect(JSON.parse(String(response.body))).toEqual({ version: 3 });
  });
});
