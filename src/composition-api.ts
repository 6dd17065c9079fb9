import type { AppConfig } from './config.ts';
import { createDocumentClient } from './adapters/dynamodb-client.ts';
import { DynamoDbCatalogStore } from './adapters/dynamodb-catalog-store.ts';
import type { CatalogStore } from './ports/catalog-store.ts';

/**
 * The API's part of the composition root (src/composition.ts): it reads only the catalog, so it
 * gets no S3 client, no reference data and no pipeline code, which keeps its bundle and cold start small.
 */
export const createCatalogStore = (config: AppConfig): CatalogStore =>
  new DynamoDbCatalogStore(createDocumentClient(config), config.catalogTable);
