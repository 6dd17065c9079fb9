import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parse } from 'csv-parse/sync';
import { createApiHandler } from '../../src/api/app.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { MAX_LIMIT } from '../../src/catalog/rows-query.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import { normaliseForMatch } from '../../src/text.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { SAMPLES_BASE_URL as BASE, startSampleStack } from '../support/published-samples.ts';
import { apiEvent } from '../support/api-event.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { SHEET_NAMES, SUPPRESSED_CELL } from '../../src/catalog/formats/xlsx.ts';
import { readWorkbook } from '../support/read-xlsx.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Row = Record<string, string>;

/** CKAN's datastore_search over every published table, checked against the published CSV as the truth. */
describe('datastore_search: rows of a published table, read from its Parquet file', () => {
  let stack: TestStack & { reports: PublishReport[] };
  let api: (
    path: string,
    options?: { method?: string; body?: string; maxBytes?: number },
  ) => Promise<{ status: number; body: any; headers: Record<string, string> }>;
  const csvs = new Map<string, Row[]>();
  /** The published CSV of a table, parsed; the formula guard undone, empty values as null. */
  const truth = async (table: string): Promise<Row[]> => {
    let rows = csvs.get(table);
    if (!rows) {
      const report = stack.reports.find((r) => r.files.some((f) => f.name === `${table}.csv`))!;
      const file = report.files.find((f) => f.name === `${table}.csv`)!;
      rows = parse((await readObject(stack.stores, file.key)).toString('utf8'), { bom: true, columns: true }) as Row[];
      csvs.set(table, rows);
    }
    return rows;
  };
  /** A record as the CSV writes it: every value as text, null as empty. */
  const asCsv = (record: Record<string, unknown>): Row =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([k]) => k !== '_id')
        .map(([k, v]) => [k, v === null ? '' : String(v)]),
    );
  const unguard = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v]));
  const search = (params: Record<string, unknown>) =>
    api(
      `/api/3/action/datastore_search?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}`,
    );

  beforeAll(async () => {
    stack = await startSampleStack();
    const handlers = new Map<number, ReturnType<typeof createApiHandler>>();
    api = async (path, { method = 'GET', body, maxBytes } = {}) => {
      const key = maxBytes ?? 0;
      if (!handlers.has(key)) {
        const tableFiles = tableFilesIn(stack.stores.publicFiles, maxBytes ? { maxBytes } : {});
        handlers.set(key, createApiHandler({ catalog: stack.stores.catalog, publicBaseUrl: BASE, tableFiles }, { error: () => {} }));
      }
      const event: APIGatewayProxyEventV2 = apiEvent(BASE, path, method, body);
      const response = (await handlers.get(key)!(event, localLambdaContext('api'))) as HttpResponse;
      const headers = (response.headers ?? {}) as Record<string, string>;
      return {
        status: response.statusCode!,
        body: String(headers['content-type']).startsWith('application/json') ? JSON.parse(response.body!) : response.body,
        headers,
      };
    };
  }, 240_000);
  afterAll(async () => stack?.close());

  it('answers every table of every dataset, page by page, with exactly the CSV’s rows in file order', async () => {
    let tables = 0;
    for (const report of stack.reports) {
      for (const file of report.files.filter((f) => f.format === 'parquet')) {
        const table = file.name.replace(/\.parquet$/, '');
        const expected = (await truth(table)).map(unguard);
        const got: Row[] = [];
        let answer = (await search({ resource_id: table, limit: '1000' })).body;
        expect([table, answer.success, answer.result.total]).toEqual([table, true, expected.length]);
        for (;;) {
          got.push(...answer.result.records.map(asCsv));
          if (answer.result.records.length < 1000) break;
          answer = (await api(answer.result._links.next)).body;
        }
        expect([table, got]).toEqual([table, expected]);
        tables++;
      }
    }
    expect(tables).toBeGreaterThanOrEqual(12);
  });

  it('filters by column values (one or a list), as a reader filtering the CSV would', async () => {
    const table = 'births-by-month-province-sex';
    const rows = await truth(table);
    const provinces = [...new Set(rows.map((r) => r.province_code!))];
    const one = provinces[1]!;
    const two = [provinces[0]!, provinces[2]!];
    const answer = (await search({ resource_id: table, filters: { province_code: one }, limit: '5000' })).body.result;
    expect(answer.records.map(asCsv)).toEqual(rows.filter((r) => r.province_code === one));
    expect(answer.total).toBe(rows.filter((r) => r.province_code === one).length);
    const sex = rows[0]!.sex_code!;
    const both = (await search({ resource_id: table, filters: { province_code: two, sex_code: sex }, limit: '5000' })).body.result;
    const expected = rows.filter((r) => two.includes(r.province_code!) && r.sex_code === sex);
    expect(expected.length).toBeGreaterThan(0);
    expect(both.records.map(asCsv)).toEqual(expected);
    // _id is the row's position in the file: stable, so a row can be cited within a version.
    const positions = both.records.map((r: { _id: number }) => r._id);
    expect(positions.map((p: number) => rows[p - 1])).toEqual(expected);
  });

  it('finds words in the text columns with or without diacritics, and sorts and pages the matches', async () => {
    const table = 'medical-facilities';
    const rows = (await truth(table)).map(unguard);
    const word = 'bệnh viện';
    const matches = rows.filter((r) => normaliseForMatch(Object.values(r).join(' ')).includes('benh vien'));
    expect(matches.length).toBeGreaterThan(1);
    const withMarks = (await search({ resource_id: table, q: word, limit: '1000' })).body.result;
    const without = (await search({ resource_id: table, q: 'BENH VIEN', limit: '1000' })).body.result;
    expect(withMarks.records.map(asCsv)).toEqual(matches);
    expect(without.records).toEqual(withMarks.records);

    const sorted = (
      await search({
        resource_id: table,
        q: word,
        sort: 'province_code desc, facility_name',
        fields: 'facility_name,province_code',
        limit: '2',
        offset: '1',
      })
    ).body.result;
    const collator = new Intl.Collator('vi', { numeric: true });
    const order = [...matches].sort(
      (a, b) => collator.compare(b.province_code!, a.province_code!) || collator.compare(a.facility_name!, b.facility_name!),
    );
    expect(sorted.records).toEqual(order.slice(1, 3).map((r) => ({ facility_name: r.facility_name, province_code: r.province_code })));
    expect(sorted.fields.map((f: { id: string }) => f.id)).toEqual(['facility_name', 'province_code']);
    expect(sorted.total).toBe(matches.length);
  });

  it('describes each field with its Vietnamese title and type, and names the version that answered', async () => {
    const answer = (await search({ resource_id: 'births-by-month-province-sex', limit: '1' })).body.result;
    expect(answer.fields[0]).toEqual({ id: '_id', type: 'int' });
    expect(answer.fields.find((f: { id: string }) => f.id === 'count')).toMatchObject({ type: 'int', info: { label: 'Số lượng' } });
    const report = stack.reports.find((r) => r.datasetId === 'births')!;
    expect(answer).toMatchObject({ dataset_id: 'births', version: report.version, table: 'births-by-month-province-sex' });
  });

  it('takes the resource ids package_show lists, for the CSV, Parquet and XLSX file of a table', async () => {
    const pkg = (await api('/api/3/action/package_show?id=medical-facilities')).body.result;
    const resources = pkg.resources.filter((r: { format: string }) => ['CSV', 'PARQUET', 'XLSX'].includes(r.format));
    expect(resources).toHaveLength(3);
    const totals = await Promise.all(
      resources.map(async (r: { id: string }) => (await search({ resource_id: r.id, limit: '0' })).body.result.total),
    );
    expect(totals).toEqual(Array(3).fill((await truth('medical-facilities')).length));
  });

  it('gives the matching rows as a CSV like the published one with format=csv', async () => {
    const table = 'deaths-by-year-province-sex-age';
    const rows = await truth(table);
    const province = rows[0]!.province_code!;
    const answer = await search({ resource_id: table, filters: { province_code: province }, format: 'csv', limit: String(MAX_LIMIT) });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${table}-[^"]+-rows\\.csv"$`));
    expect(answer.body.startsWith('\ufeff')).toBe(true);
    expect(answer.body).toContain('\r\n');
    const parsed = parse(answer.body, { bom: true, columns: true }) as Row[];
    expect(parsed).toEqual(rows.filter((r) => r.province_code === province));
  });

  it('refuses what it cannot answer with a CKAN validation error naming the parameter, and unknown tables with 404', async () => {
    const bad = async (params: Record<string, unknown>, field: string, message: RegExp) => {
      const answer = await search(params);
      expect([answer.status, answer.body.success, answer.body.error.__type]).toEqual([400, false, 'Validation Error']);
      expect(answer.body.error.message).toMatch(message);
      if (field) expect(Object.keys(answer.body.error)).toContain(field);
    };
    await bad({ resource_id: 'births-by-month-province-sex', filters: '{"province_code": ' }, 'filters', /Not a valid JSON object/);
    await bad(
      { resource_id: 'births-by-month-province-sex', filters: { provnce: '01' } },
      '',
      /"provnce" is not a column of births-by-month-province-sex \(its columns: month, province_code/,
    );
    await bad({ resource_id: 'births-by-month-province-sex', sort: 'count sideways' }, 'sort', /give a column, then asc or desc/);
    await bad({ resource_id: 'births-by-month-province-sex', format: 'pdf' }, 'format', /json or csv/);
    await bad({ resource_id: 'births-by-month-province-sex', q: 'x'.repeat(201) }, 'q', /200 characters/);
    await bad({}, 'resource_id', /Missing value/);
    const unknown = await search({ resource_id: 'no-such-table' });
    expect([unknown.status, unknown.body.error.__type]).toEqual([404, 'Not Found Error']);
    // A limit above the cap is clamped, as CKAN clamps its own.
    expect((await search({ resource_id: 'births-by-month-province-sex', limit: String(MAX_LIMIT * 10) })).body.result.limit).toBe(
      MAX_LIMIT,
    );
  });

  it('refuses a query that would read more of the file than a request may, asking for a filter', async () => {
    const answer = await api('/api/3/action/datastore_search?resource_id=medical-facilities&q=vien', { maxBytes: 512 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/would read more than .* MiB of the table: filter by a column/);
  });

  it('answers CKAN’s POST form too (ckanapi posts JSON)', async () => {
    const sex = (await truth('births-by-month-province-sex')).at(-1)!.sex_code!;
    const body = JSON.stringify({ resource_id: 'births-by-month-province-sex', filters: { sex_code: sex }, limit: 3 });
    const answer = await api('/api/3/action/datastore_search', { method: 'POST', body });
    expect(answer.status).toBe(200);
    expect(answer.body.result.records).toHaveLength(3);
    expect(answer.body.result.records.every((r: Row) => r.sex_code === sex)).toBe(true);
  });

  describe('the filtered downloads the dataset pages offer (/api/datasets/{id}/rows)', () => {
    it('gives one province’s rows of a table as a CSV like the published one', async () => {
      const rows = await truth('births-by-month-province-sex');
      const province = rows.at(-1)!.province_code!;
      const answer = await api(`/api/datasets/births/rows?table=births-by-month-province-sex&province_code=${province}&month=`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers['content-disposition']).toMatch(
        new RegExp(`filename="births-by-month-province-sex-\\d{8}T\\d{6}Z-${province}\\.csv"`),
      );
      const expected = rows.filter((r) => r.province_code === province);
      expect(answer.headers['x-total-count']).toBe(String(expected.length));
      expect(parse(answer.body, { bom: true, columns: true })).toEqual(expected);
    });

    it('gives a province and a period as an Excel workbook: the same rows, titled, suppressed counts as words', async () => {
      const rows = await truth('births-by-month-province-sex');
      const month = rows.at(-1)!.month!;
      const answer = await api(`/api/datasets/births/rows?table=births-by-month-province-sex&month=${month}&format=xlsx`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const dir = await mkdtemp(join(tmpdir(), 'rows-xlsx-'));
      try {
        const file = join(dir, 'rows.xlsx');
        await writeFile(file, Buffer.from(answer.body as string, 'base64'));
        const book = await readWorkbook(file);
        const about = book.content[SHEET_NAMES.about]!.rows.map((r) => [r[0]![1], r[1]![1]]);
        expect(about).toContainEqual(['Các dòng đã chọn / Rows selected', `month = ${month}`]);
        const data = book.content[SHEET_NAMES.data]!.rows.slice(1);
        const expected = rows.filter((r) => r.month === month);
        expect(data).toHaveLength(expected.length);
        const countAt = Object.keys(expected[0]!).indexOf('count');
        expect(data.map((r) => r[countAt]![1])).toEqual(expected.map((r) => (r.count === '' ? SUPPRESSED_CELL : Number(r.count))));
        expect(data.map((r) => r[1]![1])).toEqual(expected.map((r) => r.province_code));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('names what it takes when a parameter or the table is wrong', async () => {
      const noTable = await api('/api/datasets/births/rows?province_code=01');
      expect([noTable.status, noTable.body.error.message]).toEqual([
        400,
        'table: name one of births-by-month-province-sex, births-by-month-province-mother-age',
      ]);
      const typo = await api('/api/datasets/medical-facilities/rows?provinse_code=01');
      expect(typo.status).toBe(400);
      expect(typo.body.error.message).toMatch(
        /^unknown parameter "provinse_code": this address takes table, format, q, sort, limit, offset and the columns of medical-facilities \(facility_name, /,
      );
      expect((await api('/api/datasets/medical-facilities/rows?format=pdf')).status).toBe(400);
      expect((await api('/api/datasets/no-such/rows')).status).toBe(404);
    });
  });
});
