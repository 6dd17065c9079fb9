import type { TableFiles } from '../catalog/rows-query.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';

export interface ApiDeps {
  catalog: CatalogStore;
  /** Public origin of the site and of the `/datasets/*` files. */
  publicBaseUrl: string;
  /** The published tables' Parquet files, read by byte range (`datastore_search`, filtered downloads). */
  tableFiles: TableFiles;
}
