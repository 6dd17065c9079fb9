import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import births from '../../datasets/births/definition.ts';
import healthCareEncounters from '../../datasets/health-care-encounters/definition.ts';
import healthInsuranceCoverage from '../../datasets/health-insurance-coverage/definition.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import { InputRefusedError, PublishBlockedError } from '../../src/errors.ts';
import { createPublishStepsHandler } from '../../src/handlers/publish-steps.ts';
import { createLocalStateMachine } from '../../src/local/state-machine.ts';
import { RUNS_PREFIX } from '../../src/pipeline/distributed/state-machine.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * The distributed path (Step Functions: plan → a Distributed Map counting each landing partition →
 * one publish from the sums), run by the ASL interpreter on the definition the CDK app deploys,
 * publishes byte for byte what the single-function path publishes from the same landing bucket.
 */
type Row = Record<string, string>;

/**
 * The export's rows of eight provinces (eight partitions keep the suite short), split into the
 * landing folders `<dataset>/<code>/…`, with a few broken rows.
 */
function byProvince(csv: string, broken: (row: Row) => Row, every: number): Map<string, string> {
  const provinces = new Set(['01', '04', '08', '11', '12', '14', '15', '79']);
  const rows = (parse(csv, { columns: true, bom: true }) as Row[]).filter((row) => provinces.has(row.MaTinh!));
  const columns = Object.keys(rows[0]!);
  const groups = new Map<string, Row[]>();
  rows.forEach((row, i) => {
    const code = row.MaTinh!;
    groups.set(code, [...(groups.get(code) ?? []), i % every === 0 ? broken(row) : row]);
  });
  return new Map([...groups].map(([code, list]) => [code, stringify(list, { header: true, columns })]));
}

/** A national export split into province folders. */
async function provinceExports(
  definition: DatasetDefinition,
  rows: number,
  broken: (row: Row) => Row,
  every = 211,
): Promise<Map<string, string>> {
  const csv = await exportToString(findGenerator(definition.id)!, { rows, seed: 17 });
  const split = byProvince(csv, broken, every);
  return new Map([...split].map(([code, body]) => [`${definition.id}/${code}/20260301T000000Z-export.csv`, body]));
}

/** A source that exports one file per province and month (the generator writes each), a few rows broken. */
async function provinceMonthExports(definition: DatasetDefinition, broken: (row: Row) => Row): Promise<Map<string, string>> {
  const exports = new Map<string, string>();
  for (const province of ['01', '48', '79']) {
    for (const month of ['2025-01', '2025-02']) {
      const csv = await exportToString(findGenerator(definition.id)!, { rows: 800, seed: 17, province, month });
      const rows = parse(csv, { columns: true, bom: true }) as Row[];
      const body = stringify(
        rows.map((row, i) => (i % 211 === 5 ? broken(row) : row)),
        { header: true, columns: Object.keys(rows[0]!) },
      );
      exports.set(`${definition.id}/${province}/${month}/bhyt-${province}-${month}.csv`, body);
    }
  }
  return exports;
}

const CASES: { definition: DatasetDefinition; exports: () => Promise<Map<string, string>>; at: string }[] = [
  {
    definition: births,
    exports: () => provinceExports(births, 3000, (row) => ({ ...row, NgayCapGCS: '31/02/2025' })),
    at: '2026-03-05T02:00:00Z',
  },
  {
    definition: healthInsuranceCoverage,
    exports: () => provinceExports(healthInsuranceCoverage, 3000, (row) => ({ ...row, NgaySinh: 'không rõ' })),
    at: '2026-12-20T02:00:00Z',
  },
  {
    definition: healthCareEncounters,
    exports: () => provinceMonthExports(healthCareEncounters, (row) => ({ ...row, MA_BENH_CHINH: 'không rõ' })),
    // Only the two months the exports hold are due (each month's grid is protected whole).
    at: '2025-04-20T02:00:00Z',
  },
];

const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex');

async function publishedFiles(stack: TestStack, datasetId: string, version: string): Promise<Map<string, string>> {
  const record = (await stack.deps.catalog.getVersion(datasetId, version))!;
  const files = new Map<string, string>();
  for (const f of record.files) files.set(f.name, sha(await readObject(stack.stores, f.key)));
  return files;
}

/**
 * The state machine the CDK app deploys, run locally on `stack` at `at`, with `definition` put on
 * the distributed path (a test names any aggregate, whatever its own setting).
 */
function distributedRun(stack: TestStack, definition: DatasetDefinition, at: string) {
  const handler = createPublishStepsHandler(
    { ...stack.deps, now: () => new Date(at) },
    { logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'test', serviceName: 'test' }) },
    (id) => (id === definition.id ? ({ ...definition, execution: 'distributed' } as DatasetDefinition) : undefined),
  );
  const run = createLocalStateMachine(handler, { maxConcurrency: 2 });
  return () => run({ datasetId: definition.id }) as Promise<PublishReport>;
}

/** The error a run ends with (undefined: it succeeded). */
const failureOf = (run: Promise<unknown>): Promise<unknown> =>
  run.then(
    () => undefined,
    (e: unknown) => e,
  );

