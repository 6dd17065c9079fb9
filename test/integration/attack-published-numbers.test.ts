import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import births from '../../datasets/births/definition.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import type { VersionRecord } from '../../src/catalog/model.ts';
import { loadIcd10Chapters } from '../../src/reference/icd10.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import type { AggregateDefinition } from '../../src/policy/dataset-definition.ts';
import {
  aggregate,
  downloadTables,
  firstRecord,
  landExport,
  publishAt,
  startApi,
  startStackWithPort,
  withRecords,
  type Tables,
} from '../support/attacker.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';

/**
 * Every number an outsider can read about an aggregate version, wherever it is published: the
 * data package, the quality report, the API, CKAN, DCAT and data.json. None may carry the
 * protection's internals, the source's name, or a count that depends on the records rather than
 * on the release calendar.
 */

// Births, not deaths: a deaths publish at 20,000 rows did not finish within 15 minutes here.
const definition: AggregateDefinition = aggregate(births);
const id = definition.id;
const FILE = '20261201T000000Z-khai-sinh-quoc-gia.csv';
const FUTURE_FILE = '20270101T000000Z-khai-sinh-quoc-gia.csv';
/** Months published by v1 (2025-01 … 2026-10) and v2 (… 2026-11). */
const PERIODS = [22, 23];
const INVALID_ROWS = 7;

/** Rows of each table implied by the calendar: 34 provinces × categories × periods. */
function gridSize(def: AggregateDefinition, periods: number, provinces: number): Map<string, number> {
  const size = (name: string): number => {
    if (name === def.release.period) return periods;
    const source = def.dimensions.find((d) => d.name === name)!.source;
    switch (source.kind) {
      case 'province':
        return provinces;
      case 'category':
        return source.categories.length;
      case 'age-band':
      case 'value-band':
        return source.bands.length;
      case 'icd10-chapter':
        return loadIcd10Chapters().length;
      default:
        throw new Error(`unexpected dimension ${name}`);
    }
  };
  return new Map(def.tables.map((t) => [`${def.id}-${t.id}`, t.dimensions.reduce((n, d) => n * size(d), 1)]));
}

