import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import births from '../../datasets/births/definition.ts';
import deaths from '../../datasets/deaths/definition.ts';
import healthCareEncounters from '../../datasets/health-care-encounters/definition.ts';
import healthInsuranceCoverage from '../../datasets/health-insurance-coverage/definition.ts';
import healthWorkforce from '../../datasets/health-workforce/definition.ts';
import notifiableDiseases from '../../datasets/notifiable-diseases/definition.ts';
import { findGenerator } from '../../datasets/generators/index.ts';
import type { VersionRecord } from '../../src/catalog/model.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import {
  aggregate,
  attackPeriod,
  cellKey,
  codeColumn,
  downloadRawLines,
  downloadTables,
  landExport,
  publishAt,
  tableDimensions,
  withRecords,
  type Row,
  type Tables,
} from '../support/attacker.ts';
import { generatedRecords } from '../support/generated-records.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * Differencing: an outsider keeps every version. Between two versions the ministry's export gains
 * one (then three) records, in a period already published and in the period that becomes due.
 * Whatever the attacker subtracts must say nothing about those records.
 */

interface EventCase {
  definition: DatasetDefinition;
  file: string;
  /** A copy of a record of the export, dated `date` (registration / notification day). */
  redate: (row: Row, date: string) => Row;
  /**
   * The records of the generated export kept (all when absent): the first weeks or months of the
   * year, so that the first version protects a few periods instead of a year of them.
   */
  keep?: (row: Row) => boolean;
  v1: string;
  /** v2: one more period due (p1); v3: one more again (p2). */
  v2: string;
  v3: string;
  old: { date: string; period: string };
  p1: { date: string; period: string };
  p2: { date: string; period: string };
}

const EVENT_CASES: EventCase[] = [
  {
    definition: births,
    file: '20261201T000000Z-khai-sinh.csv',
    redate: (row, date) => ({ ...row, NgaySinh: date, NgayCapGCS: date }),
    keep: (row) => row.NgayCapGCS! < '2025-04-01',
    v1: '2026-12-02T00:00:00Z',
    v2: '2027-01-02T00:00:00Z',
    v3: '2027-02-02T00:00:00Z',
    old: { date: '2025-02-15', period: '2025-02' },
    p1: { date: '2026-11-15', period: '2026-11' },
    p2: { date: '2026-12-15', period: '2026-12' },
  },
  {
    definition: deaths,
    file: '20261201T000000Z-bao-tu.csv',
    redate: (row, date) => ({ ...row, NgayTuVong: date, NgayBaoTu: date }),
    v1: '2026-12-02T00:00:00Z',
    v2: '2027-04-02T00:00:00Z',
    v3: '2028-04-02T00:00:00Z',
    old: { date: '2025-06-15', period: '2025' },
    p1: { date: '2026-06-15', period: '2026' },
    p2: { date: '2027-06-15', period: '2027' },
  },
  {
    definition: notifiableDiseases,
    file: '20261201T000000Z-ca-benh.csv',
    redate: (row, date) => ({ ...row, NgayKhoiPhat: date, NgayBaoCao: date }),
    keep: (row) => row.NgayBaoCao! < '2025-03-01',
    v1: '2026-12-02T00:00:00Z',
    v2: '2026-12-08T00:00:00Z',
    v3: '2026-12-15T00:00:00Z',
    old: { date: '2025-02-12', period: '2025-W07' },
    p1: { date: '2026-11-25', period: '2026-W48' },
    p2: { date: '2026-12-02', period: '2026-W49' },
  },
  {
    // 2025-01 … 2026-09 due on 2 December 2026 (45 days' lag), then October and November.
    definition: healthCareEncounters,
    file: '20261201T000000Z-bhyt.csv',
    redate: (row, date) => ({ ...row, NGAY_VAO: date, NGAY_RA: date }),
    // Within the export's year, so that each version protects a few months (a month's grid is
    // 6,732 joint cells under one LP), not two years of them.
    v1: '2025-05-20T00:00:00Z',
    v2: '2025-06-20T00:00:00Z',
    v3: '2025-07-20T00:00:00Z',
    old: { date: '2025-02-15', period: '2025-02' },
    p1: { date: '2025-04-15', period: '2025-04' },
    p2: { date: '2025-05-15', period: '2025-05' },
  },
];