describe.each(CASES)('the distributed path publishes $definition.id byte for byte as one function does', (c) => {
  let single: TestStack;
  let stepped: TestStack;
  let singleReport: PublishReport;
  let steppedReport: PublishReport;
  let run: () => Promise<PublishReport>;

  beforeAll(async () => {
    [single, stepped] = await Promise.all([startTestStack(), startTestStack()]);
    const exports = await c.exports();
    for (const stack of [single, stepped]) {
      for (const [key, body] of exports) await stack.stores.landing.put(key, body);
    }
    singleReport = await publishDataset(c.definition, { ...single.deps, now: () => new Date(c.at) });
    run = distributedRun(stepped, c.definition, c.at);
    steppedReport = await run();
  }, 300_000);
  afterAll(async () => Promise.all([single?.close(), stepped?.close()]));

  it('counts every partition and publishes the same version: same files, same bytes', async () => {
    expect(singleReport.outcome).toBe('published');
    expect(singleReport.sources.length).toBeGreaterThanOrEqual(6);
    expect(steppedReport.outcome).toBe('published');
    expect(steppedReport.version).toBe(singleReport.version);
    const expected = await publishedFiles(single, c.definition.id, singleReport.version);
    expect(expected.size).toBeGreaterThanOrEqual(4);
    expect(await publishedFiles(stepped, c.definition.id, steppedReport.version)).toEqual(expected);
  });

  it('reports the same rows read and rejected, and the same first problems, naming file, row and field', () => {
    expect(singleReport.rowsRejected).toBeGreaterThan(0);
    const figures = (r: PublishReport) => ({
      rowsRead: r.rowsRead,
      rowsRejected: r.rowsRejected,
      rowCount: r.rowCount,
      sources: r.sources,
    });
    expect(figures(steppedReport)).toEqual(figures(singleReport));
    expect(steppedReport.problems).toEqual(singleReport.problems.slice(0, steppedReport.problems.length));
    expect(steppedReport.problems[0]).toMatchObject({
      file: expect.stringMatching(/\/\d{2}\/(\d{4}-\d{2}\/)?[^/]*\.csv$/),
      row: expect.any(Number),
    });
  });

  it('keeps the same catalog record (quality, disclosure, sources) and leaves no partial counts behind', async () => {
    const strip = ({ createdAt, publishedAt, ...rest }: Record<string, unknown>) => (void createdAt, void publishedAt, rest);
    const a = await single.deps.catalog.getVersion(c.definition.id, singleReport.version);
    const b = await stepped.deps.catalog.getVersion(c.definition.id, steppedReport.version);
    expect(strip(b as unknown as Record<string, unknown>)).toEqual(strip(a as unknown as Record<string, unknown>));
    expect(await stepped.stores.landing.list(RUNS_PREFIX)).toEqual([]);
  });

  it('publishes nothing when run again on the same exports', async () => {
    const again = await run();
    expect({ outcome: again.outcome, version: again.version }).toEqual({ outcome: 'unchanged', version: singleReport.version });
  });
});

describe('a partition the map step refuses', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => stack?.close());

  it('fails the run with the partition’s own error, naming the file and column; nothing is published', async () => {
    const csv = await exportToString(findGenerator('births')!, { rows: 400, seed: 3 });
    const parts = [...byProvince(csv, (row) => row, 1_000_000)];
    for (const [code, body] of parts) await stack.stores.landing.put(`births/${code}/20260301T000000Z-export.csv`, body);
    // One province's export lost its registration-date column.
    const [code, body] = parts[1]!;
    const broken = body.replace(/^(.*?)NgayCapGCS,?/, '$1');
    await stack.stores.landing.put(`births/${code}/20260302T000000Z-export.csv`, broken.replace(/,(?=\r?\n)/g, ''));
    const error = await failureOf(distributedRun(stack, births, '2026-03-05T02:00:00Z')());
    expect(error).toBeInstanceOf(InputRefusedError);
    expect((error as Error).message).toMatch(new RegExp(`births/${code}/20260302T000000Z-export\\.csv.*NgayCapGCS`));
    expect(await stack.deps.catalog.getDataset('births')).toBeUndefined();
  });
});

describe('a run the finish step blocks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => stack?.close());

  it('publishes nothing and leaves no partial counts behind', async () => {
    // One row in ten with an impossible registration date: far over births' 1 % of rejected rows.
    const exports = await provinceExports(births, 600, (row) => ({ ...row, NgayCapGCS: '31/02/2025' }), 10);
    for (const [key, body] of exports) await stack.stores.landing.put(key, body);
    const error = await failureOf(distributedRun(stack, births, '2026-03-05T02:00:00Z')());
    expect(error).toBeInstanceOf(PublishBlockedError);
    expect((error as Error).message).toMatch(/rows were rejected, more than the 1\.0%/);
    expect(await stack.deps.catalog.getDataset('births')).toBeUndefined();
    expect(await stack.stores.landing.list(RUNS_PREFIX)).toEqual([]);
  });
});
