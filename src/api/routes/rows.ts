import { getDatasetWithVersions } from '../../catalog/queries.ts';
import { datasetPageUrl } from '../../catalog/urls.ts';
import { MEDIA_TYPES } from '../../catalog/media-types.ts';
import { MAX_LIMIT, rowsCsv, textRows, type RowQuery } from '../../catalog/rows-query.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import type { ApiDeps } from '../deps.ts';
import { CATALOG_CACHE } from '../../catalog/media-types.ts';
import { binary, text } from '../responses.ts';
import { workbookBuffer } from '../../catalog/formats/xlsx.ts';
import { pathParam, type RouteTable } from '../route.ts';

/** Parameters the address takes besides the table's columns (each column name filters by one value). */
export const ROWS_PARAMS = ['table', 'format', 'q', 'sort', 'limit', 'offset'] as const;

/**
 * What one answer may weigh: a Lambda answer is at most 6 MB, and a workbook travels base64-encoded
 * (4/3 of its size). A larger selection is refused with the whole file's address instead.
 */
export const MAX_CSV_BYTES = 5_500_000;
export const MAX_XLSX_BYTES = 4_200_000;

/**
 * `/api/datasets/{id}/rows`: the rows of the latest version's table that the page's form picked
 * (a province, a period…), as a CSV like the published one or as an Excel workbook. Plain query
 * parameters, so that a form without JavaScript can ask: `?table=…&province_code=01&format=xlsx`.
 * CKAN clients ask the same through `datastore_search`.
 */
export function rowsRoutes(deps: ApiDeps): RouteTable {
  return {
    get: {
      '/api/datasets/{id}/rows': async (event) => {
        const { dataset, versions } = await getDatasetWithVersions(deps.catalog, pathParam(event, 'id'));
        const latest = versions.find((v) => v.version === dataset.latestVersion);
        if (!latest) throw new NotFoundError(`"${dataset.id}" has no published version`);
        const params = event.queryStringParameters ?? {};
        const m = dataset.metadata;
        const tableName = params.table || (m.tables.length === 1 ? m.tables[0]!.name : undefined);
        if (!tableName) throw new BadRequestError(`table: name one of ${m.tables.map((t) => t.name).join(', ')}`);
        const table = m.tables.find((t) => t.name === tableName);
        const parquet = latest.files.find((f) => f.name === `${tableName}.parquet`);
        if (!table || !parquet)
          throw new BadRequestError(`table: "${tableName.slice(0, 80)}" is not one of ${m.tables.map((t) => t.name).join(', ')}`);
        const columns = table.columns.map((c) => c.name);
        const unknown = Object.keys(params).find(
          (p) => !(ROWS_PARAMS as readonly string[]).includes(p) && !columns.includes(p) && p !== 'lang',
        );
        if (unknown !== undefined) {
          throw new BadRequestError(
            `unknown parameter "${unknown.slice(0, 40)}": this address takes ${ROWS_PARAMS.join(', ')} and the columns of ${tableName} (${columns.join(', ')})`,
          );
        }
        const format = params.format || 'csv';
        if (format !== 'csv' && format !== 'xlsx') throw new BadRequestError('format: csv or xlsx');
        const filters = Object.fromEntries(columns.filter((c) => params[c]).map((c) => [c, [params[c]!]]));
        const query: RowQuery = {
          filters,
          ...(params.q ? { q: params.q.slice(0, 200) } : {}),
          sort: (params.sort ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .map((s) => ({ column: s.replace(/^-/, ''), descending: s.startsWith('-') })),
          limit: naturalNumber(params.limit, MAX_LIMIT, 'limit'),
          offset: naturalNumber(params.offset, 0, 'offset'),
          includeTotal: true,
        };
        const answer = await deps.tableFiles.queryRows(parquet.key, table, query);
        const selection = Object.entries(filters).map(([c, [v]]) => `${c} = ${v}`);
        const stem = [tableName, latest.version, ...Object.values(filters).map(([v]) => v)].join('-').replace(/[^\p{L}\p{N}._-]+/gu, '_');
        const tooLarge = (limit: number) =>
          new BadRequestError(
            `the ${answer.total} rows chosen make more than ${limit / 1e6} MB: choose fewer (a province, a period) or download the whole file from ${datasetPageUrl(deps.publicBaseUrl, dataset.id)}`,
          );
        const headers = (ext: string) => ({
          'cache-control': CATALOG_CACHE,
          'content-disposition': `attachment; filename="${stem}.${ext}"`,
          'x-total-count': String(answer.total),
        });
        if (format === 'csv') {
          const body = rowsCsv(answer);
          if (Buffer.byteLength(body) > MAX_CSV_BYTES) throw tooLarge(MAX_CSV_BYTES);
          return text(MEDIA_TYPES.csv, body, { headers: headers('csv') });
        }
        const workbook = await workbookBuffer(
          {
            table,
            metadata: m,
            version: latest.version,
            publishedAt: latest.publishedAt ?? latest.createdAt,
            pageUrl: datasetPageUrl(deps.publicBaseUrl, dataset.id),
            ...(selection.length || query.q ? { selection: [...selection, ...(query.q ? [`q = ${query.q}`] : [])].join('; ') } : {}),
          },
          textRows(answer, table),
        );
        if (workbook.length > MAX_XLSX_BYTES) throw tooLarge(MAX_XLSX_BYTES);
        return binary(MEDIA_TYPES.xlsx, workbook, { headers: headers('xlsx') });
      },
    },
  };
}

function naturalNumber(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new BadRequestError(`${name}: a whole number`);
  return Math.min(Number(raw), name === 'limit' ? MAX_LIMIT : Number.MAX_SAFE_INTEGER);
}
