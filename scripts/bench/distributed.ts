/**
 * `npm run bench:distributed -- [--rows 10000000] [--months 12] [--dataset health-care-encounters]`:
 * the distributed path at national volume, locally. Lands one export per province × month (the
 * dataset's seeded generator, rows split by population) into a local stack, then runs the state
 * machine the CDK app deploys (the ASL interpreter, map concurrency = cores), every Task state in
 * its own Node process built as the Lambda bundle is (one invocation = one process, as on AWS).
 * Prints wall time, rows/s, peak RSS per worker, peak temporary disk, and a projection of the
 * 180M-row backfill on AWS from the measured per-partition throughput; `--out` keeps it as JSON.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { finished } from 'node:stream/promises';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { findDataset } from '../../datasets/index.ts';
import { findGenerator, writeExport } from '../../datasets/generators/index.ts';
import { geo } from '../../datasets/generators/geo.ts';
import { createStores } from '../../src/composition.ts';
import { DEFAULT_DUCKDB_MEMORY_LIMIT, loadConfig } from '../../src/config.ts';
import { createLocalStateMachine } from '../../src/local/state-machine.ts';
import { localEnvironment } from '../../src/local/stack.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { buildPublishBundle } from './publish-bundle.ts';
import type { StepChildResult } from './steps-child.ts';
import { arg, BENCH_DIR, childEnv, fmtInt, machine, median, round, startServerChild, table } from './lib.ts';

const datasetId = arg('dataset') ?? 'health-care-encounters';
const totalRows = Number(arg('rows') ?? 10_000_000);
const months = Number(arg('months') ?? 12);
const year = Number(arg('year') ?? 2025);
const concurrency = Number(arg('concurrency') ?? availableParallelism());
const out = arg('out');
const definition = findDataset(datasetId);
const generator = findGenerator(datasetId);
if (!definition || definition.kind !== 'aggregate' || !generator?.partitioned) {
  throw new Error(`${datasetId}: not an aggregate whose generator exports per province and month`);
}
// The run is dated after the last month closed and its lag passed, so every month is counted.
const asOf = arg('now') ?? `${year + 1}-03-01T02:00:00Z`;

const work = await mkdtemp(join(arg('work-dir') ?? tmpdir(), 'bench-distributed-'));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const stack = await startServerChild<{ s3Endpoint: string; dynamodbEndpoint: string }>(
  'stack-server.ts',
  ['--data-dir', join(work, 'stack')],
  childEnv(),
);
try {
  const env = { ...localEnvironment(stack.info, 'http://127.0.0.1:8080', join(work, 'stack')), WORK_DIR: join(work, 'tmp') };
  await mkdir(env.WORK_DIR, { recursive: true });
  const stores = createStores(loadConfig(env));

  // Land: each province's export of each month, sized by its population.
  const provinces = geo().provinces;
  const population = provinces.reduce((s, p) => s + p.population, 0);
  const landStart = performance.now();
  let landed = 0;
  let bytes = 0;
  for (let m = 1; m <= months; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    for (const province of provinces) {
      const rows = Math.round(((totalRows / months) * province.population) / population);
      const file = join(work, `export-${province.code}-${month}.csv`);
      const stream = createWriteStream(file);
      const stats = await writeExport(generator, { rows, seed: 1000 + m, province: province.code, month }, stream);
      stream.end();
      await finished(stream);
      await stores.landing.uploadFile(`${datasetId}/${province.code}/${month}/${month}-bhyt-${province.code}.csv`, file);
      await rm(file);
      landed += stats.rows;
      bytes += stats.bytes;
    }
    log(`landed ${month}: ${fmtInt(landed)} rows, ${round(bytes / 1e9, 2)} GB so far`);
  }
  const landSeconds = (performance.now() - landStart) / 1000;

  // Run: the Task states go to warm workers, one Node process per map slot (as Lambda keeps warm
  // containers), each built as the Lambda bundle is (functions/publish-steps.ts's code).
  const bundle = await buildPublishBundle(join(BENCH_DIR, 'steps-child.ts'), join(work, 'bundle'));
  const childEnvironment = childEnv({
    ...env,
    DUCKDB_MEMORY_LIMIT: DEFAULT_DUCKDB_MEMORY_LIMIT,
    MALLOC_ARENA_MAX: '2',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const args = ['--now', asOf, ...(definition.execution === 'distributed' ? [] : ['--force-distributed'])];
  const workers = await Promise.all(Array.from({ length: concurrency }, () => startWorker(bundle, args, childEnvironment)));
  const idle = [...workers];
  const waiting: ((w: Worker) => void)[] = [];
  const steps: { step: string; seconds: number; cpuSeconds: number; peakRssMiB: number; bytes?: number }[] = [];
  const invoke = async (event: { step: string; partition?: { size: number } }) => {
    const worker = idle.pop() ?? (await new Promise<Worker>((take) => waiting.push(take)));
    try {
      const result = await worker.call(event);
      steps.push({
        step: event.step,
        seconds: result.seconds,
        cpuSeconds: result.cpuSeconds,
        peakRssMiB: result.peakRssMiB,
        bytes: event.partition?.size,
      });
      if (result.error) throw new Error(result.error);
      return result.output;
    } finally {
      const next = waiting.shift();
      if (next) next(worker);
      else idle.push(worker);
    }
  };
  // Temporary disk: what the steps keep in WORK_DIR at once (staged exports, DuckDB spill, outputs).
  let peakDisk = 0;
  const sampler = setInterval(() => {
    void bytesUnder(env.WORK_DIR).then((used) => {
      peakDisk = Math.max(peakDisk, used);
    });
  }, 250);
  const runStart = performance.now();
  const report = (await createLocalStateMachine(invoke as never, { maxConcurrency: concurrency })({ datasetId })) as PublishReport;
  const runSeconds = (performance.now() - runStart) / 1000;
  clearInterval(sampler);
  await Promise.all(workers.map((w) => w.stop()));

  const of = (step: string) => steps.filter((s) => s.step === step);
  const counts = of('count');
  const finish = of('finish')[0]!;
  const countCpu = counts.reduce((s, c) => s + c.cpuSeconds, 0);
  const bytesPerRow = bytes / landed;
  const fit = fitCountTime(counts.map((c) => ({ rows: (c.bytes ?? 0) / bytesPerRow, seconds: c.seconds })));
  // Each partition's share of a year's rows: its province's share of the population, over 12 months.
  const shares = provinces.flatMap((p) => Array.from({ length: 12 }, () => p.population / population / 12));
  const summary = {
    machine: await machine(),
    dataset: datasetId,
    rows: landed,
    csvGB: round(bytes / 1e9, 2),
    partitions: counts.length,
    concurrency,
    landSeconds: round(landSeconds, 1),
    wallSeconds: round(runSeconds, 1),
    rowsPerSecond: Math.round(landed / runSeconds),
    outcome: report.outcome,
    rowsRead: report.rowsRead,
    rowsRejected: report.rowsRejected,
    cellsPublished: report.rowCount,
    plan: of('plan')[0],
    count: {
      medianSeconds: median(counts.map((c) => c.seconds)),
      maxSeconds: Math.max(...counts.map((c) => c.seconds)),
      cpuSeconds: round(countCpu, 1),
      rowsPerCpuSecond: Math.round(landed / countCpu),
      peakRssMiB: Math.max(...counts.map((c) => c.peakRssMiB)),
    },
    finish,
    peakTempDiskMiB: round(peakDisk / 2 ** 20, 1),
    countTime: fit,
    projection: projectBackfill(fit, finish.seconds, shares),
  };
  console.log(
    table([
      [
        'rows',
        'partitions',
        'wall s',
        'rows/s',
        'count s (median/max)',
        'count peak RSS MiB',
        'finish s',
        'finish RSS MiB',
        'temp disk MiB',
      ],
      [
        fmtInt(summary.rows),
        summary.partitions,
        summary.wallSeconds,
        fmtInt(summary.rowsPerSecond),
        `${summary.count.medianSeconds} / ${summary.count.maxSeconds}`,
        summary.count.peakRssMiB,
        finish.seconds,
        finish.peakRssMiB,
        summary.peakTempDiskMiB,
      ],
    ]),
  );
  console.log(JSON.stringify(summary.projection, null, 2));
  if (out) await writeFile(out, `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await stack.stop();
  await rm(work, { recursive: true, force: true });
}

interface Worker {
  call(event: unknown): Promise<StepChildResult>;
  stop(): Promise<void>;
}

/** A warm steps worker (steps-child.ts, bundled): one event per line in, one result per line out. */
async function startWorker(bundle: string, args: string[], env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(process.execPath, [bundle, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = await lines.next();
  if (ready.done || !String(ready.value).startsWith('READY')) throw new Error(`steps worker did not start:\n${stderr}`);
  return {
    call: async (event) => {
      child.stdin.write(`${JSON.stringify(event)}\n`);
      const line = await lines.next();
      if (line.done) throw new Error(`steps worker exited:\n${stderr}`);
      return JSON.parse(String(line.value)) as StepChildResult;
    },
    stop: async () => {
      child.stdin.end();
      await new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));
    },
  };
}

