import { beforeEach } from 'vitest';
import { cachedCatalogStore } from '../../src/catalog/cached-store.ts';
import type { CatalogStore } from '../../src/ports/catalog-store.ts';

/**
 * The API's own catalog cache (cachedCatalogStore, as on Lambda) for a suite that asks the API
 * many URLs over one catalog: fresh for each test and after `changed()` (a publish or withdrawal
 * the test makes). Uncached, every answer read the whole catalog again (ten queries). Call it in
 * a describe block: it registers a beforeEach.
 */
export function catalogCachePerTest() {
  // The cache's clock counts changes, not milliseconds: an entry lives while the count stays.
  let changes = 0;
  beforeEach(() => {
    changes += 1;
  });
  return {
    over: (store: CatalogStore): CatalogStore => cachedCatalogStore(store, 1, () => changes),
    changed: () => {
      changes += 1;
    },
  };
}
