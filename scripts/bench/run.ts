/**
 * `npm run bench`: the measured goals of issue 6 ("Benchmark: npm run bench").
 *
 *   npm run bench [-- --sizes 100000,1000000,10000000 | --quick] [--skip-api] [--skip-bundles] [--skip-publish] [--skip-next-day] [--skip-bare]
 *                 [--datasets medical-facilities,births] [--runs 1] [--seed 7] [--timeout 1200] [--api-duration 10] [--api-rounds 5]
 *                 [--api-connections 10] [--imports 5] [--memory-limit 128MB (default: the Lambdas')] [--threads 1] [--profile] [--out file]
 *
 * 1. Publish: for a registry dataset (medical-facilities) and an aggregate one (births) at each
 *    size, the whole publish in a child process on a fresh local stack, divided by the minimal
 *    DuckDB script a researcher would write on the same generated file (minimal-child.ts: typed
 *    read, projection or GROUP BY, COPY; DuckDB defaults), and beside the bare run with the
 *    publish's caps and cleaning where it exists (duckdb-child.ts) (scripts/bench/publish.ts).
 * 2. API: list and detail under loopback load beside a bare `http` server (scripts/bench/api.ts).
 * 3. Bundles: the two Lambda handlers built as infra builds them; size and cold import
 *    (scripts/bench/bundles.ts).
 * Prints tables and the goals met or missed; writes everything to bench/results/latest.json.
 * Generated exports are cached in $TMPDIR/vn-health-bench-cache (by dataset, size, seed). A child
 * running longer than --timeout seconds is killed and recorded as failed (with its RSS by then).
 * --profile writes V8 CPU profiles of the children to bench/profiles/ (summarise them with
 * `npx tsx scripts/bench/profile-summary.ts <child folder>`).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { findDataset } from '../../datasets/index.ts';
import { benchApi, type ApiBench } from './api.ts';
import { benchBundles, type BundleBench } from './bundles.ts';
import { DEFAULT_DUCKDB_MEMORY_LIMIT, DEFAULT_DUCKDB_THREADS, PUBLISH_PROCESS_ENV } from '../../src/config.ts';
import { ROOT, fmtInt, fmtMiB, fmtRows, machine, round, table, type Machine } from './lib.ts';
import { benchPublish, type PublishBench } from './publish.ts';
import type { PublishChildResult } from './publish-child.ts';
import type { DuckdbChildResult } from './duckdb-child.ts';
import type { MinimalChildResult } from './minimal-child.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000,10000000' },
    quick: { type: 'boolean', default: false },
    'skip-api': { type: 'boolean', default: false },
    'skip-bundles': { type: 'boolean', default: false },
    'skip-publish': { type: 'boolean', default: false },
    'skip-next-day': { type: 'boolean', default: false },
    'skip-bare': { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    'api-duration': { type: 'string', default: '10' },
    'api-connections': { type: 'string', default: '10' },
    'api-warmup': { type: 'string', default: '2' },
    'api-rounds': { type: 'string', default: '5' },
    imports: { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    datasets: { type: 'string', default: 'medical-facilities,births' },
    timeout: { type: 'string', default: '1200' },
    'memory-limit': { type: 'string', default: DEFAULT_DUCKDB_MEMORY_LIMIT },
    threads: { type: 'string', default: String(DEFAULT_DUCKDB_THREADS) },
    'cache-dir': { type: 'string', default: join(tmpdir(), 'vn-health-bench-cache') },
    out: { type: 'string', default: join(ROOT, 'bench', 'results', 'latest.json') },
  },
});

const positive = (name: string, value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
};
const sizes = values.quick ? [100_000] : values.sizes.split(',').map((s) => positive('sizes', s.trim()));
const DATASETS = values.datasets.split(',').map((id) => {
  const definition = findDataset(id.trim());
  if (!definition) throw new Error(`--datasets: unknown dataset "${id}"`);
  return { id: definition.id, kind: definition.kind };
});

interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

interface CodeVersion {
  commit: string;
  /** Uncommitted changes under src/, functions/, datasets/, infra/ (`git status --porcelain`). */
  uncommitted: string[];
}

