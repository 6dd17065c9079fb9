import { describe, expect, it } from 'vitest';
import { cachedCatalogStore } from '../../src/catalog/cached-store.ts';
import { MemoryCatalogStore } from '../../src/adapters/memory-catalog-store.ts';
import type { VersionRecord } from '../../src/catalog/model.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';

/**
 * An in-memory catalog that counts its reads (and can be made to fail): only the cache's
 * behaviour is under test here. It holds one staged version, for the write.
 */
function countingStore() {
  const calls: string[] = [];
  let fail = false;
  const memory = MemoryCatalogStore.of({ versions: [stagedVersion('a', 'v')] });
  const store: CatalogStore = new Proxy(memory, {
    get(target, name, receiver) {
      const method = Reflect.get(target, name, receiver) as unknown;
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        calls.push(name === 'getDataset' ? `getDataset:${String(args[0])}` : String(name));
        if (fail && name === 'listDatasets') return Promise.reject(new Error('down'));
        return (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { store, calls, setFail: (f: boolean) => (fail = f) };
}

const stagedVersion = (datasetId: string, version: string): VersionRecord => ({
  datasetId,
  version,
  state: 'staged',
  createdAt: '2026-11-20T01:00:00.000Z',
  contentHash: 'h',
  rowCount: 0,
  files: [],
  stripped: [],
  unclassified: [],
  sources: [],
  quality: {},
});

describe('cachedCatalogStore', () => {
  it('shares reads within the TTL, per method and arguments, and reads again after it', async () => {
    const { store, calls } = countingStore();
    let t = 0;
    const cached = cachedCatalogStore(store, 1000, () => t);
    await cached.listDatasets();
    await cached.listDatasets();
    await cached.getDataset('a');
    await cached.getDataset('b');
    await cached.getDataset('a');
    expect(calls).toEqual(['listDatasets', 'getDataset:a', 'getDataset:b']);
    t = 1000;
    await cached.listDatasets();
    expect(calls.filter((c) => c === 'listDatasets')).toHaveLength(2);
  });

  it('forgets everything on a write, and never remembers a failure', async () => {
    const { store, calls, setFail } = countingStore();
    const cached = cachedCatalogStore(store, 60_000, () => 0);
    await cached.listDatasets();
    await cached.markPublished('a', 'v', 'now');
    await cached.listDatasets();
    expect(calls).toEqual(['listDatasets', 'markPublished', 'listDatasets']);
    setFail(true);
    // Within the TTL, the answer read after the write still serves while the store is down.
    await expect(cached.listDatasets()).resolves.toEqual([]);
    const fresh = cachedCatalogStore(store, 60_000, () => 0);
    await expect(fresh.listDatasets()).rejects.toThrow('down');
    setFail(false);
    await expect(fresh.listDatasets()).resolves.toEqual([]);
  });
});
