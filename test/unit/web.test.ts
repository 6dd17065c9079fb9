import { describe, expect, it, vi } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { MemoryObjectStore } from '../../src/adapters/memory-object-store.ts';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createApiHandler } from '../../src/api/app.ts';
import type { DatasetMetadata, DatasetRecord, VersionFile, VersionRecord } from '../../src/catalog/model.ts';
import { parseSearchQuery, searchDatasets } from '../../src/catalog/search.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';
import { datasetPage, formatScope, latestFileUrl, localSuppressionNote } from '../../src/web/dataset.ts';
import { homePage, shorten } from '../../src/web/home.ts';
import { escapeHtml } from '../../src/web/html.ts';
import { MESSAGES, parseLang } from '../../src/web/i18n.ts';
import type { PageContext } from '../../src/web/context.ts';
import { duckdbSnippet, pandasSnippet, rSnippet } from '../../src/web/snippets.ts';

const BASE = 'https://data.example.vn';
const HOSTILE = `<script>alert("x")</script>`;

function metadata(id: string, overrides: Partial<DatasetMetadata> = {}): DatasetMetadata {
  return {
    id,
    title: { vi: 'Cơ sở khám bệnh, chữa bệnh', en: 'Medical facilities' },
    description: { vi: 'Danh sách bệnh viện và phòng khám được cấp phép.', en: 'Licensed hospitals and clinics.' },
    keywords: { vi: ['bệnh viện'], en: ['hospital'] },
    categories: [{ number: 24, vi: 'Các cơ sở y tế', en: 'Medical facilities' }],
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
    publisher: { name: { vi: 'Bộ Y tế', en: 'Ministry of Health of Viet Nam' }, url: 'https://moh.gov.vn', email: 'opendata@moh.gov.vn' },
    source: { vi: 'Sổ cấp phép', en: 'Licence registers' },
    updateFrequency: { vi: 'Hằng ngày', en: 'Daily' },
    kind: 'registry',
    tables: [
      {
        name: id,
        columns: [
          {
            name: 'facility_name',
            type: 'string',
            title: { vi: 'Tên cơ sở', en: 'Facility name' },
            description: { vi: 'Tên', en: 'Name' },
          },
          { name: 'issue_date', type: 'date', title: { vi: 'Ngày cấp', en: 'Issue date' }, description: { vi: 'Ngày', en: 'Date' } },
        ],
      },
    ],
    closedFields: [
      {
        field: 'SoCCHN_NDD',
        class: 'personal',
        provision: 'Art. 6, Art. 10.2.c',
        reason: { vi: 'Dữ liệu cá nhân', en: 'Personal data' },
      },
    ],
    ...overrides,
  };
}

const file = (datasetId: string, version: string, name: string, format: VersionFile['format'], sha: string): VersionFile => ({
  name,
  format,
  key: `datasets/${datasetId}/${version}/${name}`,
  mediaType: 'application/octet-stream',
  bytes: 12_345,
  sha256: sha.repeat(64).slice(0, 64),
});

function version(datasetId: string, id: string, extra: Partial<VersionRecord> = {}): VersionRecord {
  return {
    datasetId,
    version: id,
    state: 'published',
    createdAt: '2026-11-20T01:00:00.000Z',
    publishedAt: `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T01:00:00.000Z`,
    contentHash: 'h',
    rowCount: 1234,
    files: [
      file(datasetId, id, `${datasetId}.csv`, 'csv', 'a'),
      file(datasetId, id, `${datasetId}.parquet`, 'parquet', 'b'),
      file(datasetId, id, 'datapackage.json', 'datapackage', 'c'),
    ],
    stripped: [],
    unclassified: [],
    sources: [],
    quality: { rowsRejected: 0 },
    ...extra,
  };
}

const dataset = (m: DatasetMetadata, latestVersion: string): DatasetRecord => ({
  id: m.id,
  metadata: m,
  latestVersion,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
});