interface BenchResults {
  timestamp: string;
  /** The code measured, at the start and at the end of the run (they differ if it changed meanwhile). */
  code: { start: CodeVersion; end?: CodeVersion };
  finished?: string;
  machine: Machine;
  loadAverageAtEnd?: number[];
  options: Record<string, unknown>;
  duckdbMemoryLimit: string;
  duckdbThreads: number;
  publish?: PublishBench[];
  api?: ApiBench;
  bundles?: BundleBench[];
  goals?: Goal[];
}

const memoryLimit = values['memory-limit'];
const threads = positive('threads', values.threads);
/** How the Lambdas start the publish process (PUBLISH_PROCESS_ENV), as the bench starts its children. */
const processEnv = Object.entries(PUBLISH_PROCESS_ENV)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');
const log = (line: string) => process.stderr.write(`${line}\n`);
const results: BenchResults = {
  timestamp: new Date().toISOString(),
  code: { start: codeVersion() },
  machine: await machine(),
  options: {
    sizes,
    datasets: DATASETS.map((d) => d.id),
    runs: positive('runs', values.runs),
    seed: Number(values.seed),
    timeoutSeconds: positive('timeout', values.timeout),
    apiDuration: values['api-duration'],
    apiConnections: values['api-connections'],
  },
  duckdbMemoryLimit: memoryLimit,
  duckdbThreads: threads,
};
const save = async () => {
  await mkdir(join(values.out, '..'), { recursive: true });
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
};

const m = results.machine;
log(`machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, load average ${m.loadAverage.join(' ')}`);
log(
  `DuckDB memory limit: ${memoryLimit}, threads ${threads} (the publish Lambdas': ${DEFAULT_DUCKDB_MEMORY_LIMIT}, ${DEFAULT_DUCKDB_THREADS})`,
);
const workRoot = await mkdtemp(join(tmpdir(), 'vn-health-bench-'));
try {
  if (!values['skip-bundles']) {
    results.bundles = await benchBundles({ workRoot, imports: positive('imports', values.imports), log });
    await save();
  }
  if (!values['skip-api']) {
    results.api = await benchApi({
      connections: positive('api-connections', values['api-connections']),
      duration: positive('api-duration', values['api-duration']),
      rounds: positive('api-rounds', values['api-rounds']),
      warmup: Number(values['api-warmup']),
      workRoot,
      profileDir: await profileDir(),
      log,
    });
    await save();
  }
  if (!values['skip-publish']) {
    results.publish = await benchPublish({
      datasets: DATASETS,
      sizes,
      seed: Number(values.seed),
      runs: positive('runs', values.runs),
      cacheDir: values['cache-dir'],
      workRoot,
      profileDir: await profileDir(),
      timeoutSeconds: positive('timeout', values.timeout),
      memoryLimit,
      threads,
      nextDay: !values['skip-next-day'],
      bare: !values['skip-bare'],
      onResults: async (partial) => {
        results.publish = partial;
        await save();
      },
      log,
    });
  }
  results.goals = goals(results);
  results.finished = new Date().toISOString();
  results.code.end = codeVersion();
  results.loadAverageAtEnd = (await machine()).loadAverage;
  await save();
  console.log(render(results));
  console.log(`\nResults written to ${relative(process.cwd(), values.out) || values.out}`);
} finally {
  await rm(workRoot, { recursive: true, force: true });
}

async function profileDir(): Promise<string | undefined> {
  if (!values.profile) return undefined;
  const dir = join(ROOT, 'bench', 'profiles');
  await mkdir(dir, { recursive: true });
  return dir;
}

function codeVersion(): CodeVersion {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', 'HEAD') || 'unknown',
    uncommitted: git('status', '--porcelain', '--', 'src', 'functions', 'datasets', 'infra').split('\n').filter(Boolean),
  };
}

