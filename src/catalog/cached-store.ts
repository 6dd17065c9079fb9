import type { CatalogStore } from '../ports/catalog-store.ts';

/**
 * A read-through cache in front of the catalog for the API: the catalog changes a few times a day
 * and answers are served with `max-age=60` anyway, so reads within `ttlMs` share one lookup. Writes
 * pass straight through and clear the cache (the API never writes; the publish job never uses this).
 */
export function cachedCatalogStore(store: CatalogStore, ttlMs: number, now: () => number = Date.now): CatalogStore {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  const read =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(args)}`;
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value as Promise<R>;
      const value = fn(...args);
      entries.set(key, { at: now(), value });
      // A failed lookup is not remembered.
      value.catch(() => entries.delete(key));
      return value;
    };
  const write =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      entries.clear();
      return fn(...args);
    };
  return {
    listDatasets: read('listDatasets', () => store.listDatasets()),
    getDataset: read('getDataset', (id: string) => store.getDataset(id)),
    listVersions: read('listVersions', (id: string) => store.listVersions(id)),
    getVersion: read('getVersion', (id: string, version: string) => store.getVersion(id, version)),
    saveDatasetMetadata: write((m, at) => store.saveDatasetMetadata(m, at)),
    stageVersion: write((v) => store.stageVersion(v)),
    moveLatest: write((id, expected, v, at) => store.moveLatest(id, expected, v, at)),
    markPublished: write((id, v, at) => store.markPublished(id, v, at)),
    markWithdrawn: write((id, v, w) => store.markWithdrawn(id, v, w)),
    markPurged: write((id, v, at) => store.markPurged(id, v, at)),
    moveLatestBack: write((id, expected, to, at) => store.moveLatestBack(id, expected, to, at)),
    deleteVersion: write((id, v) => store.deleteVersion(id, v)),
  };
}
