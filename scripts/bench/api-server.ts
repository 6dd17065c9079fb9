/**
 * Child process: the local server (`createLocalServer`) around the API handler (`createApiHandler`,
 * wired as functions/api.ts wires it) on a free loopback port, against the local stack named by
 * the environment. With `--memo-catalog` the catalog's read methods are memoised in process
 * (bench-side, to separate the handler's own cost from the catalog round trips).
 * Prints `READY {"port"}` and runs until its stdin closes.
 */
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../src/api/app.ts';
import { createCatalogStore, createStores } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';
import { onParentGone } from './lib.ts';

const config = loadConfig();
const stores = createStores(config);
const catalog = process.argv.includes('--memo-catalog') ? memoised(createCatalogStore(config)) : createCatalogStore(config);
const handler = createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl }, new Logger({ serviceName: 'api' }));
const server = createLocalServer(handler, stores.publicFiles);
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
onParentGone(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});
process.stdout.write(`READY ${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);

/** Read methods answered from memory after their first call (the catalog does not change during the bench). */
function memoised(store: CatalogStore): CatalogStore {
  const cache = new Map<string, Promise<unknown>>();
  const memo =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(args)}`;
      if (!cache.has(key)) cache.set(key, fn(...args));
      return cache.get(key) as Promise<R>;
    };
  return Object.assign(Object.create(store) as CatalogStore, {
    listDatasets: memo('listDatasets', () => store.listDatasets()),
    getDataset: memo('getDataset', (id: string) => store.getDataset(id)),
    listVersions: memo('listVersions', (id: string) => store.listVersions(id)),
    getVersion: memo('getVersion', (id: string, version: string) => store.getVersion(id, version)),
  });
}