function goals(r: BenchResults): Goal[] {
  const out: Goal[] = [];
  for (const d of DATASETS) {
    const rows = (r.publish ?? []).filter((p) => p.dataset === d.id);
    for (const p of rows.filter((x) => x.rows >= 1_000_000)) {
      out.push({
        goal: `${d.id} ${fmtRows(p.rows)}: publish within 2× of the minimal DuckDB script`,
        measured: p.minimalRatio === undefined ? `publish failed: ${p.failures.map((f) => f.error).join('; ')}` : `${p.minimalRatio}×`,
        met: p.minimalRatio === undefined ? false : p.minimalRatio <= 2,
      });
    }
    for (const p of rows.filter((x) => x.rows >= 1_000_000 && x.nextDay)) {
      out.push({
        goal: `${d.id} ${fmtRows(p.rows)} next day (previous version compared): within 2× of the minimal DuckDB script`,
        measured: `${p.nextDayMinimalRatio}× (${p.nextDay!.seconds.toFixed(1)} s)`,
        met: p.nextDayMinimalRatio! <= 2,
      });
    }
    const ten = rows.find((x) => x.rows === 10_000_000);
    if (ten?.nextDay) {
      out.push({
        goal: `${d.id} 10M next day: peak RSS < 512 MiB`,
        measured: `${ten.nextDay.peakRssMiB} MiB`,
        met: ten.nextDay.peakRssMiB < 512,
      });
    }
    if (ten?.publish) {
      out.push({ goal: `${d.id} 10M: peak RSS < 512 MiB`, measured: `${ten.publish.peakRssMiB} MiB`, met: ten.publish.peakRssMiB < 512 });
    } else if (ten) {
      const killedAt = ten.failures.find((f) => f.peakRssMiB !== undefined)?.peakRssMiB;
      out.push({
        goal: `${d.id} 10M: peak RSS < 512 MiB`,
        measured: killedAt !== undefined ? `≥ ${killedAt} MiB when killed` : 'publish failed',
        met: killedAt !== undefined && killedAt >= 512 ? false : null,
      });
    }
    const measured = rows.filter((x) => x.publish).sort((a, b) => a.rows - b.rows);
    if (measured.length >= 2) {
      const last = measured.at(-1)!;
      const before = measured.at(-2)!;
      const growth = last.publish!.peakRssMiB - before.publish!.peakRssMiB;
      out.push({
        goal: `${d.id}: peak RSS flat in N (grows < 10% from ${fmtRows(before.rows)} to ${fmtRows(last.rows)})`,
        measured:
          measured.map((x) => `${fmtRows(x.rows)} ${x.publish!.peakRssMiB}`).join(', ') +
          ` MiB (${growth >= 0 ? '+' : ''}${round(growth, 1)})`,
        met: growth < 0.1 * before.publish!.peakRssMiB,
      });
    }
  }
  for (const e of r.api?.endpoints ?? []) {
    out.push({
      goal: `${e.name}: ≥ 70% of the bare http server's req/s`,
      measured: `${Math.round(e.ratio * 100)}% (${fmtInt(e.api.requestsPerSecond)} vs ${fmtInt(e.bare.requestsPerSecond)} req/s)`,
      met: e.ratio >= 0.7,
    });
  }
  const api = r.bundles?.find((b) => b.name === 'api');
  if (api) {
    out.push({ goal: 'API bundle < 1 MB (1,000,000 bytes)', measured: `${fmtInt(api.bytes)} bytes`, met: api.bytes < 1_000_000 });
    out.push({
      goal: 'API cold import < 150 ms (median wall of 5, with --enable-source-maps as on Lambda)',
      measured: `${api.coldImportMs} ms (CPU ${api.coldImportCpuMs} ms)`,
      met: api.coldImportMs < 150,
    });
  }
  return out;
}

/** One row of the publish table; the next day's has no export size and no DuckDB runs of its own. */
function publishRow(
  label: string,
  rows: number,
  exportMiB: string,
  publish: PublishChildResult,
  baselines: { minimal?: MinimalChildResult; minimalRatio?: number; duckdb?: DuckdbChildResult; ratio?: number },
): (string | number)[] {
  return [
    label,
    fmtRows(rows),
    exportMiB,
    publish.seconds.toFixed(2),
    fmtInt(rows / publish.seconds),
    publish.peakRssMiB.toFixed(0),
    publish.cpuSeconds.toFixed(1),
    fmtMiB(publish.csvBytes),
    fmtMiB(publish.parquetBytes),
    baselines.minimal?.seconds.toFixed(2) ?? '',
    baselines.minimal?.peakRssMiB.toFixed(0) ?? '',
    baselines.minimalRatio === undefined ? '' : `${baselines.minimalRatio.toFixed(2)}×`,
    baselines.duckdb?.seconds.toFixed(2) ?? '',
    baselines.ratio === undefined ? '' : `${baselines.ratio.toFixed(2)}×`,
  ];
}

