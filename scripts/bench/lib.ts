/**
 * Shared by the benchmark modules: child processes that report one JSON result, the machine's
 * description, statistics and number formatting.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BENCH_DIR = import.meta.dirname;
export const MiB = 1024 * 1024;

export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export async function machine(): Promise<Machine> {
  const { loadavg, platform, release } = await import('node:os');
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** What every child reports besides its own numbers: its high-water RSS and CPU time. */
export interface ChildUsage {
  /** process.resourceUsage().maxRSS at the end of the run, MiB. */
  peakRssMiB: number;
  /** maxRSS just before the measured work started (after imports), MiB. */
  startRssMiB: number;
  /** User + system CPU seconds of the measured work (DuckDB threads included). */
  cpuSeconds: number;
}

export const usageNow = () => ({ maxRssKiB: process.resourceUsage().maxRSS, cpu: process.cpuUsage() });

export function usageSince(start: ReturnType<typeof usageNow>): ChildUsage {
  const cpu = process.cpuUsage(start.cpu);
  return {
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    startRssMiB: round(start.maxRssKiB / 1024, 1),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
  };
}

/**
 * Node flags that write a child's V8 CPU profiles to a folder of its own under `profileDir` (one
 * file per thread: tsx's loader runs in a worker), or none without a `profileDir`.
 */
export const cpuProfileArgs = (profileDir: string | undefined, name: string): string[] =>
  profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${name}-${Date.now()}`)] : [];

/** The environment every child gets: the SDK's Node-version warning off, s3rver's DES listing tokens on. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const nodeOptions = (process.env.NODE_OPTIONS ?? '').includes('--openssl-legacy-provider')
    ? process.env.NODE_OPTIONS!
    : `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim();
  return { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: nodeOptions, ...extra };
}

/** A child that ran past its time limit and was killed; `peakRssMiB` is its high-water RSS then. */
export class ChildTimeoutError extends Error {
  constructor(
    message: string,
    readonly peakRssMiB: number | undefined,
  ) {
    super(message);
    this.name = 'ChildTimeoutError';
  }
}

/** The high-water RSS of a running process (Linux), MiB. */
async function peakRssOf(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `scripts/bench/<script>` under tsx in a fresh Node process; the child writes its result as
 * JSON to the file named by `--result`. Rejects with the child's stderr when it fails, or with a
 * ChildTimeoutError (after killing it) when it runs longer than `timeoutMs`.
 */
export async function runChild<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  resultDir: string,
  options: {
    nodeArgs?: string[];
    timeoutMs?: number;
    /** A built .mjs to run with plain node instead of `script` through tsx. */ bundle?: string;
  } = {},
): Promise<T> {
  const resultFile = join(resultDir, `result-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.bundle ? [options.bundle] : ['--import', 'tsx', join(BENCH_DIR, script)]),
      ...args,
      '--result',
      resultFile,
    ],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout = (stdout + d.toString()).slice(-4_000);
  });
  let timedOut: { peakRssMiB: number | undefined } | undefined;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        void peakRssOf(child.pid).then((peakRssMiB) => {
          timedOut = { peakRssMiB };
          child.kill('SIGKILL');
        });
      }, options.timeoutMs)
    : undefined;
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  if (timedOut) {
    throw new ChildTimeoutError(
      `${script} did not finish within ${Math.round(options.timeoutMs! / 1000)} s (killed; peak RSS by then ${timedOut.peakRssMiB ?? '?'} MiB)`,
      timedOut.peakRssMiB,
    );
  }
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}:\n${stderr.trim()}\n${stdout.trim()}`.trim());
  try {
    return JSON.parse(await readFile(resultFile, 'utf8')) as T;
  } finally {
    await rm(resultFile, { force: true });
  }
}

/** A long-running child (a server) that prints one line `READY <json>` when it is up. */
export interface ServerChild<T> {
  info: T;
  stop(): Promise<void>;
}

export async function startServerChild<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<ServerChild<T>> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(BENCH_DIR, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const info = await new Promise<T>((ready, fail) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        child.stdout.off('data', onData);
        child.stdout.on('data', () => {});
        ready(JSON.parse(line.slice('READY '.length)) as T);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code} before it was ready:\n${stderr.trim()}`)));
  });
  return {
    info,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      // Closing stdin asks the child to shut down cleanly; SIGTERM if it does not within 10 s.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a server child: stop when the parent closes our stdin (or goes away). */
export function onParentGone(stop: () => Promise<void>): void {
  let stopping = false;
  const go = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', go);
  process.stdin.on('close', go);
  process.stdin.resume();
  process.on('SIGTERM', go);
  process.on('SIGINT', go);
}

/** Reads `--name value` from argv (children take only a few options). */
export function arg(name: string, argv = process.argv): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function requiredArg(name: string): string {
  const value = arg(name);
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en');

export const fmtRows = (n: number): string =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);

export const fmtMiB = (bytes: number): string => (bytes / MiB).toFixed(bytes < 10 * MiB ? 2 : 1);

/** A plain-text table: first row is the header; numbers right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i > 0 && /^[-+]?[\d,.]+( ?[%×x])?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