/**
 * Deaths' three linked tables make a slow LP at 20,000 rows (minutes); 5,000 keep it under ten
 * seconds. Encounters' 6,732 joint cells a month: 10,000 rows (five months published) leave thousands of
 * small cells to protect, in about ten seconds.
 */
const rowsFor = (id: string): number => (id === 'deaths' ? 5_000 : id === 'health-care-encounters' ? 10_000 : 20_000);
const SEED = 7;

const toCsv = (rows: Row[]): string => stringify(rows, { header: true, columns: Object.keys(rows[0]!) });

/** Row counts and statuses by cell key (period included), per table. */
function cellsOf(definition: DatasetDefinition, tables: Tables): Map<string, Map<string, Row>> {
  const def = aggregate(definition);
  const dims = tableDimensions(def);
  return new Map([...tables].map(([name, rows]) => [name, new Map(rows.map((r) => [cellKey(def, dims.get(name)!, r), r]))]));
}

/** Assertions on two consecutive versions of an event dataset (`before` published first). */
function compareVersions(definition: DatasetDefinition, before: Tables, after: Tables) {
  const k = aggregate(definition).disclosure.k;
  const a = cellsOf(definition, before);
  const b = cellsOf(definition, after);
  const differing: string[] = [];
  const smallDifference: string[] = [];
  const zeroMoved: string[] = [];
  for (const [name, cells] of a) {
    for (const [key, row] of cells) {
      const other = b.get(name)?.get(key);
      if (!other) {
        differing.push(`${name}:${key} missing`);
        continue;
      }
      if (other.count !== row.count || other.count_status !== row.count_status)
        differing.push(`${name}:${key} ${row.count}→${other.count}`);
      if (row.count !== '' && other.count !== '') {
        const d = Math.abs(Number(other.count) - Number(row.count));
        if (d >= 1 && d <= k - 1) smallDifference.push(`${name}:${key} ${row.count}→${other.count}`);
      }
      if (row.count_status === 'published' && row.count === '0' && !(other.count_status === 'published' && other.count === '0')) {
        zeroMoved.push(`${name}:${key} 0→${other.count_status} ${other.count}`);
      }
    }
  }
  return { differing, smallDifference, zeroMoved };
}

function periodRows(definition: DatasetDefinition, tables: Tables, period: string): Map<string, Row[]> {
  const def = aggregate(definition);
  const column = codeColumn(def, def.release.period);
  return new Map([...tables].map(([name, rows]) => [name, rows.filter((r) => r[column] === period)]));
}