function render(r: BenchResults): string {
  const parts: string[] = [];
  const mm = r.machine;
  parts.push(
    `Machine: ${mm.cpuModel}, ${mm.cores} cores, ${mm.ramGiB} GiB RAM, Node ${mm.node}; load average ${mm.loadAverage.join(' ')} → ${(r.loadAverageAtEnd ?? []).join(' ')}`,
    `DuckDB memory limit ${r.duckdbMemoryLimit}, threads ${r.duckdbThreads}${r.duckdbMemoryLimit === DEFAULT_DUCKDB_MEMORY_LIMIT && r.duckdbThreads === DEFAULT_DUCKDB_THREADS ? ' (as the publish Lambdas)' : ` (NOT the publish Lambdas' ${DEFAULT_DUCKDB_MEMORY_LIMIT}, ${DEFAULT_DUCKDB_THREADS} threads)`}, for the publish and the bare DuckDB alike, both started with ${processEnv} as the Lambdas are. ${r.timestamp}; code ${r.code.start.commit.slice(0, 10)}${r.code.start.uncommitted.length ? ` + ${r.code.start.uncommitted.length} uncommitted change(s)` : ''}`,
  );
  const end = r.code.end;
  if (end && (end.commit !== r.code.start.commit || end.uncommitted.join() !== r.code.start.uncommitted.join())) {
    parts.push(
      `WARNING: the code changed during the run (now ${end.commit.slice(0, 10)}): rows measured before and after differ in what they measure.`,
    );
  }
  if (r.publish?.length) {
    parts.push(
      "\nPublish (whole publish, child process) ÷ the minimal DuckDB script (read_csv typed → projection / GROUP BY → COPY csv + parquet, DuckDB defaults); also ÷ the bare run with the publish's caps and cleaning, where it exists",
    );
    parts.push(
      table([
        [
          'dataset',
          'rows',
          'export MiB',
          'publish s',
          'rows/s',
          'peak RSS MiB',
          'CPU s',
          'CSV MiB',
          'Parquet MiB',
          'minimal s',
          'minimal RSS',
          '÷ minimal',
          'bare s',
          '÷ bare',
        ],
        ...r.publish.flatMap((p) =>
          p.publish && p.minimal
            ? [
                publishRow(p.dataset, p.rows, fmtMiB(p.exportBytes), p.publish, p),
                ...(p.nextDay
                  ? [
                      publishRow('  next day (+1 % rows, compared)', p.nextDay.rowsRead, '', p.nextDay, {
                        minimalRatio: p.nextDayMinimalRatio,
                        ratio: p.nextDayRatio,
                      }),
                    ]
                  : []),
              ]
            : [
                [
                  p.dataset,
                  fmtRows(p.rows),
                  fmtMiB(p.exportBytes),
                  'FAILED',
                  '',
                  p.failures.find((f) => f.peakRssMiB)?.peakRssMiB?.toFixed(0) ?? '',
                  '',
                  '',
                  '',
                  p.minimal?.seconds.toFixed(2) ?? '',
                  p.minimal?.peakRssMiB.toFixed(0) ?? '',
                  '',
                  p.duckdb?.seconds.toFixed(2) ?? '',
                  '',
                ],
              ],
        ),
      ]),
    );
    for (const p of r.publish) {
      for (const f of p.failures) parts.push(`  ${p.dataset} ${fmtRows(p.rows)} seed ${f.seed} failed: ${f.error}`);
      if (p.seed !== Number(r.options.seed) && p.publish) parts.push(`  ${p.dataset} ${fmtRows(p.rows)} measured on seed ${p.seed}`);
    }
    const largest = Math.max(...r.publish.map((p) => p.rows));
    for (const p of r.publish.filter((x) => x.rows === largest && x.publish)) {
      parts.push(
        `\nWhere the time goes: ${p.dataset} ${fmtRows(p.rows)} (publish ${p.publish!.seconds} s; minimal DuckDB ${p.minimal?.seconds} s${p.duckdb ? `; bare DuckDB ${p.duckdb.seconds} s` : ''})`,
      );
      const stageRows = Object.entries(p.publish!.stages).map(([k, v]) => ['stage', k, v.toFixed(2)]);
      const sqlRows = Object.entries(p.publish!.sql)
        .filter(([, v]) => v >= 0.05)
        .map(([k, v]) => ['build', k, v.toFixed(2)]);
      const minimalRows = Object.entries(p.minimal?.steps ?? {}).map(([k, v]) => ['minimal', k, v.toFixed(2)]);
      const duckRows = Object.entries(p.duckdb?.steps ?? {}).map(([k, v]) => ['bare', k, v.toFixed(2)]);
      const nextDayRows = Object.entries(p.nextDay?.stages ?? {}).map(([k, v]) => ['next day', k, v.toFixed(2)]);
      parts.push(table([['', 'phase', 's'], ...stageRows, ...sqlRows, ...minimalRows, ...duckRows, ...nextDayRows]));
    }
  }
  if (r.api) {
    parts.push(
      `\nAPI under loopback load (autocannon, ${r.api.connections} connections, ${r.api.durationSeconds} s after ${r.api.warmupSeconds} s warm-up, API and bare server taking turns in ${r.api.rounds} rounds; API = functions/api.ts handler in the local server, catalog in dynalite in its own process; p99 = the worst round's)`,
    );
    parts.push(
      table([
        [
          'endpoint',
          'body B',
          'API req/s',
          'p99 ms',
          'API uncached-catalog req/s',
          'p99 ms',
          'bare req/s',
          'p99 ms',
          'API/bare',
          'rounds API/bare',
          'uncached/bare',
          'static site req/s',
          'p99 ms',
          'static/bare',
        ],
        ...r.api.endpoints.map((e) => [
          e.name,
          fmtInt(e.bodyBytes),
          fmtInt(e.api.requestsPerSecond),
          e.api.p99Ms,
          fmtInt(e.apiUncachedCatalog.requestsPerSecond),
          e.apiUncachedCatalog.p99Ms,
          fmtInt(e.bare.requestsPerSecond),
          e.bare.p99Ms,
          `${Math.round(e.ratio * 100)}%`,
          `${Math.round(Math.min(...e.roundRatios) * 100)}–${Math.round(Math.max(...e.roundRatios) * 100)}%`,
          `${Math.round(e.ratioUncachedCatalog * 100)}%`,
          e.staticSite ? fmtInt(e.staticSite.requestsPerSecond) : '',
          e.staticSite?.p99Ms ?? '',
          e.ratioStaticSite === undefined ? '' : `${Math.round(e.ratioStaticSite * 100)}%`,
        ]),
      ]),
    );
    for (const f of r.api.publishFailures) parts.push(`  sample ${f.dataset} did not publish: ${f.error}`);
  }
  if (r.bundles) {
    parts.push(
      `\nLambda bundles (esbuild as infra/constructs/node-function.ts: ESM, ${r.bundles[0]?.target ?? ''}, minified; cold import = await import() in a fresh node ${r.machine.node})`,
    );
    parts.push(
      table([
        ['handler', 'bytes', 'map bytes', 'cold import ms', 'CPU ms', 'no source maps ms', 'largest inputs (KB)'],
        ...r.bundles.map((b) => [
          b.name,
          fmtInt(b.bytes),
          fmtInt(b.sourceMapBytes),
          b.coldImportMs,
          b.coldImportCpuMs,
          b.coldImportNoSourceMapsMs,
          b.largestInputs
            .slice(0, 4)
            .map((i) => `${i.input} ${Math.round(i.bytes / 1000)}`)
            .join(', '),
        ]),
      ]),
    );
  }
  if (r.goals?.length) {
    parts.push('\nGoals');
    parts.push(
      table([['', 'goal', 'measured'], ...r.goals.map((g) => [g.met === null ? '?' : g.met ? 'met' : 'MISSED', g.goal, g.measured])]),
    );
  }
  return parts.join('\n');
}
