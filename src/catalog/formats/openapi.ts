import { MEDIA_TYPES } from '../media-types.ts';
/**
 * `/openapi.json`: OpenAPI 3.1 description of every address the site answers: the pages, the
 * catalog API, CKAN's Action API, the catalog documents and the files. Summaries are Vietnamese,
 * descriptions English (developers). test/integration/openapi.test.ts checks that every route the
 * API serves is here and that its JSON answers validate against these schemas. `/api` renders it
 * as a page (src/web/api-page.ts).
 */

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const error = (description: string) => ({ description, content: json(ref('Error')) });

const text = { type: 'string' };
const localized = { type: 'object', required: ['vi', 'en'], properties: { vi: text, en: text } };
const pathParam = (name: string, description: string, pattern?: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', ...(pattern ? { pattern } : {}) },
});
const query = (name: string, description: string, schema: object = text) => ({ name, in: 'query', required: false, description, schema });

const LANG = query('lang', 'Page language: `vi` (default) or `en`; anything else falls back to Vietnamese.', { type: 'string' });
const SEARCH = [
  query('q', 'Words to find, with or without diacritics (every word must occur).', { type: 'string', maxLength: 200 }),
  query('category', 'Art. 5 category (1–24) of Decree 102/2025/ND-CP.', { type: 'integer', minimum: 1, maximum: 24 }),
  query('kind', 'Registers or aggregates only.', { type: 'string', enum: ['registry', 'aggregate'] }),
  query('frequency', 'How often the dataset is updated: `daily`, `weekly`, `monthly`…', { type: 'string', pattern: '^[a-z][a-z-]{0,39}$' }),
  query('province', 'Only datasets with data for this province (two-digit code; a national dataset covers all).', {
    type: 'string',
    pattern: '^[0-9]{2}$',
  }),
  query('sort', 'By title (Vietnamese collation) or by last update, newest first; relevance when absent.', {
    type: 'string',
    enum: ['title', 'updated'],
  }),
  query('page', 'Page, from 1; a page past the last is a 404.', { type: 'integer', minimum: 1, maximum: 100000 }),
  query('per_page', 'Results per page (default 20).', { type: 'integer', minimum: 1, maximum: 100 }),
];
const DATASET_ID = pathParam('id', 'Dataset id, e.g. `births`.', '^[a-z][a-z0-9-]{0,63}$');
const VERSION = pathParam('version', 'Version id (UTC timestamp, e.g. `20261125T215222Z`).', '^[0-9]{8}T[0-9]{6}Z$');

const file = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'format', 'mediaType', 'bytes', 'sha256', 'url'],
  properties: {
    name: text,
    format: { type: 'string', enum: ['csv', 'parquet', 'xlsx', 'datapackage', 'quality-report', 'search-index'] },
    mediaType: text,
    bytes: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    url: { type: 'string', format: 'uri' },
  },
};

const chart = {
  type: 'object',
  required: ['id', 'table', 'column', 'bars'],
  properties: {
    id: text,
    table: text,
    column: text,
    period: text,
    otherCategories: { type: 'integer' },
    bars: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'value', 'hiddenCells'],
        properties: { code: text, label: text, value: { type: 'integer', minimum: 0 }, hiddenCells: { type: 'integer', minimum: 0 } },
      },
    },
  },
};

const version = {
  type: 'object',
  additionalProperties: false,
  required: [
    'version',
    'publishedAt',
    'rowCount',
    'previousVersion',
    'files',
    'stripped',
    'unclassified',
    'quality',
    'disclosure',
    'changes',
    'preview',
    'charts',
  ],
  properties: {
    version: text,
    publishedAt: { type: 'string', format: 'date-time' },
    rowCount: { type: 'integer', minimum: 0 },
    previousVersion: nullable(text),
    files: { type: 'array', items: ref('File') },
    stripped: { type: 'array', items: { type: 'object', required: ['field', 'class', 'provision', 'reason'] } },
    unclassified: { type: 'array', items: text },
    quality: { type: 'object' },
    disclosure: nullable({ type: 'object', required: ['rule', 'k', 'cells', 'suppressed'] }),
    changes: nullable({ type: 'object', required: ['since', 'tables'] }),
    preview: nullable({ type: 'object', required: ['table', 'columns', 'rows'] }),
    charts: { type: 'array', items: ref('Chart') },
  },
};

