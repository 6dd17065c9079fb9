/**
 * How readable the aggregates are at national volumes: for each aggregate dataset, a seeded export
 * of a national year's size is built by the publish engine (the same code as the Lambda, without
 * storage), and each table's share of cells suppressed (goal ≤ 10 %) and of cells published
 * non-zero is printed. Snapshots are rounded, not suppressed: their share of cells rounded to 0
 * while holding people is printed instead.
 *
 *   npx tsx scripts/disclosure-report.ts [--scale 0.1] [--only deaths] [--out bench/results/disclosure.json]
 *
 * Snapshots are taken as of `--as-of` (default 2026-12-02).
 *
 * Volumes (per year): births 1.4M, deaths 650k, notifiable-disease cases 300k, practising
 * certificates 500k, insurance cards 93M (default stand-in: 9.3M, a tenth; --insurance-rows).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { findDataset } from '../datasets/index.ts';
import { findGenerator, writeExport } from '../datasets/generators/index.ts';
import { buildVersionFiles } from '../src/pipeline/engine.ts';
import { prepareExportFile } from '../src/pipeline/staging.ts';
import { loadProvinces, provinceAliases } from '../src/reference/provinces.ts';
import { literal } from '../src/sql.ts';

/**
 * Each event dataset is measured when the generators' year (2025) has just become due, so the
 * shares are over periods that hold a year's records, not over later periods the generators
 * leave empty (all published zeros, which would flatter the share).
 */
const AS_OF: Record<string, string> = {
  births: '2026-01-31T00:00:00Z',
  deaths: '2026-04-01T00:00:00Z',
  'notifiable-diseases': '2026-01-05T00:00:00Z',
};

const NATIONAL_ROWS: Record<string, number> = {
  births: 1_400_000,
  deaths: 650_000,
  'notifiable-diseases': 300_000,
  'health-workforce': 500_000,
  'health-insurance-coverage': 9_300_000,
};

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    'insurance-rows': { type: 'string' },
    out: { type: 'string' },
    'as-of': { type: 'string', default: '2026-12-02T00:00:00Z' },
  },
});
if (values['insurance-rows']) NATIONAL_ROWS['health-insurance-coverage'] = Number(values['insurance-rows']);
const scale = Number(values.scale);
const asOfFor = (id: string): Date => new Date(AS_OF[id] ?? values['as-of']!);

interface TableRow {
  dataset: string;
  asOf: string;
  periods: number;
  table: string;
  rows: number;
  cells: number;
  suppressedShare: number;
  nonZeroPublishedShare: number;
  seconds: number;
}

const results: TableRow[] = [];
const work = await mkdtemp(join(tmpdir(), 'disclosure-report-'));
try {
  for (const [id, national] of Object.entries(NATIONAL_ROWS)) {
    if (values.only && values.only !== id) continue;
    const definition = findDataset(id)!;
    const rows = Math.round(national * scale);
    const file = join(work, `${id}.csv`);
    await writeExport(findGenerator(id)!, { rows, seed: 7 }, createWriteStream(file));
    const started = performance.now();
    const runDir = await mkdtemp(join(work, `${id}-`));
    const key = `${id}/${id}.csv`;
    const built = await buildVersionFiles(
      definition,
      { exports: [{ key, file: await prepareExportFile(file, key) }] },
      { provinces: loadProvinces(), aliases: provinceAliases() },
      {
        workDir: runDir,
        engine: { memoryLimit: '1GB', threads: 2, workDir: work },
        release: { asOf: asOfFor(id) },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of built.tables) {
      const [r] = (
        await db.runAndReadAll(
          `SELECT count(*)::INTEGER AS cells,
                  count(*) FILTER (WHERE count_status = 'suppressed')::INTEGER AS suppressed,
                  count(*) FILTER (WHERE count > 0)::INTEGER AS non_zero
           FROM read_parquet(${literal(table.parquetFile)})`,
        )
      ).getRowObjectsJS() as [{ cells: number; suppressed: number; non_zero: number }];
      results.push({
        dataset: id,
        asOf: asOfFor(id).toISOString(),
        periods: built.runLog?.periodsAdded.length ?? 0,
        table: table.name.slice(id.length + 1),
        rows,
        cells: r.cells,
        suppressedShare: r.suppressed / r.cells,
        nonZeroPublishedShare: r.non_zero / r.cells,
        seconds,
      });
    }
    db.closeSync();
    console.error(`${id}: ${rows} rows built in ${seconds.toFixed(1)} s; run log ${JSON.stringify(built.runLog)}`);
    await rm(runDir, { recursive: true, force: true });
    await rm(file, { force: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(['dataset', 'table', 'rows', 'periods', 'cells', 'suppressed', 'non-zero published', 'build s'].join('\t'));
for (const r of results) {
  console.log(
    [r.dataset, r.table, r.rows, r.periods, r.cells, pct(r.suppressedShare), pct(r.nonZeroPublishedShare), r.seconds.toFixed(1)].join('\t'),
  );
}
if (values.out) {
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, `${JSON.stringify({ measuredAt: new Date().toISOString(), scale, results }, null, 2)}\n`);
}
