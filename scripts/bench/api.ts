/**
 * API benchmark: every dataset's sample export is published on a fresh local stack, then the
 * dataset list and a dataset's detail are loaded over loopback (autocannon) on
 *  - the local server around the API Lambda's handler as functions/api.ts wires it (what `npm
 *    start` serves; catalog in dynalite, in its own process),
 *  - the same handler built on the bare catalog store (no catalog cache: every request reads it),
 *  - a bare Node `http` server answering the same bytes.
 * Each server runs in its own process; the load generator runs in this one. The API and the bare
 * server take turns under load (`rounds` of them), so both meet the machine in the same state.
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
import { childEnv, cpuProfileArgs, round, startServerChild } from './lib.ts';

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
  /** The static site (issue 13): the same URL served from the public bucket through the CloudFront Function's code. */
  staticSite?: ApiLoad;
  bare: ApiLoad;
  /** api / bare requests per second, over all rounds. */
  ratio: number;
  /** api / bare of each round (the two took turns), to show the spread. */
  roundRatios: number[];
  ratioUncachedCatalog: number;
  ratioStaticSite?: number;
}

export interface ApiBench {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Turns the API and the bare server took under load; each ran durationSeconds / rounds per turn. */
  rounds: number;
  datasetsPublished: string[];
  publishFailures: { dataset: string; error: string }[];
  endpoints: ApiEndpointBench[];
}

export interface ApiOptions {
  connections: number;
  /** Measured seconds per server and path, split into `rounds` alternating turns. */
  duration: number;
  rounds: number;
  warmup: number;
  workRoot: string;
  /** Folder for V8 CPU profiles of the API server children, or none. */
  profileDir?: string;
  log: (line: string) => void;
}