describe.each(EVENT_CASES)('differencing two versions of $definition.id', (c) => {
  let stack: TestStack;
  const reports: PublishReport[] = [];
  const records: VersionRecord[] = [];
  const tables: Tables[] = [];
  const lines: Map<string, string[]>[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const generator = findGenerator(c.definition.id)!;
    const options = { rows: rowsFor(c.definition.id), seed: SEED };
    const kept = (await generatedRecords(generator, options)).filter(c.keep ?? (() => true));
    const base = toCsv(kept);
    const template = kept[0]!;
    const extra = (date: string, n: number) => Array.from({ length: n }, () => c.redate(template, date));
    const exportsByVersion = [
      base,
      // v2: one more record in a published period, and one in the period that becomes due.
      withRecords(base, [...extra(c.old.date, 1), ...extra(c.p1.date, 1)]),
      // v3: three more in the published period, and three in the next period that becomes due.
      withRecords(base, [...extra(c.old.date, 1), ...extra(c.p1.date, 1), ...extra(c.old.date, 3), ...extra(c.p2.date, 3)]),
    ];
    for (const [i, at] of [c.v1, c.v2, c.v3].entries()) {
      await landExport(stack, c.definition.id, c.file.replace('20261201', `2026120${i + 1}`), exportsByVersion[i]!);
      const report = await publishAt(stack, c.definition, at);
      reports.push(report);
      const record = (await stack.deps.catalog.getVersion(c.definition.id, report.version))!;
      records.push(record);
      tables.push(await downloadTables(stack, record));
      lines.push(await downloadRawLines(stack, record));
    }
  }, 900_000);
  afterAll(async () => stack?.close());

  it('publishes three versions, each adding exactly the period that became due', () => {
    expect(reports.map((r) => r.outcome)).toEqual(['published', 'published', 'published']);
    expect(new Set(reports.map((r) => r.version)).size).toBe(3);
    expect(records[1]!.changes?.periodsAdded).toEqual([c.p1.period]);
    expect(records[2]!.changes?.periodsAdded).toEqual([c.p2.period]);
    // v1 holds the old period the extra records are dated in, but not p1.
    const column = codeColumn(aggregate(c.definition), aggregate(c.definition).release.period);
    const v1Periods = new Set([...tables[0]!.values()].flatMap((rows) => rows.map((r) => r[column])));
    expect([v1Periods.has(c.old.period), v1Periods.has(c.p1.period)]).toEqual([true, false]);
  });

  it.each([
    { n: 1, next: 2 },
    { n: 2, next: 3 },
  ])('version $n → $next: every earlier row is byte-identical (the older file is a prefix of the newer)', ({ n }) => {
    const before = lines[n - 1]!;
    const after = lines[n]!;
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, beforeLines] of before) {
      const afterLines = after.get(name)!;
      const firstDiff = beforeLines.findIndex((line, i) => afterLines[i] !== line);
      expect({ name, firstDiff, before: beforeLines[firstDiff], after: afterLines[firstDiff] }).toEqual({
        name,
        firstDiff: -1,
        before: undefined,
        after: undefined,
      });
    }
  });

  it.each([
    { n: 1, next: 2 },
    { n: 2, next: 3 },
  ])('version $n → $next: no cell changes, none moves by 1..k−1, no published 0 becomes anything else', ({ n }) => {
    const { differing, smallDifference, zeroMoved } = compareVersions(c.definition, tables[n - 1]!, tables[n]!);
    expect({ differing, smallDifference, zeroMoved }).toEqual({ differing: [], smallDifference: [], zeroMoved: [] });
  });

  it('the old period the extra records are dated in reads the same in every version', () => {
    const inV1 = periodRows(c.definition, tables[0]!, c.old.period);
    expect(periodRows(c.definition, tables[1]!, c.old.period)).toEqual(inV1);
    expect(periodRows(c.definition, tables[2]!, c.old.period)).toEqual(inV1);
  });

  it('the changes recorded (catalog) are the periods added only: no row or cell counts', () => {
    for (const record of records.slice(1)) {
      const changes = record.changes!;
      expect(Object.keys(changes).sort()).toEqual(['periodsAdded', 'since', 'tables']);
      expect(changes.tables).toEqual([]);
      expect(JSON.stringify(changes)).not.toMatch(/"(added|removed|changed|rows?|cells?)"\s*:/);
    }
  });

  it.each([
    ['p1', 1],
    ['p2', 2],
  ] as const)(
    'the new period %s (extra records in it): the LP attacker cannot narrow any suppressed cell',
    async (which, n) => {
      const period = c[which].period;
      const { suppressed, exposed } = await attackPeriod(aggregate(c.definition), tables[n]!, period);
      // The extra records are there: something in the period is suppressed or non-zero.
      const nonZero = [...periodRows(c.definition, tables[n]!, period).values()].flat().filter((r) => r.count !== '0');
      expect(nonZero.length).toBeGreaterThan(0);
      expect({ period, suppressed, exposed }).toEqual({ period, suppressed, exposed: [] });
    },
    300_000,
  );
});

interface SnapshotCase {
  definition: DatasetDefinition;
  file: string;
  /** The export with one record's change (a status changed, or one more record). */
  change: (rows: Row[]) => Row[];
}

const SNAPSHOT_CASES: SnapshotCase[] = [
  {
    definition: healthWorkforce,
    file: 'chung-chi.csv',
    change: (rows) => {
      const i = rows.findIndex((r) => r.TrangThai === 'Đang hiệu lực');
      return rows.map((r, j) => (j === i ? { ...r, TrangThai: 'Đã thu hồi' } : r));
    },
  },
  {
    definition: healthInsuranceCoverage,
    file: 'the-bhyt.csv',
    change: (rows) => {
      const card = rows[0]!;
      return [...rows, { ...card, SoTheBHYT: card.SoTheBHYT!.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) }];
    },
  },
];