/** Every (path, key, value) of a JSON document. */
function walk(value: unknown, path = '$', out: { path: string; key: string; value: unknown }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.${k}`, key: k, value: v });
      walk(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe('an outsider reading every published number of an aggregate (births)', () => {
  let stack: TestStack;
  let api: { base: string; close(): Promise<void> };
  const reports: PublishReport[] = [];
  const records: VersionRecord[] = [];
  const tables: Tables[] = [];
  /** Public JSON documents by name, for each of the two versions. */
  const documents: Map<string, unknown>[] = [];
  let trueRejected = 0;

  const getJson = async (path: string) => {
    const res = await fetch(`${api.base}${path}`);
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as unknown;
  };

  const collect = async (record: VersionRecord) => {
    const docs = new Map<string, unknown>();
    for (const f of record.files.filter((x) => x.format === 'datapackage' || x.format === 'quality-report')) {
      docs.set(f.name, JSON.parse((await readObject(stack.stores, f.key)).toString('utf8')));
    }
    docs.set('api version', await getJson(`/api/datasets/${id}/versions/${record.version}`));
    docs.set('api versions', await getJson(`/api/datasets/${id}/versions`));
    docs.set('api dataset', await getJson(`/api/datasets/${id}`));
    docs.set('api list', await getJson(`/api/datasets`));
    docs.set('ckan package_show', await getJson(`/api/3/action/package_show?id=${id}`));
    docs.set('ckan package_search', await getJson(`/api/3/action/package_search?q=${id}`));
    docs.set('data.json', await getJson('/data.json'));
    docs.set('catalog.jsonld', await getJson('/catalog.jsonld'));
    return docs;
  };

  beforeAll(async () => {
    const started = await startStackWithPort();
    stack = started.stack;
    api = await startApi(stack, started.port);
    const base = await exportToString(findGenerator(id)!, { rows: 20_000, seed: 7 });
    const template = firstRecord(base);
    // A few rows the pipeline must reject (the mother's age is not a number): the rejected figure is not 0.
    const invalid = Array.from({ length: INVALID_ROWS }, () => ({ ...template, TuoiMe: 'abc' }));
    trueRejected = INVALID_ROWS;
    const withInvalid = withRecords(base, invalid);

    // v1: 2025-01 … 2026-10.
    await landExport(stack, id, FILE, withInvalid);
    reports.push(await publishAt(stack, births, '2026-12-02T00:00:00Z'));
    // v2: 2026-11 becomes due; the export also holds one birth certified in a future year.
    const future = { ...template, NgaySinh: '2031-03-01', NgayCapGCS: '2031-03-02' };
    await landExport(stack, id, FUTURE_FILE, withRecords(withInvalid, [future]));
    reports.push(await publishAt(stack, births, '2027-01-02T00:00:00Z'));
    for (const r of reports) {
      const record = (await stack.deps.catalog.getVersion(id, r.version))!;
      records.push(record);
      tables.push(await downloadTables(stack, record));
      documents.push(await collect(record));
    }
  }, 600_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('published two versions (2025-01 … 2026-10, then 2026-11 added)', () => {
    expect(reports.map((r) => r.outcome)).toEqual(['published', 'published']);
    expect(records[1]!.changes?.periodsAdded).toEqual(['2026-11']);
    expect(reports.map((r) => r.rowsRejected)).toEqual([trueRejected, trueRejected]);
  });

  it('no primary/secondary split (or other run-log figure) appears as a key anywhere', () => {
    const runLogKeys =
      /^(primarySuppressions|secondarySuppressions|primary|secondary|groupsSuppressed|rowsLate|rowsNotYetDue|rowsBeforeFirst|periodsKept)$/i;
    const hits = documents.flatMap((docs, v) =>
      [...docs].flatMap(([name, doc]) =>
        walk(doc)
          .filter((e) => runLogKeys.test(e.key))
          .map((e) => `v${v + 1} ${name} ${e.path}`),
      ),
    );
    expect(hits).toEqual([]);
    const text = documents.flatMap((docs) => [...docs.values()].map((d) => JSON.stringify(d))).join('\n');
    expect(text).not.toMatch(/primarySuppressions|secondarySuppressions/);
  });

  it('no landing key or source file name appears in any public JSON', () => {
    const secrets = [
      `${id}/${FILE}`,
      FILE,
      `${id}/${FUTURE_FILE}`,
      FUTURE_FILE,
      '20261201T000000Z',
      '20270101T000000Z',
      'khai-sinh-quoc-gia',
    ];
    const hits = documents.flatMap((docs, v) =>
      [...docs].flatMap(([name, doc]) => {
        const text = JSON.stringify(doc);
        return secrets.filter((s) => text.includes(s)).map((s) => `v${v + 1} ${name}: ${s}`);
      }),
    );
    expect(hits).toEqual([]);
  });

  it('the rejected-row figure is one rounded number, the same in the quality report and the API', () => {
    for (const docs of documents) {
      const figures = [...docs].flatMap(([name, doc]) =>
        walk(doc)
          .filter((e) => /reject/i.test(e.key) && typeof e.value === 'number')
          .map((e) => ({ name, path: e.path, value: e.value as number })),
      );
      const fromQuality = figures.filter((f) => f.name === 'quality-report.json');
      const fromApi = figures.filter((f) => f.name === 'api version');
      expect(fromQuality.length).toBeGreaterThan(0);
      expect(fromApi.length).toBeGreaterThan(0);
      const values = new Set(figures.map((f) => f.value));
      expect({ values: [...values], figures }).toEqual({ values: [10], figures });
      expect(values.has(trueRejected)).toBe(false);
    }
  });

  it('each table has exactly the rows the calendar implies (34 provinces × categories × periods)', () => {
    const provinces = stack.deps.reference.provinces.length;
    expect(provinces).toBe(34);
    tables.forEach((t, v) => {
      const expected = gridSize(definition, PERIODS[v]!, provinces);
      expect(new Map([...t].map(([name, rows]) => [name, rows.length]))).toEqual(expected);
      const total = [...expected.values()].reduce((a, b) => a + b, 0);
      expect(records[v]!.rowCount).toBe(total);
      expect(reports[v]!.rowCount).toBe(total);
    });
  });

  it('rowCount and numberOfRecords everywhere are the grid size, whatever the records (a future-year birth included)', () => {
    documents.forEach((docs, v) => {
      const version = records[v]!.version;
      const total = records[v]!.rowCount;
      const api = docs.get('api version') as { rowCount: number };
      expect(api.rowCount).toBe(total);
      // catalog.jsonld: the version's node holds healthdcatap:numberOfRecords.
      const jsonld = JSON.stringify(docs.get('catalog.jsonld'));
      const counts = [...jsonld.matchAll(/"healthdcatap:numberOfRecords":\s*\{[^}]*?"@value":\s*"?(\d+)/g)].map((m) => Number(m[1]));
      const provinces = stack.deps.reference.provinces.length;
      const grids = PERIODS.map((p) => [...gridSize(definition, p, provinces).values()].reduce((a, b) => a + b, 0));
      expect(counts.length).toBeGreaterThan(0);
      // Documents were read once both versions were out: the catalog lists both.
      for (const n of counts) expect(grids).toContain(n);
      // Any other row-ish number (CKAN num_rows, data.json, …) is a grid size too.
      const rowish = [...docs].flatMap(([name, doc]) =>
        walk(doc)
          .filter((e) => /^(rowCount|num_rows|numberOfRecords|rows|records)$/i.test(e.key) && typeof e.value === 'number')
          .map((e) => ({ name, path: e.path, value: e.value as number })),
      );
      expect(rowish.filter((r) => !grids.includes(r.value))).toEqual([]);
      expect(version).toBeTruthy();
    });
  });

  it('the future-year birth changes nothing: the same export without it publishes nothing new', async () => {
    const base = await exportToString(findGenerator(id)!, { rows: 20_000, seed: 7 });
    const template = firstRecord(base);
    const invalid = Array.from({ length: INVALID_ROWS }, () => ({ ...template, TuoiMe: 'abc' }));
    await landExport(stack, id, '20270102T000000Z-khai-sinh-quoc-gia.csv', withRecords(base, invalid));
    const again = await publishAt(stack, births, '2027-01-03T00:00:00Z');
    expect([again.outcome, again.version, again.rowCount]).toEqual(['unchanged', reports[1]!.version, reports[1]!.rowCount]);
  }, 300_000);
});