// Content-Length stays: the bare server sends the same length header the API sent.
const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

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

    const serverEnv = childEnv(env);
    const profileArgs = (variant: string) => cpuProfileArgs(options.profileDir, `api-server-${variant}`);

    // The API and the bare server run side by side and take turns under load, round after round:
    // a slow minute of a shared machine then costs both alike instead of whichever ran in it.
    const captured: CapturedResponse[] = [];
    const capturedBody = (path: string) => captured.find((c) => c.path === path)!.body;
    const paired = new Map<string, { api: ApiLoad; bare: ApiLoad; roundRatios: number[] }>();
    const api = await startServerChild<{ port: number }>('api-server.ts', [], serverEnv, profileArgs('api'));
    try {
      for (const p of paths) {
        const response = await fetch(`http://127.0.0.1:${api.info.port}${p.path}`);
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200) throw new Error(`${p.path} answered ${response.status}: ${body.toString().slice(0, 200)}`);
        const headers = Object.fromEntries([...response.headers].filter(([k]) => !HOP_BY_HOP.has(k)));
        captured.push({ path: p.path, status: response.status, headers, body: body.toString('base64') });
      }
      const responsesFile = join(dataDir, 'responses.json');
      await writeFile(responsesFile, JSON.stringify(captured));
      const bare = await startServerChild<{ port: number }>('bare-server.ts', ['--responses', responsesFile], childEnv());
      try {
        for (const p of paths) {
          const apiUrl = `http://127.0.0.1:${api.info.port}${p.path}`;
          const bareUrl = `http://127.0.0.1:${bare.info.port}${p.path}`;
          await expectSameBody(bareUrl, capturedBody(p.path), 'the bare server');
          if (options.warmup > 0) {
            await run(apiUrl, options.connections, options.warmup);
            await run(bareUrl, options.connections, options.warmup);
          }
          const apiRounds: autocannon.Result[] = [];
          const bareRounds: autocannon.Result[] = [];
          const roundSeconds = Math.max(1, Math.round(options.duration / options.rounds));
          for (let round = 0; round < options.rounds; round++) {
            apiRounds.push(await run(apiUrl, options.connections, roundSeconds));
            bareRounds.push(await run(bareUrl, options.connections, roundSeconds));
          }
          const result = {
            api: summarise(apiRounds),
            bare: summarise(bareRounds),
            roundRatios: apiRounds.map((r, i) => round(rate(r) / rate(bareRounds[i]!), 3)),
          };
          paired.set(p.path, result);
          options.log(
            `  ${p.path}: API ${result.api.requestsPerSecond} req/s, bare ${result.bare.requestsPerSecond} req/s (rounds API/bare: ${result.roundRatios.join(' ')})`,
          );
        }
      } finally {
        await bare.stop();
      }
    } finally {
      await api.stop();
    }

    // What the catalog cache buys: the same handler reading the catalog on every request.
    const uncached = new Map<string, ApiLoad>();
    const server = await startServerChild<{ port: number }>('api-server.ts', ['--uncached-catalog'], serverEnv, profileArgs('uncached'));
    try {
      for (const p of paths) {
        const url = `http://127.0.0.1:${server.info.port}${p.path}`;
        await expectSameBody(url, capturedBody(p.path), 'the uncached-catalog server');
        if (options.warmup > 0) await run(url, options.connections, options.warmup);
        uncached.set(p.path, summarise([await run(url, options.connections, options.duration)]));
        options.log(`  uncached catalog ${p.path}: ${uncached.get(p.path)!.requestsPerSecond} req/s`);
      }
    } finally {
      await server.stop();
    }

    // What rendering at publish time buys: the same URL from the static site in the public bucket.
    const fromSite = new Map<string, ApiLoad>();
    const siteServer = await startServerChild<{ port: number }>('api-server.ts', ['--static-site'], serverEnv, profileArgs('static'));
    try {
      for (const p of paths) {
        const url = `http://127.0.0.1:${siteServer.info.port}${p.path}`;
        await expectSameBody(url, capturedBody(p.path), 'the static site');
        const served = await fetch(url);
        if (served.headers.get('last-modified') === null) throw new Error(`${p.path} did not come from the static site`);
        if (options.warmup > 0) await run(url, options.connections, options.warmup);
        fromSite.set(p.path, summarise([await run(url, options.connections, options.duration)]));
        options.log(`  static site ${p.path}: ${fromSite.get(p.path)!.requestsPerSecond} req/s`);
      }
    } finally {
      await siteServer.stop();
    }

    return {
      connections: options.connections,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      datasetsPublished: published,
      publishFailures,
      rounds: options.rounds,
      endpoints: paths.map((p) => {
        const { api, bare, roundRatios } = paired.get(p.path)!;
        const apiUncachedCatalog = uncached.get(p.path)!;
        const staticSite = fromSite.get(p.path)!;
        return {
          ...p,
          bodyBytes: Buffer.from(capturedBody(p.path), 'base64').length,
          api,
          apiUncachedCatalog,
          bare,
          ratio: round(api.requestsPerSecond / bare.requestsPerSecond, 3),
          roundRatios,
          ratioUncachedCatalog: round(apiUncachedCatalog.requestsPerSecond / bare.requestsPerSecond, 3),
          staticSite,
          ratioStaticSite: round(staticSite.requestsPerSecond / bare.requestsPerSecond, 3),
        };
      }),
    };
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Fails the bench when `url` does not answer the bytes the API answered (base64 `expected`). */
async function expectSameBody(url: string, expected: string, who: string): Promise<void> {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer()).toString('base64');
  if (body !== expected) throw new Error(`${who} answered ${new URL(url).pathname} differently`);
}

const run = (url: string, connections: number, duration: number) => autocannon({ url, connections, duration });
const rate = (r: autocannon.Result) => r.requests.total / r.duration;

/** Rounds taken together: requests over their summed time; the median p50 and the worst round's p99. */
function summarise(rounds: autocannon.Result[]): ApiLoad {
  const requests = rounds.reduce((n, r) => n + r.requests.total, 0);
  const seconds = rounds.reduce((n, r) => n + r.duration, 0);
  const p50s = rounds.map((r) => r.latency.p50).sort((a, b) => a - b);
  return {
    requestsPerSecond: round(requests / seconds, 1),
    p50Ms: p50s[Math.floor(p50s.length / 2)]!,
    p99Ms: Math.max(...rounds.map((r) => r.latency.p99)),
    requests,
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}