/** A catalog with a registry of hospitals (two versions) and an aggregate about births. */
function sampleCatalog() {
  const facilities = dataset(metadata('medical-facilities'), '20261120T010000Z');
  const births = dataset(
    metadata('births', {
      title: { vi: 'Số trẻ sinh ra theo tỉnh', en: 'Births by province' },
      description: { vi: 'Số trẻ được cấp giấy chứng sinh.', en: 'Births with a birth certificate.' },
      keywords: { vi: ['sinh'], en: ['births'] },
      categories: [{ number: 11, vi: 'Dân số', en: 'Population' }],
      scope: ['14.4.c'],
      kind: 'aggregate',
      disclosureK: 11,
    }),
    '20261119T010000Z',
  );
  const versions: Record<string, VersionRecord[]> = {
    'medical-facilities': [
      version('medical-facilities', '20261120T010000Z', {
        previousVersion: '20261110T010000Z',
        stripped: [
          {
            field: 'SoCCHN_NDD',
            class: 'personal',
            provision: 'Art. 6, Art. 10.2.c',
            reason: { vi: 'Dữ liệu cá nhân', en: 'Personal data' },
          },
          {
            field: 'GhiChu',
            class: 'unclassified',
            provision: 'fail-closed',
            reason: { vi: 'Trường chưa được phân loại', en: 'Field not classified' },
          },
        ],
        unclassified: ['GhiChu'],
        preview: {
          table: 'medical-facilities',
          columns: ['facility_name', 'issue_date'],
          rows: [
            ['Bệnh viện Bạch Mai', '1911-01-01'],
            ['Phòng khám X', null],
          ],
        },
        changes: { since: '20261110T010000Z', tables: [{ name: 'medical-facilities', added: 3, removed: 1, changed: 2 }] },
      }),
      version('medical-facilities', '20261115T010000Z', {
        state: 'withdrawn',
        withdrawal: { at: '2026-11-16T03:00:00.000Z', reason: 'Sai địa chỉ <b>' },
      }),
      version('medical-facilities', '20261110T010000Z', { rowCount: 1232 }),
    ],
    births: [version('births', '20261119T010000Z')],
  };
  return { datasets: [facilities, births], versions };
}

/** The read side of the catalog port over plain records; any write fails. */
function fakeCatalogStore({ datasets, versions }: ReturnType<typeof sampleCatalog>): CatalogStore {
  const reads: Pick<CatalogStore, 'listDatasets' | 'getDataset' | 'listVersions' | 'getVersion'> = {
    listDatasets: async () => datasets,
    getDataset: async (id) => datasets.find((d) => d.id === id),
    listVersions: async (id) => versions[id] ?? [],
    getVersion: async (id, v) => versions[id]?.find((x) => x.version === v),
  };
  const write = () => Promise.reject(new Error('read-only fake'));
  return new Proxy(reads, { get: (target, name) => (name in target ? target[name as keyof typeof reads] : write) }) as CatalogStore;
}

