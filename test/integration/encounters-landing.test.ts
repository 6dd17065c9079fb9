import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import encounters from '../../datasets/health-care-encounters/definition.ts';
import { generator } from '../../datasets/health-care-encounters/generator.ts';
import { exportToString } from '../../datasets/generators/index.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const id = encounters.id;
// Once December 2025 is due (its month closed, plus the 45-day lag): the exports' months and no later ones.
const PUBLISHED_AT = new Date('2026-02-20T02:00:00Z');
const REPLACED = '79/2025-12';

/** Exports as the provinces send them, one per province × month: Hà Nội and Hồ Chí Minh City in November and December 2025, Đà Nẵng in December. */
const EXPORTS = [
  ['01', '2025-11', 500],
  ['01', '2025-12', 520],
  ['48', '2025-12', 240],
  ['79', '2025-11', 560],
  ['79', '2025-12', 580],
] as const;

/** The exports written under `dir` as `<province>/<YYYY-MM>/<file>`, those paths in landing order. */
async function writeExports(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [i, [province, month, rows]] of EXPORTS.entries()) {
    const file = `${province}/${month}/bhyt-${province}-${month}.csv`;
    await mkdir(join(dir, province, month), { recursive: true });
    await writeFile(join(dir, file), await exportToString(generator, { rows, seed: 2025_13_00 + i, province, month }));
    files.push(file);
  }
  return files;
}

/**
 * A province exports each month once and re-exports a month to correct it: the landing bucket keeps
 * both, and the publish reads the newest export of each province × month folder, so a re-export
 * replaces its month and nothing else.
 */
describe('health-care-encounters: one export per province × month, a re-export replaces its month', () => {
  const stacks: TestStack[] = [];
  let dir: string;
  let withBoth: PublishReport;
  let withNewOnly: PublishReport;

  beforeAll(async () => {
    // Prepare: the exports, and a corrected export of Hồ Chí Minh City's December with other rows.
    dir = await mkdtemp(join(tmpdir(), 'encounters-landing-'));
    const corrected = join(dir, 'bhyt-79-2025-12-xuat-lai.csv');
    await writeFile(corrected, await exportToString(generator, { rows: 300, seed: 99, province: '79', month: '2025-12' }));
    const files = await writeExports(join(dir, 'exports'));
    const correctedKey = `${id}/${REPLACED}/20260310T000000Z-bhyt-79-2025-12-xuat-lai.csv`;

    const [both, newOnly] = [await startTestStack(), await startTestStack()];
    stacks.push(both, newOnly);
    for (const file of files) {
      const key = `${id}/${file.replace(/\/([^/]+)$/, '/20260205T000000Z-$1')}`;
      await both.stores.landing.uploadFile(key, join(dir, 'exports', file));
      if (!file.startsWith(`${REPLACED}/`)) await newOnly.stores.landing.uploadFile(key, join(dir, 'exports', file));
    }
    await both.stores.landing.uploadFile(correctedKey, corrected);
    await newOnly.stores.landing.uploadFile(correctedKey, corrected);

    // Act
    withBoth = await publishDataset(encounters, { ...both.deps, now: () => PUBLISHED_AT });
    withNewOnly = await publishDataset(encounters, { ...newOnly.deps, now: () => PUBLISHED_AT });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the newest export of each province × month, with the province of its folder', () => {
    expect(withBoth.outcome).toBe('published');
    expect(withBoth.sources.map((s) => [s.key.split('/').slice(1, 3).join('/'), s.province, s.rowsRead])).toEqual([
      ['01/2025-11', '01', 500],
      ['01/2025-12', '01', 520],
      ['48/2025-12', '48', 240],
      ['79/2025-11', '79', 560],
      ['79/2025-12', '79', 300],
    ]);
    expect(withBoth.sources.find((s) => s.key.includes(`/${REPLACED}/`))?.key).toMatch(/xuat-lai\.csv$/);
  });

  it('publishes exactly what the corrected export alone gives: the first export of the month is not counted', () => {
    const data = (r: PublishReport) => r.files.filter((f) => f.format === 'csv' || f.format === 'parquet').map((f) => [f.name, f.sha256]);
    expect(data(withBoth)).toEqual(data(withNewOnly));
    expect(data(withBoth)).toHaveLength(6);
  });
});

/**
 * The province of a row is the one its MA_TINH names; a row whose MA_TINH is empty takes its
 * export's folder's, and a row whose MA_TINH names no province in force is rejected, never given
 * the folder's.
 */
describe('health-care-encounters: the province of a row, from its value or else its folder', () => {
  let stack: TestStack;
  let report: PublishReport;
  const file = '20260205T000000Z-bhyt-79-2025-12.csv';

  beforeAll(async () => {
    const rows = parse(await exportToString(generator, { rows: 300, seed: 7, province: '79', month: '2025-12' }), {
      columns: true,
    }) as Record<string, string>[];
    const edited = rows.map((r, i) => (i < 5 ? { ...r, MA_TINH: '' } : i === 5 ? { ...r, MA_TINH: '99' } : r));
    stack = await startTestStack();
    await stack.stores.landing.put(`${id}/79/2025-12/${file}`, stringify(edited, { header: true, columns: Object.keys(rows[0]!) }));
    report = await publishDataset(encounters, { ...stack.deps, now: () => PUBLISHED_AT });
  }, 60_000);
  afterAll(async () => stack?.close());

  it('counts the rows without a MA_TINH in the folder’s province and rejects the one naming 99, by file, line and field', () => {
    expect(report.outcome).toBe('published');
    expect([report.rowsRead, report.rowsRejected]).toEqual([300, 1]);
    expect(report.problems.map((p) => [p.file, p.row, p.field])).toEqual([[`${id}/79/2025-12/${file}`, 7, 'MA_TINH']]);
  });
});
