import type { CatalogStore } from '../ports/catalog-store.ts';

export interface ApiDeps {
  catalog: CatalogStore;
  /** Public origin of the site and of the `/datasets/*` files. */
  publicBaseUrl: string;
}