const summaryProperties = {
  id: text,
  title: localized,
  description: localized,
  categories: { type: 'array', items: { type: 'object', required: ['number', 'vi', 'en'] } },
  licence: { type: 'object', required: ['id', 'title', 'url'] },
  latestVersion: nullable(text),
  updatedAt: { type: 'string', format: 'date-time' },
  rowCount: nullable({ type: 'integer' }),
  latestFiles: { type: 'array', items: ref('File') },
  links: { type: 'object', required: ['api', 'page'], properties: { api: text, page: text } },
};
const summary = { type: 'object', additionalProperties: false, required: Object.keys(summaryProperties), properties: summaryProperties };

const detailProperties = {
  ...summaryProperties,
  keywords: { type: 'object', required: ['vi', 'en'] },
  scope: { type: 'array', items: text },
  legalBasis: { type: 'object', required: ['id', 'title'] },
  publisher: { type: 'object', required: ['name', 'url', 'email'] },
  source: localized,
  updateFrequency: localized,
  tables: { type: 'array', items: { type: 'object', required: ['name', 'columns'] } },
  disclosureK: nullable({ type: 'integer' }),
  closedFields: { type: 'array', items: { type: 'object', required: ['field', 'class', 'provision', 'reason'] } },
  versions: { type: 'array', items: ref('Version') },
  withdrawn: {
    type: 'array',
    items: { type: 'object', required: ['version', 'withdrawnAt', 'reason', 'purged', 'purgedAt'] },
  },
};
const detail = { type: 'object', additionalProperties: false, required: Object.keys(detailProperties), properties: detailProperties };

const ckanAnswer = {
  type: 'object',
  required: ['help', 'success'],
  properties: { help: text, success: { type: 'boolean' }, result: {}, error: { type: 'object' } },
};

/** Catalog documents: path, media type, what it is. */
const DOCUMENTS: [string, string, string, string][] = [
  [
    '/catalog.jsonld',
    'application/ld+json',
    'Danh mục DCAT-AP 3 (JSON-LD)',
    'The catalog as DCAT-AP 3 (JSON-LD); each dataset a dcat:DatasetSeries of versions.',
  ],
  ['/catalog.ttl', 'text/turtle', 'Danh mục DCAT-AP 3 (Turtle)', 'The same DCAT-AP 3 catalog as Turtle.'],
  ['/data.json', 'application/json', 'Danh mục DCAT-US 1.1', 'The catalog as DCAT-US v1.1 (Project Open Data).'],
  ['/feed.atom', 'application/atom+xml', 'Nguồn tin Atom', 'New versions and withdrawals.'],
  ['/catalog.csv', 'text/csv', 'Danh mục dạng CSV', 'The whole catalog as one CSV.'],
  ['/sitemap.xml', 'application/xml', 'Sơ đồ trang', 'Every page, in both languages.'],
  ['/robots.txt', 'text/plain', 'Chỉ dẫn cho trình thu thập', 'Crawler rules and the sitemap.'],
  ['/favicon.svg', 'image/svg+xml', 'Biểu tượng', 'The site icon.'],
  ['/openapi.json', 'application/json', 'Mô tả API này', 'This description.'],
];

