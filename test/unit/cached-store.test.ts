import { describe, expect, it } from '@jest/globals';
import { cachedCatalogStore } from '../../src/catalog/cached-store.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';

/** A catalog that counts its reads: only the cache's behaviour is under test here. */
function countingStore() {
  const calls: string[] = [];
  let fail = false;
  const store = {
    listDatasets: async () => {
      calls.push('listDatasets');
      if (fail) throw new Error('down');
      return [];
    },
    getDataset: async (id: string) => {
      calls.push(`getDataset:${id}`);
      return undefined;
    },
    markPublished: async () => {
      calls.push('markPublished');
    },
  } as unknown as CatalogStore;
  return { store, calls, setFail: (f: boolean) => (fail = f) };
}

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
