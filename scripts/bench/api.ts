/**
 * API benchmark: every dataset's sample export is published on a fresh local stack, then the
 * dataset list and a dataset's detail are loaded over loopback (autocannon) on
 *  - the local server around the API Lambda's handler as functions/api.ts wires it (what `npm
 *    start` serves; catalog in dynalite, in its own process),
 *  - the same handler built on the bare catalog store (no catalog cache: every request reads it),
 *  - a bare Node `http` server answering the same bytes.
 * Each server runs alone in its own process; the load generator runs in this one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import { createPublishDeps, createStores } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { localEnvironment, seedSampleExport } from '../../src/local/stack.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import type { CapturedResponse } from './bare-server.ts';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../../src/config.ts';
import { childEnv, round, startServerChild } from './lib.ts';

export interface ApiLoad {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface ApiEndpointBench {
  name: string;
  path: string;
  bodyBytes: number;
  api: ApiLoad;
  apiUncachedCatalog: ApiLoad;
  bare: ApiLoad;
  /** api / bare requests per second. */
  ratio: number;
  ratioUncachedCatalog: number;
}

export interface ApiBench {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  datasetsPublished: string[];
  publishFailures: { dataset: string; error: string }[];
  endpoints: ApiEndpointBench[];
}

export interface ApiOptions {
  connections: number;
  duration: number;
  warmup: number;
  workRoot: string;
  /** Folder for V8 CPU profiles of the API server children, or none. */
  profileDir?: string;
  log: (line: string) => void;
}

const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function benchApi(options: ApiOptions): Promise<ApiBench> {
  const dataDir = await mkdtemp(join(options.workRoot, 'api-'));
  const stack = await startServerChild<{ s3Endpoint: string; dynamodbEndpoint: string }>(
    'stack-server.ts',
    ['--data-dir', dataDir],
    childEnv(),
  );
  try {
    const env = {
      ...localEnvironment(stack.info, 'http://127.0.0.1:8080', dataDir),
      DUCKDB_MEMORY_LIMIT: DEFAULT_DUCKDB_MEMORY_LIMIT,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    const config = loadConfig(env);
    const stores = createStores(config);
    const deps = createPublishDeps(config, stores);
    const published: string[] = [];
    const publishFailures: ApiBench['publishFailures'] = [];
    for (const definition of datasetDefinitions) {
      await seedSampleExport(stores.landing, definition.id, sampleDir(definition.id));
      try {
        await publishDataset(definition, deps);
        published.push(definition.id);
      } catch (error) {
        publishFailures.push({ dataset: definition.id, error: String((error as Error).message).slice(0, 300) });
      }
    }
    options.log(`API: published ${published.length} sample datasets${publishFailures.length ? ` (${publishFailures.length} failed)` : ''}`);
    const detailId = published.includes('medical-facilities') ? 'medical-facilities' : published[0];
    if (!detailId) throw new Error('no sample dataset could be published');
    const paths = [
      { name: 'GET /api/datasets', path: '/api/datasets' },
      { name: `GET /api/datasets/${detailId}`, path: `/api/datasets/${detailId}` },
    ];

    const loads = new Map<string, ApiLoad>();
    const captured: CapturedResponse[] = [];
    const serverEnv = childEnv(env);
    for (const variant of ['api', 'apiUncachedCatalog'] as const) {
      const profile = options.profileDir
        ? ['--cpu-prof', '--cpu-prof-dir', join(options.profileDir, `api-server-${variant}-${Date.now()}`)]
        : [];
      const server = await startServerChild<{ port: number }>(
        'api-server.ts',
        variant === 'api' ? [] : ['--uncached-catalog'],
        serverEnv,
        profile,
      );
      try {
        for (const p of paths) {
          const url = `http://127.0.0.1:${server.info.port}${p.path}`;
          const response = await fetch(url);
          const body = Buffer.from(await response.arrayBuffer());
          if (response.status !== 200) throw new Error(`${p.path} answered ${response.status}: ${body.toString().slice(0, 200)}`);
          if (variant === 'api') {
            const headers = Object.fromEntries([...response.headers].filter(([k]) => !HOP_BY_HOP.has(k)));
            captured.push({ path: p.path, status: response.status, headers, body: body.toString('base64') });
          } else if (captured.find((c) => c.path === p.path)?.body !== body.toString('base64')) {
            throw new Error(`the uncached-catalog server answered ${p.path} differently`);
          }
          loads.set(`${variant} ${p.path}`, await load(url, options));
          options.log(`  ${variant} ${p.path}: ${loads.get(`${variant} ${p.path}`)!.requestsPerSecond} req/s`);
        }
      } finally {
        await server.stop();
      }
    }

    const responsesFile = join(dataDir, 'responses.json');
    await writeFile(responsesFile, JSON.stringify(captured));
    const bare = await startServerChild<{ port: number }>('bare-server.ts', ['--responses', responsesFile], childEnv());
    try {
      for (const p of paths) {
        const url = `http://127.0.0.1:${bare.info.port}${p.path}`;
        const body = Buffer.from(await (await fetch(url)).arrayBuffer()).toString('base64');
        if (body !== captured.find((c) => c.path === p.path)?.body) throw new Error(`the bare server answered ${p.path} differently`);
        loads.set(`bare ${p.path}`, await load(url, options));
        options.log(`  bare ${p.path}: ${loads.get(`bare ${p.path}`)!.requestsPerSecond} req/s`);
      }
    } finally {
      await bare.stop();
    }

    return {
      connections: options.connections,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      datasetsPublished: published,
      publishFailures,
      endpoints: paths.map((p) => {
        const api = loads.get(`api ${p.path}`)!;
        const apiUncachedCatalog = loads.get(`apiUncachedCatalog ${p.path}`)!;
        const bareLoad = loads.get(`bare ${p.path}`)!;
        return {
          ...p,
          bodyBytes: Buffer.from(captured.find((c) => c.path === p.path)!.body, 'base64').length,
          api,
          apiUncachedCatalog,
          bare: bareLoad,
          ratio: round(api.requestsPerSecond / bareLoad.requestsPerSecond, 3),
          ratioUncachedCatalog: round(apiUncachedCatalog.requestsPerSecond / bareLoad.requestsPerSecond, 3),
        };
      }),
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A warm-up run (discarded), then the measured one. */
async function load(url: string, options: ApiOptions): Promise<ApiLoad> {
  if (options.warmup > 0) await autocannon({ url, connections: options.connections, duration: options.warmup });
  const r = await autocannon({ url, connections: options.connections, duration: options.duration });
  return {
    requestsPerSecond: round(r.requests.total / r.duration, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}
