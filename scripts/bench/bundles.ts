/**
 * Lambda bundles, built with esbuild as infra/constructs/node-function.ts has the CDK build them
 * (ESM, its `target` (read from that file), minified, keepNames, source maps, the createRequire banner, `module,main` main
 * fields; the publish function's native/wasm packages external and installed beside it), then
 * imported cold in fresh Node processes with the environment the handler needs.
 */
import { API_LAZY_MODULES } from '../../infra/constructs/public-api.ts';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { DEFAULT_DUCKDB_MEMORY_LIMIT, PUBLISH_PROCESS_ENV } from '../../src/config.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/esm-banner.ts';
import { ROOT, median, round } from './lib.ts';

/** As infra declares them: the API installs the packages it loads lazily beside the bundle; the publish function installs DuckDB and HiGHS beside the bundle. */
const HANDLERS = [
  { name: 'api', source: 'functions/api.ts', external: [...API_LAZY_MODULES] as string[], env: {} as Record<string, string> },
  {
    name: 'publish',
    source: 'functions/publish.ts',
    external: ['@duckdb/node-api', 'highs', '@duckdb/node-bindings', '@duckdb/node-bindings-*'],
    env: { WORK_DIR: '/tmp', DUCKDB_MEMORY_LIMIT: DEFAULT_DUCKDB_MEMORY_LIMIT, ...PUBLISH_PROCESS_ENV, HOME: '/tmp' } as Record<
      string,
      string
    >,
  },
];

/** What loadConfig requires, with the values a Lambda would have. */
const LAMBDA_ENV = {
  LANDING_BUCKET: 'landing-bucket',
  PUBLIC_BUCKET: 'public-bucket',
  CATALOG_TABLE: 'catalog-table',
  PUBLIC_BASE_URL: 'https://example.org',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'x',
  AWS_SECRET_ACCESS_KEY: 'x',
  POWERTOOLS_METRICS_NAMESPACE: 'HealthOpenData',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface BundleBench {
  name: string;
  /** esbuild target, as infra/constructs/node-function.ts sets it. */
  target: string;
  source: string;
  bytes: number;
  sourceMapBytes: number;
  external: string[];
  /** Bytes of the bundle by package (or `project` for this repository's code), largest first. */
  largestInputs: { input: string; bytes: number }[];
  /** Median ms of `await import(bundle)` in a fresh process, with NODE_OPTIONS=--enable-source-maps as the Lambda sets it. */
  coldImportMs: number;
  /** Median CPU ms (user + system) of the same imports: steadier than wall time on a busy machine. */
  coldImportCpuMs: number;
  coldImportRunsMs: number[];
  /** The same without --enable-source-maps. */
  coldImportNoSourceMapsMs: number;
  /** Median ms from spawning `node` to its exit, importing the bundle (process start included). */
  processMs: number;
}

export async function benchBundles(options: { workRoot: string; imports: number; log: (line: string) => void }): Promise<BundleBench[]> {
  const dir = await mkdtemp(join(options.workRoot, 'bundles-'));
  try {
    // As in the Lambda package: node_modules beside the bundle for the external packages, and the
    // reference data copied to `data/` (DEFAULT_RUNTIME_DIRS).
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const target = await infraTarget();
    const out: BundleBench[] = [];
    for (const h of HANDLERS) {
      const outDir = join(dir, h.name);
      await mkdir(outDir, { recursive: true });
      await cp(join(ROOT, 'src/reference/data'), join(outDir, 'data'), { recursive: true });
      const outfile = join(outDir, 'index.mjs');
      const result = await build({
        entryPoints: [join(ROOT, h.source)],
        bundle: true,
        platform: 'node',
        target,
        format: 'esm',
        outfile,
        minify: true,
        keepNames: true,
        sourcemap: true,
        // As infra/constructs/node-function.ts: stack traces need the mappings, not the sources.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: { js: ESM_REQUIRE_BANNER },
        external: h.external,
        metafile: true,
        logLevel: 'silent',
      });
      const env: NodeJS.ProcessEnv = { ...process.env, ...LAMBDA_ENV, ...h.env };
      delete env.NODE_OPTIONS;
      const url = pathToFileURL(outfile).href;
      await coldImport(url, { ...env, NODE_OPTIONS: '--enable-source-maps' }); // first read from disk: not counted
      const runs: { wall: number; cpu: number }[] = [];
      const processRuns: number[] = [];
      for (let i = 0; i < options.imports; i += 1) {
        const t = performance.now();
        runs.push(await coldImport(url, { ...env, NODE_OPTIONS: '--enable-source-maps' }));
        processRuns.push(performance.now() - t);
      }
      const noMaps: number[] = [];
      for (let i = 0; i < options.imports; i += 1) noMaps.push((await coldImport(url, env)).wall);
      const bench: BundleBench = {
        name: h.name,
        target,
        source: h.source,
        bytes: (await stat(outfile)).size,
        sourceMapBytes: (await stat(`${outfile}.map`)).size,
        external: h.external,
        largestInputs: largestInputs(result.metafile, outfile),
        coldImportMs: round(median(runs.map((r) => r.wall)), 1),
        coldImportCpuMs: round(median(runs.map((r) => r.cpu)), 1),
        coldImportRunsMs: runs.map((r) => round(r.wall, 1)),
        coldImportNoSourceMapsMs: round(median(noMaps), 1),
        processMs: round(median(processRuns), 1),
      };
      options.log(`bundle ${h.name}: ${(bench.bytes / 1024).toFixed(0)} KiB, cold import ${bench.coldImportMs} ms`);
      out.push(bench);
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `await import(bundle)` timed inside a fresh Node process. */
async function coldImport(url: string, env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  const code = `const t = performance.now(); const c = process.cpuUsage(); await import(${JSON.stringify(url)});
    const u = process.cpuUsage(c); console.log(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 })); process.exit(0);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  try {
    if (exit !== 0) throw new Error(`exit code ${exit}`);
    return JSON.parse(stdout.trim().split('\n').pop()!) as { wall: number; cpu: number };
  } catch (error) {
    throw new Error(`importing ${url} failed (${(error as Error).message}): ${stderr.slice(0, 2000)}`);
  }
}

function largestInputs(metafile: Metafile, outfile: string): { input: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([path]) => outfile.endsWith(path.replace(/^(\.\.\/)+/, '')))?.[1];
  if (!output) return [];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1]! : 'project';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([input, bytes]) => ({ input, bytes }));
}

/** The bundling target the CDK construct uses (e.g. `node24`); node22 if it cannot be read. */
async function infraTarget(): Promise<string> {
  const source = await readFile(join(ROOT, 'infra/constructs/node-function.ts'), 'utf8').catch(() => '');
  return /target:\s*'(node\d+)'/.exec(source)?.[1] ?? 'node22';
}
