import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { createPublishDeps, createStores, type Stores } from '../../src/composition.ts';
import type { PublishDeps } from '../../src/pipeline/publish.ts';
import { localEnvironment, provisionLocalResources, startLocalStack } from '../../src/local/stack.ts';

export interface TestStack {
  dir: string;
  config: AppConfig;
  stores: Stores;
  deps: PublishDeps;
  close(): Promise<void>;
}

/**
 * Real S3 and DynamoDB protocol servers (s3rver, dynalite) on free ports, in a fresh directory
 * removed on close (`prepare` may fill it first, e.g. with a copy of published samples), or in
 * `keepIn`, which is kept. Unless kept, or asked otherwise (`dynamodb`), the DynamoDB table is held in memory.
 *
 * Publish runs render the static catalog only with `site: true`: rendering the whole site after
 * every commit took a fifth of the suites' publish time, and only the suites about the site
 * (static-site, withdraw, the samples) read it.
 */
export async function startTestStack(
  publicBaseUrl = 'http://127.0.0.1:8080',
  options: { prepare?: (dir: string) => Promise<void>; keepIn?: string; site?: boolean; dynamodb?: 'disk' | 'memory' } = {},
): Promise<TestStack> {
  const dir = options.keepIn ?? (await mkdtemp(join(tmpdir(), 'health-open-data-test-')));
  await options.prepare?.(dir);
  const stack = await startLocalStack(dir, { dynamodb: options.dynamodb ?? (options.keepIn ? 'disk' : 'memory') });
  const config = loadConfig({ ...localEnvironment(stack, publicBaseUrl, dir), DUCKDB_MEMORY_LIMIT: '512MB' });
  await provisionLocalResources(config);
  const stores = createStores(config);
  return {
    dir,
    config,
    stores,
    deps: withSite(createPublishDeps(config, stores), options.site ?? false),
    close: async () => {
      await stack.close();
      if (!options.keepIn) await rm(dir, { recursive: true, force: true });
    },
  };
}

const withSite = (deps: PublishDeps, site: boolean): PublishDeps => (site ? deps : { ...deps, renderSite: undefined });

export async function readObject(stores: Stores, key: string): Promise<Buffer> {
  const response = await stores.publicFiles.get(key);
  if (response.status === 304 || response.status === 416) throw new Error(`unexpected ${response.status}`);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Placeholder listeners holding the ports freePort() handed out, until listenOn() takes them over. */
const held = new Map<number, Server>();

/**
 * A free port (the OS picks it), held by a placeholder listener until `listenOn(server, port)`:
 * suites run side by side (two test workers), and in the seconds between choosing a port and
 * serving on it (the base URL is published first) no other server or outgoing connection may take it.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  server.unref(); // a port never served (a failed beforeAll) must not keep the worker alive
  held.set(port, server);
  return port;
}

/** Serves `server` on 127.0.0.1:`port`, releasing freePort()'s placeholder for it just before. */
export async function listenOn(server: { listen(port: number, host: string, cb: () => void): unknown }, port: number): Promise<void> {
  const placeholder = held.get(port);
  if (placeholder) {
    held.delete(port);
    await new Promise<void>((resolve) => placeholder.close(() => resolve()));
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}
