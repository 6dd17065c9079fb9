import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { datasetDefinitions } from '../../datasets/index.ts';
import { createApiHandler } from '../../src/api/app.ts';
import type { HttpResponse } from '../../src/api/responses.ts';
import { localLambdaContext } from '../../src/local/lambda-context.ts';
import type { TestStack } from '../support/local-stack.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { SAMPLES_BASE_URL as BASE, startSampleStack } from '../support/published-samples.ts';
import { apiEvent } from '../support/api-event.ts';

const event = (path: string, method = 'GET'): APIGatewayProxyEventV2 => apiEvent(BASE, path, method);

describe('searching and paging the catalog API', () => {
  let stack: TestStack & { reports: PublishReport[] };
  let api: (e: APIGatewayProxyEventV2) => Promise<{ status: number; body: any; headers: Record<string, unknown> }>;

  beforeAll(async () => {
    stack = await startSampleStack();
    const handler = createApiHandler(
      { catalog: stack.stores.catalog, publicBaseUrl: BASE, tableFiles: tableFilesIn(stack.stores.publicFiles) },
      { error: () => {} },
    );
    api = async (e) => {
      const response = (await handler(e, localLambdaContext('api'))) as HttpResponse;
      return {
        status: response.statusCode!,
        // Pages answer HTML, the API JSON.
        body: String(response.headers?.['content-type']).startsWith('application/json') ? JSON.parse(response.body!) : response.body,
        headers: (response.headers ?? {}) as Record<string, unknown>,
      };
    };
  }, 120_000);
  afterAll(async () => stack.close());

  const ids = (body: { datasets: { id: string }[] }) => body.datasets.map((d) => d.id);

  it('finds Vietnamese words typed without diacritics, and with them, the whole phrase first', async () => {
    const plain = ids((await api(event('/api/datasets?q=benh%20vien'))).body);
    expect(plain[0]).toBe('medical-facilities');
    expect(ids((await api(event('/api/datasets?q=b%E1%BB%87nh%20vi%E1%BB%87n'))).body)).toEqual(plain);
    // Deaths by its title; encounters too, by the ICD chapter it counts "Nguyên nhân ngoại sinh của bệnh tật và tử vong".
    expect(ids((await api(event('/api/datasets?q=tu%20vong'))).body)).toEqual(['deaths', 'health-care-encounters']);
    expect(ids((await api(event('/api/datasets?q=licence_number'))).body)[0]).toBe('medical-facilities');
    expect(ids((await api(event('/api/datasets?q=khong%20co%20gi%20nhu%20vay'))).body)).toEqual([]);
  });

  it('finds registers by values inside their tables, and says which rows matched', async () => {
    // "Bạch Mai" is a ward of Hà Nội in a facility's address, "Trường Xuân" in a hospital's name:
    // nothing in any dataset's description says either.
    const found = (await api(event('/api/datasets?q=bach%20mai'))).body;
    expect(ids(found)).toEqual(['medical-facilities']);
    expect(found.matches['medical-facilities']).toEqual([
      expect.objectContaining({
        column: 'address',
        title: { vi: 'Địa chỉ', en: 'Address' },
        examples: [expect.stringMatching(/Phường Bạch Mai/)],
      }),
    ]);
    const byName = (await api(event('/api/datasets?q=truong%20xuan'))).body;
    expect(byName.matches['medical-facilities'].map((m: { column: string }) => m.column)).toContain('facility_name');
    // An active ingredient finds the medicines register, a device the devices register, typed without diacritics.
    expect(ids((await api(event('/api/datasets?q=methylprednisolon'))).body)).toEqual(['registered-medicines']);
    expect(ids((await api(event('/api/datasets?q=stent%20dong%20mach'))).body)).toEqual(['medical-devices']);
    // A dataset found by its metadata carries no `matches`; a word in neither finds nothing.
    const births = (await api(event('/api/datasets?q=sinh'))).body;
    expect(ids(births)).toContain('births');
    expect(births.matches?.births).toBeUndefined();
    expect(ids((await api(event('/api/datasets?q=bach%20mai%20xyzzy'))).body)).toEqual([]);
    // The page says why: the rows and the values.
    const page = (await api(event('/?q=B%E1%BA%A1ch%20Mai'))).body as string;
    expect(page).toMatch(/Khớp \d+ dòng có địa chỉ: “[^”]*Phường Bạch Mai[^”]*”/);
  });

  it('filters by update frequency and by the provinces a dataset has data for, as the home page offers', async () => {
    expect(ids((await api(event('/api/datasets?frequency=weekly'))).body)).toEqual(['health-workforce', 'notifiable-diseases']);
    expect(ids((await api(event('/api/datasets?frequency=daily&kind=registry'))).body)).toEqual([
      'medical-devices',
      'medical-facilities',
      'registered-medicines',
    ]);
    // A register lists the provinces whose exports it holds; a national export covers them all.
    const facilities = stack.reports.find((r) => r.datasetId === 'medical-facilities')!;
    const held = new Set(facilities.sources.map((s) => s.province));
    const missing = ['01', '79', '48', '31', '92'].find((code) => !held.has(code))!;
    const present = [...held][0]!;
    expect(ids((await api(event(`/api/datasets?province=${present}`))).body)).toContain('medical-facilities');
    const without = ids((await api(event(`/api/datasets?province=${missing}`))).body);
    expect(without).not.toContain('medical-facilities');
    expect(without).toContain('births');
    expect((await api(event('/api/datasets?province=7'))).status).toBe(400);
    expect((await api(event('/api/datasets?frequency=Monthly!'))).status).toBe(400);
    // The page offers both, with counts, and keeps them in its paging links.
    const page = (await api(event('/?frequency=weekly'))).body as string;
    expect(page).toContain('<option value="weekly" selected>Hằng tuần (2)</option>');
    expect(page).toMatch(/<option value="01">Thành phố Hà Nội \(\d+\)<\/option>/);
  });

  it('filters by Art. 5 category and pages with stable links', async () => {
    expect(ids((await api(event('/api/datasets?category=11'))).body)).toEqual(['births', 'deaths']);
    const first = (await api(event('/api/datasets?per_page=3'))).body;
    expect(first.total).toBe(9);
    expect(first.datasets).toHaveLength(3);
    expect(first.links.prev).toBeNull();
    const seen: string[] = [...ids(first)];
    let next: string | null = first.links.next;
    while (next) {
      const page = (await api(event(next.slice(BASE.length)))).body;
      seen.push(...ids(page));
      next = page.links.next;
    }
    expect(seen).toEqual(datasetDefinitions.map((d) => d.id).sort());
  });

  it('answers a page past the last with a 404, and gives the paging links as Link headers too', async () => {
    // 9 datasets, 3 a page: page 3 is the last; page 1 exists even when nothing matches.
    expect((await api(event('/api/datasets?per_page=3&page=3'))).status).toBe(200);
    const past = await api(event('/api/datasets?per_page=3&page=4'));
    expect([past.status, past.body.error.message]).toEqual([404, expect.stringContaining('3 page(s)')]);
    expect((await api(event('/api/datasets?page=99'))).status).toBe(404);
    expect((await api(event('/api/datasets?q=khong%20co%20gi%20nhu%20vay'))).status).toBe(200);
    expect((await api(event('/api/datasets?q=khong%20co%20gi%20nhu%20vay&page=2'))).status).toBe(404);

    const middle = await api(event('/api/datasets?per_page=3&page=2'));
    expect(middle.headers.link).toBe(`<${middle.body.links.next}>; rel="next", <${middle.body.links.prev}>; rel="prev"`);
    const pageTwo = (await api(event('/api/datasets?per_page=3'))).body.links.next;
    expect((await api(event('/api/datasets?per_page=3&page=3'))).headers.link).toBe(`<${pageTwo}>; rel="prev"`);
    expect((await api(event('/api/datasets'))).headers.link).toBeUndefined();
  });

  it('finds a dataset by a category its tables count by: a disease, in Vietnamese or English', async () => {
    for (const q of ['soi', 'sởi', 'measles', 'COVID-19', 'sot xuat huyet']) {
      expect([q, ids((await api(event(`/api/datasets?q=${encodeURIComponent(q)}`))).body)]).toEqual([q, ['notifiable-diseases']]);
    }
  });

  it('filters by kind and sorts by Vietnamese title or by update, keeping both in the paging links', async () => {
    const registers = ids((await api(event('/api/datasets?kind=registry'))).body);
    expect(registers).toEqual(
      datasetDefinitions
        .filter((d) => d.kind === 'registry')
        .map((d) => d.id)
        .sort(),
    );
    // Vietnamese collation: "Cơ sở…" before "Số…" before "Thuốc…", whatever the ids say.
    const byTitle = (await api(event('/api/datasets?sort=title&per_page=100'))).body.datasets.map(
      (d: { title: { vi: string } }) => d.title.vi,
    );
    expect(byTitle).toEqual([...byTitle].sort(new Intl.Collator('vi-VN').compare));
    const byId = (await api(event('/api/datasets?per_page=100'))).body.datasets.map((d: { title: { vi: string } }) => d.title.vi);
    expect(byTitle).not.toEqual(byId);
    const paged = (await api(event('/api/datasets?sort=title&kind=aggregate&per_page=2'))).body;
    expect(paged.links.next).toContain('kind=aggregate&sort=title&page=2');
    for (const [path, parameter] of [
      ['/api/datasets?sort=name', 'sort'],
      ['/api/datasets?kind=registers', 'kind'],
    ]) {
      const answer = await api(event(path!));
      expect([answer.status, answer.body.error.message]).toEqual([400, expect.stringContaining(parameter!)]);
    }
  });

  it('refuses a parameter an API address does not take, naming the ones it does', async () => {
    const misspelt = await api(event('/api/datasets?pag=2'));
    expect([misspelt.status, misspelt.body.error.message]).toEqual([
      400,
      'unknown parameter "pag": this address takes q, category, kind, frequency, province, sort, page, per_page',
    ]);
    for (const path of [
      '/api/datasets/births?lang=en',
      '/api/datasets/births/versions?page=2',
      '/api/datasets/births/latest/births.csv?x=1',
    ]) {
      const answer = await api(event(path));
      expect([path, answer.status, answer.body.error.message]).toEqual([path, 400, expect.stringContaining('takes no parameters')]);
    }
    // Pages read what they know and ignore the rest: a shared link carries tracking tags.
    expect((await api(event('/?fbclid=IwAR0abc&utm_source=zalo'))).status).toBe(200);
    expect((await api(event('/dataset/births?fbclid=IwAR0abc'))).status).toBe(200);
  });

  it.each([
    ['/api/datasets?page=0', 'page'],
    ['/api/datasets?page=abc', 'page'],
    ['/api/datasets?per_page=1000', 'per_page'],
    ['/api/datasets?category=25', 'category'],
    [`/api/datasets?q=${'x'.repeat(300)}`, 'q'],
  ])('answers %s with a 400 naming the parameter', async (path, parameter) => {
    const { status, body } = await api(event(path));
    expect(status).toBe(400);
    expect(body.error.message).toContain(parameter);
  });

  it('lists a dataset’s versions and shows one, with 404 for an unknown version', async () => {
    const { body } = await api(event('/api/datasets/births/versions'));
    expect(body.versions).toHaveLength(1);
    const version = body.versions[0].version;
    const one = await api(event(`/api/datasets/births/versions/${version}`));
    expect(one.status).toBe(200);
    expect(one.body.disclosure.k).toBe(11);
    expect(one.body.files.map((f: { name: string }) => f.name)).toContain('births-by-month-province-sex.parquet');
    expect((await api(event('/api/datasets/births/versions/20000101T000000Z'))).status).toBe(404);
    expect((await api(event('/api/datasets/births/versions/latest'))).body.version).toBe(version);
  });
});