export function openApiDocument(base: string) {
  const html = (description: string) => ({ description, content: { 'text/html': { schema: text } } });
  const page = (summary: string, description: string, parameters: object[]) => ({
    get: {
      tags: ['pages'],
      summary,
      description,
      parameters,
      responses: {
        200: html('The page.'),
        400: html('A bad parameter: an error page.'),
        404: html('Not found: an error page.'),
        410: html('Withdrawn (a dataset whose every version was withdrawn): an error page with the reason.'),
      },
    },
  });
  const ckanAction = {
    tags: ['ckan'],
    summary: 'CKAN Action API (chỉ đọc)',
    description:
      'Read-only CKAN Action API: package_search (q, fq, rows, start, sort, facets), package_list, package_show, resource_show, organization_*, group_*, status_show, help_show, and datastore_search over every published table (resource_id, filters, q, fields, sort, limit ≤ 50,000, offset, include_total; format=csv for the rows as CSV), read from the version’s Parquet file. Parameters as query string (GET) or JSON body (POST).',
    parameters: [pathParam('action', 'CKAN action name, e.g. `package_search`.')],
    responses: {
      200: { description: 'CKAN answer with `success: true` and `result`.', content: json(ckanAnswer) },
      400: { description: 'CKAN validation error (`success: false`).', content: json(ckanAnswer) },
      404: { description: 'Unknown action or id (`success: false`).', content: json(ckanAnswer) },
      409: { description: 'CKAN validation error (`success: false`).', content: json(ckanAnswer) },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dữ liệu mở ngành y tế — API / Viet Nam open health data — API',
      version: '1',
      description:
        'Dữ liệu mở ngành y tế theo Nghị định 102/2025/NĐ-CP: danh mục, các phiên bản và tệp dữ liệu. Chỉ GET và HEAD (POST cho CKAN); lỗi có dạng {"error": {"status", "code", "message"}}. — Open health data under Decree 102/2025/ND-CP: catalog, versions and files. GET and HEAD only (POST for CKAN); one error shape. A parameter an API address does not take is a 400 naming those it does.',
      license: { name: 'CC-BY-4.0', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: base }],
    tags: [
      { name: 'pages', description: 'Trang cho người đọc / HTML pages' },
      { name: 'catalog', description: 'Danh mục dạng JSON / The catalog as JSON' },
      { name: 'files', description: 'Tệp dữ liệu / Data files' },
      { name: 'ckan', description: 'CKAN Action API' },
      { name: 'documents', description: 'Tài liệu danh mục cho cổng dữ liệu / Catalog documents for harvesters' },
    ],
    paths: {
      '/': page('Danh mục dữ liệu', 'The catalog page: search, filters, one page of datasets.', [...SEARCH, LANG]),
      '/dataset/{id}': page('Trang bộ dữ liệu', 'One dataset: charts, downloads, columns, versions, citation.', [DATASET_ID, LANG]),
      '/api': page('Tài liệu API', 'This description as a page.', [LANG]),
      '/api/datasets': {
        get: {
          tags: ['catalog'],
          summary: 'Tìm và liệt kê bộ dữ liệu',
          description: 'Search and list the datasets, with paging links (also as `Link` headers).',
          parameters: SEARCH,
          responses: {
            200: { description: 'One page of datasets.', content: json(ref('DatasetList')) },
            400: error('A bad or unknown parameter.'),
            404: error('A page past the last.'),
          },
        },
      },
      '/api/datasets/{id}': {
        get: {
          tags: ['catalog'],
          summary: 'Một bộ dữ liệu và mọi phiên bản',
          description: 'Metadata, every visible version with its files, withdrawn versions as tombstones.',
          parameters: [DATASET_ID],
          responses: {
            200: { description: 'The dataset.', content: json(ref('DatasetDetail')) },
            400: error('A parameter.'),
            404: error('No such dataset.'),
            410: error('Every version withdrawn: the latest withdrawal, when and why.'),
          },
        },
      },
      '/api/datasets/{id}/rows': {
        get: {
          tags: ['files'],
          summary: 'Tải các dòng đã chọn (CSV hoặc Excel)',
          description:
            "The rows of the latest version's table that match the given column values (each column of the table is a parameter: `province_code=01`, `month=2025-03`), as a CSV like the published one or as an Excel workbook. The form on each dataset page asks this address. Up to 50,000 rows and 5.5 MB (CSV) or 4.2 MB (XLSX); `X-Total-Count` says how many rows matched. CKAN clients ask the same through `datastore_search`.",
          parameters: [
            DATASET_ID,
            {
              name: 'table',
              in: 'query',
              description: 'The table (file stem); needed when the dataset has several.',
              schema: { type: 'string' },
            },
            { name: 'format', in: 'query', description: '`csv` (default) or `xlsx`.', schema: { type: 'string', enum: ['csv', 'xlsx'] } },
            {
              name: 'q',
              in: 'query',
              description: 'Words in the text columns, with or without diacritics.',
              schema: { type: 'string', maxLength: 200 },
            },
            { name: 'sort', in: 'query', description: 'Columns, comma-separated; `-column` for descending.', schema: { type: 'string' } },
            {
              name: 'limit',
              in: 'query',
              description: 'At most this many rows (≤ 50,000).',
              schema: { type: 'integer', minimum: 0, maximum: 50000 },
            },
            { name: 'offset', in: 'query', description: 'Skip this many matching rows.', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            200: {
              description: 'The rows, as an attachment.',
              content: {
                'text/csv': { schema: text },
                [MEDIA_TYPES.xlsx]: { schema: { type: 'string', contentMediaType: MEDIA_TYPES.xlsx } },
              },
            },
            400: error('A bad or unknown parameter, an unknown column, or more rows than one answer may carry.'),
            404: error('No such dataset.'),
            410: error('Every version withdrawn.'),
          },
        },
      },
      '/api/datasets/{id}/versions': {
        get: {
          tags: ['catalog'],
          summary: 'Các phiên bản',
          description: 'The visible versions, newest first.',
          parameters: [DATASET_ID],
          responses: {
            200: { description: 'Versions.', content: json(ref('VersionList')) },
            400: error('A parameter.'),
            404: error('No such dataset.'),
            410: error('Every version withdrawn: the latest withdrawal, when and why.'),
          },
        },
      },
      '/api/datasets/{id}/versions/{version}': {
        get: {
          tags: ['catalog'],
          summary: 'Một phiên bản',
          description: 'One version (`latest` names the newest).',
          parameters: [DATASET_ID, { ...VERSION, schema: { type: 'string', pattern: '^([0-9]{8}T[0-9]{6}Z|latest)$' } }],
          responses: {
            200: { description: 'The version.', content: json(ref('Version')) },
            400: error('A parameter.'),
            404: error('No such version.'),
            410: error('Withdrawn: the reason and date.'),
          },
        },
      },
      '/api/datasets/{id}/versions/{version}/{file}': {
        get: {
          tags: ['files'],
          summary: 'Chuyển tới tệp của một phiên bản',
          description: "302 to the version's immutable file URL.",
          parameters: [DATASET_ID, VERSION, pathParam('file', 'File name, e.g. `births-by-month-province-sex.csv`.')],
          responses: {
            302: { description: 'Location: the file.' },
            400: error('A parameter.'),
            404: error('No such file.'),
            410: error('Withdrawn.'),
          },
        },
      },
      '/api/datasets/{id}/latest/{file}': {
        get: {
          tags: ['files'],
          summary: 'Chuyển tới tệp của phiên bản mới nhất',
          description: "302 to the latest version's file (a stable link).",
          parameters: [DATASET_ID, pathParam('file', 'File name.')],
          responses: { 302: { description: 'Location: the file.' }, 400: error('A parameter.'), 404: error('No such file.') },
        },
      },
      '/datasets/{id}/{version}/{file}': {
        get: {
          tags: ['files'],
          summary: 'Tệp dữ liệu',
          description: 'The file itself, immutable: Range → 206, If-None-Match → 304, `Cache-Control: immutable`.',
          parameters: [DATASET_ID, VERSION, pathParam('file', 'File name.')],
          responses: {
            200: { description: 'The whole file.' },
            206: { description: 'The requested range.' },
            304: { description: 'Not modified.' },
            404: { description: 'No such file.' },
            410: { description: 'Withdrawn.' },
            416: { description: 'Range not satisfiable.' },
          },
        },
      },
      '/api/3': {
        get: {
          tags: ['ckan'],
          summary: 'Phiên bản CKAN API',
          description: 'CKAN API version probe.',
          responses: { 200: { description: '{"version": 3}', content: json({ type: 'object', required: ['version'] }) } },
        },
      },
      '/api/3/action/{action}': { get: ckanAction, post: ckanAction },
      '/api/action/{action}': { get: ckanAction, post: ckanAction },
      ...Object.fromEntries(
        DOCUMENTS.map(([path, type, summaryText, description]) => [
          path,
          {
            get: {
              tags: ['documents'],
              summary: summaryText,
              description,
              responses: { 200: { description, content: { [type]: { schema: {} } } } },
            },
          },
        ]),
      ),
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          additionalProperties: false,
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              additionalProperties: false,
              required: ['status', 'code', 'message'],
              properties: { status: { type: 'integer' }, code: text, message: text },
            },
          },
        },
        File: file,
        Chart: chart,
        Version: version,
        DatasetSummary: summary,
        DatasetDetail: detail,
        DatasetList: {
          type: 'object',
          additionalProperties: false,
          required: ['total', 'page', 'perPage', 'datasets', 'links'],
          properties: {
            total: { type: 'integer', minimum: 0 },
            page: { type: 'integer', minimum: 1 },
            perPage: { type: 'integer', minimum: 1 },
            datasets: { type: 'array', items: ref('DatasetSummary') },
            links: { type: 'object', required: ['next', 'prev'], properties: { next: nullable(text), prev: nullable(text) } },
            matches: {
              type: 'object',
              description:
                'Datasets found by values inside their tables (a facility, a medicine, a device): per dataset id, the columns that hold the words, how many rows and distinct values, and the values with the most rows.',
              additionalProperties: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['column', 'title', 'rows', 'values', 'examples'],
                  properties: {
                    column: text,
                    title: localized,
                    rows: { type: 'integer', minimum: 1 },
                    values: { type: 'integer', minimum: 1 },
                    examples: { type: 'array', items: text, maxItems: 3 },
                  },
                },
              },
            },
          },
        },
        VersionList: {
          type: 'object',
          additionalProperties: false,
          required: ['dataset', 'latestVersion', 'versions'],
          properties: { dataset: text, latestVersion: nullable(text), versions: { type: 'array', items: ref('Version') } },
        },
      },
    },
  };
}