describe.each(SNAPSHOT_CASES)('differencing two snapshots of $definition.id', (c) => {
  let stack: TestStack;
  const reports: PublishReport[] = [];
  let v1: Tables;
  let v2: Tables;
  let v1Lines: Map<string, string[]>;
  let v2Lines: Map<string, string[]>;
  const base = 10;

  beforeAll(async () => {
    stack = await startTestStack();
    const generator = findGenerator(c.definition.id)!;
    const options = { rows: rowsFor(c.definition.id), seed: SEED };
    const records = await generatedRecords(generator, options);
    await landExport(stack, c.definition.id, `20261201T000000Z-${c.file}`, toCsv(records));
    reports.push(await publishAt(stack, c.definition, '2026-12-02T00:00:00Z'));
    const changed = toCsv(c.change(records));
    await landExport(stack, c.definition.id, `20261215T000000Z-${c.file}`, changed);
    reports.push(await publishAt(stack, c.definition, '2026-12-20T00:00:00Z'));
    reports.push(await publishAt(stack, c.definition, '2027-01-05T00:00:00Z'));
    const record = async (v: string) => (await stack.deps.catalog.getVersion(c.definition.id, v))!;
    v1 = await downloadTables(stack, await record(reports[0]!.version));
    v2 = await downloadTables(stack, await record(reports[2]!.version));
    v1Lines = await downloadRawLines(stack, await record(reports[0]!.version));
    v2Lines = await downloadRawLines(stack, await record(reports[2]!.version));
  }, 600_000);
  afterAll(async () => stack?.close());

  it('a change within the quarter publishes nothing; the next quarter appends one snapshot', async () => {
    expect(reports.map((r) => r.outcome)).toEqual(['published', 'unchanged', 'published']);
    expect(reports[1]!.version).toBe(reports[0]!.version);
    expect(reports[2]!.version).not.toBe(reports[0]!.version);
    const record = (await stack.deps.catalog.getVersion(c.definition.id, reports[2]!.version))!;
    expect(record.changes?.periodsAdded).toEqual(['2027-Q1']);
    expect(record.changes?.tables).toEqual([]);
    const snapshots = new Set([...v2.values()].flatMap((rows) => rows.map((r) => r.snapshot)));
    expect([...snapshots].sort()).toEqual(['2026-Q4', '2027-Q1']);
  });

  it('the old snapshot rows are byte-identical (the older file is a prefix of the newer)', () => {
    for (const [name, beforeLines] of v1Lines) {
      const afterLines = v2Lines.get(name)!;
      expect(afterLines.length).toBe(beforeLines.length * 2 - 1);
      expect(afterLines.slice(0, beforeLines.length)).toEqual(beforeLines);
    }
  });

  it('every count in both versions is a multiple of 10, marked rounded', () => {
    for (const tables of [v1, v2]) {
      const bad = [...tables.values()].flat().filter((r) => r.count_status !== 'rounded' || r.count === '' || Number(r.count) % base !== 0);
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });

  it('between consecutive snapshots, each cell’s difference is a multiple of 10 and its implied interval is never a small exact change', () => {
    const def = aggregate(c.definition);
    const problems: string[] = [];
    let changedCells = 0;
    for (const [name, rows] of v2) {
      const dims = tableDimensions(def)
        .get(name)!
        .filter((d) => d !== 'snapshot');
      const at = (snapshot: string) =>
        new Map(rows.filter((r) => r.snapshot === snapshot).map((r) => [cellKey(def, dims, r), Number(r.count)]));
      const q4 = at('2026-Q4');
      const q1 = at('2027-Q1');
      expect(q1.size).toBe(q4.size);
      for (const [key, r1] of q4) {
        const r2 = q1.get(key);
        if (r2 === undefined) {
          problems.push(`${key}: missing in 2027-Q1`);
          continue;
        }
        const d = r2 - r1;
        if (d !== 0) changedCells += 1;
        if (d % base !== 0) problems.push(`${key}: difference ${d}`);
        // True value of a rounded r: [max(0, r−5), r+4]; the true difference lies in [lo, hi].
        const lo = Math.max(0, r2 - 5) - (r1 + 4);
        const hi = r2 + 4 - Math.max(0, r1 - 5);
        const insideSmall = (lo >= 1 && hi <= base - 1) || (lo >= -(base - 1) && hi <= -1);
        const containsZero = lo <= 0 && hi >= 0;
        if (insideSmall || (!containsZero && hi - lo < base)) problems.push(`${key}: ${r1}→${r2}, true difference in [${lo}, ${hi}]`);
      }
    }
    expect(problems).toEqual([]);
    // The export changed in one record: in each table it leaves one cell or moves from one to
    // another, so at most two cells per table may show a different (rounded) count.
    expect(changedCells).toBeLessThanOrEqual(2 * v2.size);
  });
});