/** Bytes of the files under `dir` now (files may vanish while it counts). */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile())
      total += await stat(join(entry.parentPath, entry.name)).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

/** Least squares `seconds = fixed + perRow × rows` over the count steps. */
function fitCountTime(points: { rows: number; seconds: number }[]): { fixed: number; perMillionRows: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.rows, 0) / n;
  const my = points.reduce((s, p) => s + p.seconds, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.rows - mx) ** 2, 0);
  const slope = sxx > 0 ? points.reduce((s, p) => s + (p.rows - mx) * (p.seconds - my), 0) / sxx : 0;
  return { fixed: round(my - slope * mx, 3), perMillionRows: round(slope * 1e6, 2) };
}

/**
 * The 180M-row backfill (34 provinces × 12 months, ~15M encounters a month) on AWS, from the count
 * time measured here per partition (fixed + per row, at DuckDB's 1 thread and 128MB, as a 2048 MB
 * Lambda with about one vCPU runs it) and the finish step's time: DISTRIBUTED_MAP_CONCURRENCY
 * partitions at once, the largest first, then one finish. Prices: ap-southeast-1, 2026 list
 * (Lambda x86 $0.0000166667 per GB-s and $0.20 per million requests; Step Functions Standard
 * $0.025 per 1,000 state transitions; S3 PUT $0.005 and GET $0.0004 per 1,000).
 */