const event = (path: string, query: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

/** The real middy handler (routes, error handler) over a fake catalog. */
function site(catalog = sampleCatalog()) {
  const logged = vi.fn();
  const handler = createApiHandler(
    { catalog: fakeCatalogStore(catalog), publicBaseUrl: BASE, tableFiles: tableFilesIn(new MemoryObjectStore('public')) },
    { error: logged },
  );
  const get = async (path: string, query: Record<string, string> = {}) => {
    const response = await handler(event(path, query), localLambdaContext('api'));
    return { status: response.statusCode, headers: response.headers ?? {}, body: String(response.body) };
  };
  return { get, logged };
}

const hrefs = (page: string): string[] => [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('home page', () => {
  it('finds a dataset by a query without diacritics', async () => {
    // Act
    const { status, headers, body } = await site().get('/', { q: 'benh vien' });

    // Assess
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body).toContain('<html lang="vi">');
    expect(body).toContain('1 bộ dữ liệu cho “benh vien”');
    expect(body).toContain(`href="${BASE}/dataset/medical-facilities"`);
    expect(body).not.toContain(`href="${BASE}/dataset/births"`);
    expect(body).toContain('value="benh vien"');
  });

  it('lists every dataset with its categories, last update, rows and formats', async () => {
    const { body } = await site().get('/');
    expect(body).toContain('2 bộ dữ liệu');
    expect(body).toContain('Nhóm 24 · Các cơ sở y tế');
    expect(body).toContain('<time datetime="2026-11-20T01:00:00.000Z">20/11/2026</time>');
    expect(body).toContain('1.234 dòng');
    expect(body).toContain(`href="${BASE}/datasets/medical-facilities/20261120T010000Z/medical-facilities.csv">CSV</a>`);
    expect(body).toContain(`href="${BASE}/datasets/births/20261119T010000Z/births.parquet">Parquet</a>`);
  });

  it('filters by an Art. 5 category offered in the select', async () => {
    const { body } = await site().get('/', { category: '11' });
    expect(body).toContain('<option value="11" selected>Nhóm 11 · Dân số (1)</option>');
    expect(body).toContain('<option value="24">Nhóm 24 · Các cơ sở y tế (1)</option>');
    expect(body).not.toContain('<option value="1">');
    expect(body).toContain(`href="${BASE}/dataset/births"`);
    expect(body).not.toContain(`href="${BASE}/dataset/medical-facilities"`);
  });

  it('pages, keeping the query and the language in the links', async () => {
    const { body } = await site().get('/', { per_page: '1', lang: 'en' });
    expect(body).toContain('Page 1 of 2');
    expect(hrefs(body)).toContain(`${BASE}/?per_page=1&page=2&lang=en`);
    const second = await site().get('/', { per_page: '1', page: '2', lang: 'en' });
    expect(second.body).toContain(`href="${BASE}/dataset/medical-facilities?lang=en"`);
    expect(hrefs(second.body)).toContain(`${BASE}/?per_page=1&lang=en`);
    // Past the last page: not found (it used to render an empty page linking back to page 98).
    expect((await site().get('/', { per_page: '1', page: '3' })).status).toBe(404);
    expect((await site().get('/', { page: '99' })).status).toBe(404);
  });

  it('renders English with a switch back to Vietnamese that keeps the page and query', async () => {
    // Act
    const vi = await site().get('/', { q: 'benh vien', category: '24' });
    const en = await site().get('/', { q: 'benh vien', category: '24', lang: 'en' });

    // Assess
    expect(hrefs(vi.body)).toContain(`${BASE}/?q=benh+vien&category=24&lang=en`);
    expect(vi.body).toContain('lang="en">English</a>');
    expect(en.body).toContain('<html lang="en">');
    expect(en.headers['content-language']).toBe('en');
    expect(en.body).toContain('Medical facilities');
    expect(en.body).toContain('Licensed hospitals and clinics.');
    expect(en.body).not.toContain('Danh sách bệnh viện');
    expect(hrefs(en.body)).toContain(`${BASE}/?q=benh+vien&category=24`);
    expect(en.body).toContain('<input type="hidden" name="lang" value="en">');
    // Every link inside the site keeps the language (but the switch, and files, API, feed and icon which have none).
    const internal = hrefs(en.body).filter(
      (h) =>
        h.startsWith(`${BASE}/`) &&
        !/\/(datasets|api)\//.test(h) &&
        !h.endsWith('/api/datasets') &&
        !h.endsWith('/feed.atom') &&
        !h.endsWith('/favicon.svg'),
    );
    const switchLink = `${BASE}/?q=benh+vien&category=24`;
    expect(internal.filter((h) => h !== switchLink).every((h) => h.includes('lang=en'))).toBe(true);
  });

  it('answers bad parameters with a 400 page in the page’s language, and an unknown language with Vietnamese', async () => {
    const { get, logged } = site();
    const bad: Record<string, string>[] = [
      { page: '0' },
      { page: 'x' },
      { category: '25' },
      { category: 'abc' },
      { per_page: '1000' },
      { q: 'x'.repeat(201) },
      { page: 'x', lang: 'en' },
    ];
    for (const query of bad) {
      const res = await get('/', query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body).toContain(query.lang === 'en' ? '<h1 id="error">Bad request</h1>' : '<h1 id="error">Yêu cầu không hợp lệ</h1>');
    }
    for (const [path, lang] of [
      ['/', 'fr'],
      ['/dataset/medical-facilities', 'de'],
      ['/dataset/medical-facilities', 'EN'],
    ] as const) {
      const res = await get(path, { lang });
      expect([path, lang, res.status]).toEqual([path, lang, 200]);
      expect(res.body).toContain('<html lang="vi">');
    }
    const missing = await get('/dataset/no-such-dataset', { lang: 'en' });
    expect([missing.status, missing.body.includes('<h1 id="error">Page not found</h1>')]).toEqual([404, true]);
    expect(logged).not.toHaveBeenCalled();
  });
});

describe('dataset page', () => {
  it('links the feed and the icon, and describes itself for link previews (Open Graph) in its language', async () => {
    const { body } = await site().get('/dataset/medical-facilities', { lang: 'en' });
    expect(body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="New versions and withdrawals (Atom)" href="${BASE}/feed.atom">`,
    );
    expect(body).toContain(`<link rel="icon" type="image/svg+xml" href="${BASE}/favicon.svg">`);
    expect(body).toContain('<meta property="og:title" content="Medical facilities">');
    expect(body).toContain('<meta property="og:description" content="Licensed hospitals and clinics.">');
    expect(body).toContain(`<meta property="og:url" content="${BASE}/dataset/medical-facilities?lang=en">`);
    expect(body).toContain('<meta property="og:locale" content="en_GB">');
    const home = (await site().get('/')).body;
    expect(home).toContain(`<meta property="og:url" content="${BASE}/">`);
    expect(home).toContain('<meta property="og:locale" content="vi_VN">');
  });

  it('shows legal basis, schedule, licence, publisher and contact', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    expect(body).toContain('<h1 id="dataset">Cơ sở khám bệnh, chữa bệnh</h1>');
    expect(body).toContain('Nghị định 102/2025/NĐ-CP quy định về quản lý dữ liệu y tế');
    expect(body).toContain('Nhóm 24</a>: Các cơ sở y tế');
    expect(body).toContain('điểm a khoản 1 Điều 14');
    expect(body).toContain('Hằng ngày');
    expect(body).toContain(
      '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">Creative Commons Attribution 4.0 International</a>',
    );
    expect(body).toContain('<a href="mailto:opendata@moh.gov.vn">opendata@moh.gov.vn</a>');
  });

  it('lists the columns and every field never published, unclassified ones included', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    expect(body).toContain('<code>facility_name</code><br>Tên cơ sở');
    expect(body).toContain('<td>ngày</td>');
    expect(body).toContain('<code>SoCCHN_NDD</code>');
    expect(body).toContain('Art. 6, Art. 10.2.c');
    expect(body).toContain('<code>GhiChu</code> <small class="muted">(chưa phân loại)</small>');
    expect(body.match(/<code>SoCCHN_NDD<\/code>/g)).toHaveLength(1);
  });

  it('offers downloads with size, sha256, pinned and latest URLs', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    const pinned = `${BASE}/datasets/medical-facilities/20261120T010000Z/medical-facilities.csv`;
    expect(body).toContain(`<a class="button" href="${pinned}" download>Tải CSV <span>(12,1 KB)</span></a>`);
    expect(body).toContain(`<code class="copy" data-sha256>${'a'.repeat(64)}</code>`);
    expect(body).toContain(`<code class="copy">${BASE}/api/datasets/medical-facilities/latest/medical-facilities.csv</code>`);
    expect(latestFileUrl(BASE, 'a b', 'x.csv')).toBe(`${BASE}/api/datasets/a%20b/latest/x.csv`);
  });

  it('reads as a page, not a dump: what the data are before the downloads, checksums and code last, for developers', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    const at = (id: string) => body.indexOf(`<h2 id="${id}">`);
    const order = ['about', 'download', 'columns', 'never-published', 'versions', 'cite', 'developers'];
    expect(order.map(at).every((i) => i > 0)).toBe(true);
    expect([...order.map(at)].sort((a, b) => a - b)).toEqual(order.map(at));
    // The download cards carry a button each; sha256, links and snippets wait in the developers' section.
    const downloads = body.slice(at('download'), at('columns'));
    expect(downloads).toContain('class="button"');
    expect(downloads).not.toContain('data-sha256');
    expect(body.indexOf('data-sha256')).toBeGreaterThan(at('developers'));
    expect(body.indexOf('<h3 id="use">')).toBeGreaterThan(at('developers'));
  });

  it('shows the preview, every version with what changed, snippets and a citation', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    expect(body).toContain('<td>Bệnh viện Bạch Mai</td><td>1911-01-01</td>');
    expect(body).toContain('<td>Phòng khám X</td><td></td>');
    expect(body).toContain('thêm 3, bớt 1, sửa 2 dòng');
    expect(body).toContain('<tr id="version-20261110T010000Z">');
    expect(body).toContain(
      '<tr id="version-20261115T010000Z"><td class="nowrap"><del><code>20261115T010000Z</code></del></td><td class="nowrap"><time datetime="2026-11-16T03:00:00.000Z">16/11/2026</time></td><td></td><td><strong>Đã rút</strong>: Sai địa chỉ &lt;b&gt;</td>',
    );
    expect(body).not.toContain('/datasets/medical-facilities/20261115T010000Z/');
    expect(body).toContain('Phiên bản đầu tiên');
    expect(body).toContain(`SELECT * FROM &#39;${BASE}/datasets/medical-facilities/20261120T010000Z/medical-facilities.parquet&#39;;`);
    expect(body).toContain('pd.read_parquet(');
    expect(body).toContain('arrow::read_parquet(');
    expect(body).toContain('readr::read_csv(');
    expect(body).toContain(
      `Bộ Y tế (2026). Cơ sở khám bệnh, chữa bệnh. Phiên bản 20261120T010000Z, công bố ngày 20/11/2026. CC-BY-4.0. ${BASE}/dataset/medical-facilities`,
    );
  });

  it('embeds the schema.org Dataset as JSON-LD', async () => {
    const { body } = await site().get('/dataset/medical-facilities');
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)?.[1];
    expect(JSON.parse(json!)).toMatchObject({ '@type': 'Dataset', version: '20261120T010000Z' });
  });

  it('explains suppression marks for an aggregate, in the page language only', async () => {
    const vi = (await site().get('/dataset/births')).body;
    const en = (await site().get('/dataset/births', { lang: 'en' })).body;
    expect(vi).toContain(escapeHtml(localSuppressionNote(11, 'vi')));
    expect(localSuppressionNote(11, 'vi')).toMatch(/^Số liệu được công bố là 0 hoặc từ 11 trở lên\./);
    expect(localSuppressionNote(11, 'en')).toMatch(/^Published counts are 0 or at least 11\./);
    expect(en).toContain(escapeHtml(localSuppressionNote(11, 'en')));
    expect(en).not.toContain('Số liệu được công bố');
    expect((await site().get('/dataset/medical-facilities')).body).not.toContain('Số liệu được công bố là 0');
  });

  it('renders English from the metadata, with a switch back to the same page', async () => {
    const { body } = await site().get('/dataset/medical-facilities', { lang: 'en' });
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('<h1 id="dataset">Medical facilities</h1>');
    expect(body).toContain('Art. 14(1)(a)');
    expect(body).toContain('3 added, 1 removed, 2 changed');
    expect(body).toContain(`href="${BASE}/dataset/medical-facilities" hreflang="vi" lang="vi">Tiếng Việt</a>`);
    expect(body).toContain(`href="${BASE}/?lang=en">Catalog</a>`);
  });
});

describe('escaping of hostile metadata', () => {
  const m = metadata('evil', {
    title: { vi: HOSTILE, en: HOSTILE },
    description: { vi: `"><img src=x onerror=alert(1)>`, en: 'x' },
    categories: [{ number: 24, vi: `<b>bold</b>`, en: 'x' }],
    licence: { id: 'x', title: `<i>licence</i>`, url: 'javascript:alert(1)' },
    publisher: { name: { vi: 'Bộ Y tế', en: 'MoH' }, url: 'https://moh.gov.vn/"onmouseover="alert(1)', email: `a@b.vn"><script>` },
    tables: [
      {
        name: 'evil',
        columns: [
          { name: `</td><script>`, type: 'string', title: { vi: HOSTILE, en: HOSTILE }, description: { vi: HOSTILE, en: HOSTILE } },
        ],
      },
    ],
    closedFields: [{ field: HOSTILE, class: 'personal', provision: HOSTILE, reason: { vi: HOSTILE, en: HOSTILE } }],
  });
  const latest = version('evil', '20261120T010000Z', {
    preview: { table: HOSTILE, columns: [HOSTILE], rows: [[HOSTILE]] },
    changes: { since: HOSTILE, tables: [{ name: HOSTILE, added: 1, removed: 0, changed: 0 }] },
  });
  const ctx: PageContext = { base: BASE, lang: 'vi', path: '/dataset/evil', query: {} };

  it('escapes every metadata text on the dataset page and links only web URLs', () => {
    // Act
    const page = datasetPage(ctx, {
      dataset: dataset(m, latest.version),
      latest,
      versions: [latest],
      jsonLd: { name: `</script><script>alert(1)</script>` },
    });

    // Assess
    const [before, jsonLd, after] = page.split(/<script type="application\/ld\+json">|<\/script>/);
    expect(`${before}${after}`).not.toMatch(/<script|<img|<b>|<i>|"onmouseover/);
    expect(JSON.parse(jsonLd!)).toEqual({ name: '</script><script>alert(1)</script>' });
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('&lt;i&gt;licence&lt;/i&gt;');
    // The JSON-LD script ends only once: at its own closing tag.
    expect(page.match(/<\/script>/g)).toHaveLength(1);
  });

  it('escapes the query echoed on the home page', () => {
    const query = parseSearchQuery({ q: `"><script>alert(1)</script>` });
    const entries = [{ dataset: dataset(m, latest.version), latest, versions: [latest], withdrawn: [] }];
    const page = homePage(
      { ...ctx, path: '/', query: { q: query.q } },
      entries,
      query,
      searchDatasets(entries, (e) => e.dataset.metadata, query),
    );
    expect(page).not.toMatch(/<script>|<img|<b>/);
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('the never-published table', () => {
  it('lists the fields the tables count by apart from those only dropped', () => {
    const m = metadata('births', {
      kind: 'aggregate',
      disclosureK: 11,
      closedFields: [
        { field: 'HoTenMe', class: 'personal', provision: 'Art. 10.2', reason: { vi: 'Họ tên', en: 'Name' } },
        { field: 'GioiTinh', class: 'personal', provision: 'Art. 10.2', reason: { vi: 'Giới tính', en: 'Sex' }, countedAs: ['sex'] },
      ],
    });
    const latest = version('births', '20261120T010000Z');
    const ctx: PageContext = { base: BASE, lang: 'vi', path: '/dataset/births', query: {} };
    const page = datasetPage(ctx, { dataset: dataset(m, latest.version), latest, versions: [latest] });
    const dropped = page.slice(page.indexOf('id="never-published"'), page.indexOf('id="counted-only"'));
    const counted = page.slice(page.indexOf('id="counted-only"'), page.indexOf('</section>', page.indexOf('id="counted-only"')));
    expect(dropped).toContain('<code>HoTenMe</code>');
    expect(dropped).not.toContain('GioiTinh');
    expect(counted).toContain('<tr><td><code>GioiTinh</code></td><td><code>sex</code></td><td>Art. 10.2</td></tr>');
  });
});

describe('sorting and filtering the catalog', () => {
  // Code points put Đ (U+0110) after E and Ơ after P; Vietnamese puts Đ after D and Ơ after O.
  const titled = (id: string, vi: string, kind: 'registry' | 'aggregate', published: string) => {
    const m = metadata(id, { title: { vi, en: vi }, kind });
    const latest = version(id, published, {
      publishedAt: `${published.slice(0, 4)}-${published.slice(4, 6)}-${published.slice(6, 8)}T01:00:00.000Z`,
    });
    return { dataset: dataset(m, latest.version), latest, versions: [latest], withdrawn: [] };
  };
  const entries = [
    titled('a-e', 'Ê-kíp y tế', 'registry', '20261101T010000Z'),
    titled('b-d', 'Đăng ký thuốc', 'registry', '20261120T010000Z'),
    titled('c-o', 'Ơn gọi', 'aggregate', '20261110T010000Z'),
    titled('d-p', 'Phòng khám', 'aggregate', '20261105T010000Z'),
    titled('e-dd', 'Dân số', 'registry', '20261103T010000Z'),
  ];
  const sorted = (params: Record<string, string>) =>
    searchDatasets(entries, (e) => e.dataset.metadata, parseSearchQuery(params), {
      lang: 'vi',
      updatedOf: (e) => e.latest.publishedAt!,
    }).results.map((e) => e.dataset.metadata.title.vi);

  it('sorts titles the Vietnamese way, by update newest first, and filters by kind', () => {
    expect(sorted({ sort: 'title' })).toEqual(['Dân số', 'Đăng ký thuốc', 'Ê-kíp y tế', 'Ơn gọi', 'Phòng khám']);
    expect(sorted({ sort: 'updated' })).toEqual(['Đăng ký thuốc', 'Ơn gọi', 'Phòng khám', 'Dân số', 'Ê-kíp y tế']);
    expect(sorted({ kind: 'aggregate', sort: 'title' })).toEqual(['Ơn gọi', 'Phòng khám']);
  });

  it('offers kind and sort on the home page, selected as asked, and keeps them in the paging links', async () => {
    const { body } = await site().get('/', { kind: 'registry', sort: 'title' });
    expect(body).toContain('<option value="registry" selected>');
    expect(body).toContain('<option value="title" selected>Theo tên (A–Z)</option>');
    const paged = (await site().get('/', { sort: 'updated', per_page: '1' })).body;
    expect(hrefs(paged)).toContain(`${BASE}/?sort=updated&per_page=1&page=2`);
    expect((await site().get('/', { sort: 'newest' })).status).toBe(400);
  });
});

describe('chrome strings and helpers', () => {
  it('has every chrome string in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
    for (const [lang, messages] of Object.entries(MESSAGES)) {
      for (const [key, value] of Object.entries(messages))
        if (typeof value === 'string') expect([lang, key, value.length > 0]).toEqual([lang, key, true]);
    }
  });

  it('reads lang: English on request, else Vietnamese (the default, and the fallback)', () => {
    expect(parseLang(undefined)).toBe('vi');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('vi')).toBe('vi');
    expect(parseLang('EN')).toBe('vi');
    expect(parseLang('fr')).toBe('vi');
  });

  it('formats Art. 14 scope and shortens descriptions at a word', () => {
    expect(formatScope('14.4.đ', MESSAGES.vi)).toBe('điểm đ khoản 4 Điều 14');
    expect(formatScope('14.3', MESSAGES.en)).toBe('Art. 14(3)');
    expect(shorten('một hai ba bốn năm', 12)).toBe('một hai ba…');
    expect(shorten('ngắn')).toBe('ngắn');
  });

  it('quotes URLs in code snippets so none can break out', () => {
    const table = metadata('t').tables[0]!;
    expect(duckdbSnippet("https://x.vn/it's.parquet")).toContain("SELECT * FROM 'https://x.vn/it''s.parquet';");
    expect(pandasSnippet(table, 'https://x.vn/a".parquet', 'https://x.vn/a.csv')).toContain('pd.read_parquet("https://x.vn/a\\".parquet")');
    expect(pandasSnippet(table, 'p', 'c')).toContain('"facility_name": "string",');
    expect(pandasSnippet(table, 'p', 'c')).toContain('parse_dates=["issue_date"]');
    expect(rSnippet(table, 'p', 'c')).toBe('df <- arrow::read_parquet("p")\n\n# CSV\ndf <- readr::read_csv("c", col_types = "cD")');
  });
});
