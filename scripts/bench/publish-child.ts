/**
 * Child process: one whole publish of `--dataset` (what the scheduled Lambda runs), against the
 * local stack named by the environment (S3_ENDPOINT, DYNAMODB_ENDPOINT, …, DUCKDB_MEMORY_LIMIT).
 * Measures wall and CPU time, the process's peak RSS, and where the time goes: the publish's
 * stages (its onProgress callback) and every DuckDB statement (timed by wrapping
 * DuckDBConnection.run, grouped by what the statement does).
 */
import { writeFile } from 'node:fs/promises';
import { DuckDBConnection } from '@duckdb/node-api';
import { findDataset } from '../../datasets/index.ts';
import { createPublishDeps } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { publishDataset, type PublishProgress } from '../../src/pipeline/publish.ts';
import { arg, requiredArg, round, usageNow, usageSince, type ChildUsage } from './lib.ts';

export interface PublishChildResult extends ChildUsage {
  dataset: string;
  outcome: string;
  seconds: number;
  rowsRead: number;
  rowsRejected: number;
  rowsPublished: number;
  csvBytes: number;
  parquetBytes: number;
  /** Every published file's size in bytes, by name. */
  files: Record<string, number>;
  /** Seconds per stage of the publish, in order. */
  stages: Record<string, number>;
  /** Seconds of DuckDB statements, by what they do (part of the `build` stage). */
  sql: Record<string, number>;
  /** The slowest statements, first 160 characters. */
  slowest: { seconds: number; sql: string }[];
  memoryLimit: string;
  /** What raised the process's peak RSS (stage or statement kind), with the peak after it, MiB. */
  peakRaisedBy: { by: string; peakRssMiB: number }[];
}

/** What a statement of the engine does, from its text (src/pipeline/*, src/gate/scan.ts). */
function classify(sql: string): string {
  if (/read_csv|read_json_objects/.test(sql)) return 'load: read_csv into raw_i';
  if (/FROM rejects_/.test(sql)) return 'load: parser rejects';
  if (/unnest\(__errors\)/.test(sql)) return 'validate: rejected rows';
  if (/CREATE TEMP TABLE typed|DELETE FROM typed|CREATE TEMP TABLE counted_rows/.test(sql)) return 'typed: clean + drop rejected';
  if (/__dictionary:/.test(sql)) return 'dictionaries: clean + derive each distinct value';
  if (/TEMP TABLE (final|sorted|unsorted|sort_chunk)|INTO sorted|DROP TABLE (un)?sorted|sort_chunk/.test(sql))
    return 'final: province join, sort by chunks, drop duplicates';
  if (/^\s*COPY[\s\S]*FORMAT csv/.test(sql)) return 'write: COPY … csv (sorted)';
  if (/^\s*COPY[\s\S]*FORMAT parquet/.test(sql)) return 'write: COPY … parquet (sorted)';
  if (/__gate_row/.test(sql)) return 'gate: identifier scan (sorted)';
  if (/HAVING count\(\*\) > 1/.test(sql)) return 'quality: shared keys';
  if (/count\(\*\) AS n FROM typed GROUP BY ALL/.test(sql)) return 'aggregate: GROUP BY joint';
  if (/LIMIT 10$/.test(sql.trim())) return 'preview';
  if (/count\(\*\)/.test(sql)) return 'counts';
  return 'other SQL';
}

const peakRaisedBy: { by: string; peakRssMiB: number }[] = [];
let lastPeakKiB = process.resourceUsage().maxRSS;
/** Notes `by` when the peak RSS grew by more than 8 MiB since the last note. */
const notePeak = (by: string) => {
  const peak = process.resourceUsage().maxRSS;
  if (peak - lastPeakKiB > 8 * 1024) peakRaisedBy.push({ by, peakRssMiB: round(peak / 1024, 1) });
  lastPeakKiB = Math.max(lastPeakKiB, peak);
};
const sqlSeconds = new Map<string, number>();
const statements: { seconds: number; sql: string }[] = [];
const originalRun = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function timedRun(this: DuckDBConnection, ...args: Parameters<DuckDBConnection['run']>) {
  const t = performance.now();
  try {
    return await originalRun.apply(this, args);
  } finally {
    const seconds = (performance.now() - t) / 1000;
    const sql = String(args[0]);
    const kind = classify(sql);
    sqlSeconds.set(kind, (sqlSeconds.get(kind) ?? 0) + seconds);
    notePeak(`sql: ${kind}`);
    statements.push({ seconds, sql: sql.replace(/\s+/g, ' ').trim().slice(0, 160) });
  }
};

const datasetId = requiredArg('dataset');
const resultFile = requiredArg('result');
const definition = findDataset(datasetId);
if (!definition) throw new Error(`unknown dataset ${datasetId}`);
const config = loadConfig();

const marks: { label: string; t: number }[] = [];
let lastStage = '';
const onProgress = (p: PublishProgress) => {
  // One mark where each stage starts; `build` ends at its done event; `commit` ends the run.
  if (p.stage !== lastStage) {
    notePeak(`stage: ${lastStage || 'start'}`);
    marks.push({ label: p.stage, t: performance.now() });
  }
  if (p.stage === 'build' && p.done === p.total)
    marks.push({ label: 'after build: CSV+BOM, sha256, metadata, JSON gate', t: performance.now() });
  lastStage = p.stage;
};

const start = usageNow();
const t0 = performance.now();
// --now: the run's date (an aggregate's next version is due when a period closes, not a day later).
const now = arg('now');
const report = await publishDataset(definition, {
  ...createPublishDeps(config),
  onProgress,
  ...(now ? { now: () => new Date(now) } : {}),
});
const t1 = performance.now();
notePeak(`stage: ${lastStage}`);
const usage = usageSince(start);

const stages: Record<string, number> = {};
const bounds = [{ label: 'repair + list landing', t: t0 }, ...marks, { label: 'end', t: t1 }];
for (let i = 0; i < bounds.length - 1; i += 1) {
  const label = bounds[i]!.label;
  stages[label] = round((stages[label] ?? 0) + (bounds[i + 1]!.t - bounds[i]!.t) / 1000, 3);
}
const sql = Object.fromEntries([...sqlSeconds].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v, 3)]));
const sumSql = [...sqlSeconds.values()].reduce((a, b) => a + b, 0);
if (stages.build !== undefined) sql['(build outside SQL: JS, LP, appenders)'] = round(stages.build - sumSql, 3);

const result: PublishChildResult = {
  dataset: datasetId,
  outcome: report.outcome,
  seconds: round((t1 - t0) / 1000, 3),
  rowsRead: report.rowsRead,
  rowsRejected: report.rowsRejected,
  rowsPublished: report.rowCount,
  csvBytes: report.files.filter((f) => f.format === 'csv').reduce((a, f) => a + f.bytes, 0),
  parquetBytes: report.files.filter((f) => f.format === 'parquet').reduce((a, f) => a + f.bytes, 0),
  files: Object.fromEntries(report.files.map((f) => [f.name, f.bytes])),
  stages,
  sql,
  slowest: statements
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 12)
    .map((s) => ({ seconds: round(s.seconds, 3), sql: s.sql })),
  memoryLimit: config.duckdbMemoryLimit,
  peakRaisedBy,
  ...usage,
};
await writeFile(resultFile, JSON.stringify(result));