function projectBackfill(fit: { fixed: number; perMillionRows: number }, finishSeconds: number, shares: number[]) {
  const rows = 180_000_000;
  const concurrency = 40;
  const times = shares.map((share) => fit.fixed + (fit.perMillionRows * rows * share) / 1e6).sort((a, b) => b - a);
  // Greedy: each partition goes to the slot that frees first.
  const slots = new Array<number>(concurrency).fill(0);
  for (const t of times) {
    const first = slots.indexOf(Math.min(...slots));
    slots[first] = slots[first]! + t;
  }
  const mapSeconds = Math.max(...slots);
  const lambdaSeconds = times.reduce((a, b) => a + b, 0) + finishSeconds;
  const lambdaGbSeconds = lambdaSeconds * 2;
  const transitions = 4 + times.length * 3;
  const usd =
    lambdaGbSeconds * 0.0000166667 +
    (times.length + 2) * 0.2e-6 +
    transitions * 0.025e-3 +
    times.length * 2 * 0.005e-3 +
    times.length * 3 * 0.0004e-3;
  return {
    rows,
    partitions: times.length,
    largestPartitionSeconds: round(times[0]!, 1),
    mapConcurrency: concurrency,
    wallMinutes: round((mapSeconds + finishSeconds) / 60, 1),
    lambdaGbSeconds: Math.round(lambdaGbSeconds),
    stateTransitions: transitions,
    usd: round(usd, 2),
  };
}
