import type { AppConfig } from './config.ts';
import { createDocumentClient, createS3Client } from './adapters/aws-clients.ts';
import { DynamoDbCatalogStore } from './adapters/dynamodb-catalog-store.ts';
import { S3ObjectStore } from './adapters/s3-object-store.ts';
import type { CatalogStore } from './ports/catalog-store.ts';
import type { ObjectStore } from './ports/object-store.ts';
import type { PublishDeps } from './pipeline/publish.ts';
import { loadProvinces, provinceAliases } from './reference/provinces.ts';

/**
 * The composition root: the only place that picks adapters. The same wiring runs on Lambda and
 * locally; only the configuration (endpoints) differs.
 */
export interface Stores {
  landing: ObjectStore;
  publicFiles: ObjectStore;
  catalog: CatalogStore;
}

export function createStores(config: AppConfig): Stores {
  const s3 = createS3Client(config);
  return {
    landing: new S3ObjectStore(s3, config.landingBucket),
    publicFiles: new S3ObjectStore(s3, config.publicBucket),
    catalog: createCatalogStore(config),
  };
}

/** The API reads only the catalog: it gets no S3 client at all. */
export const createCatalogStore = (config: AppConfig): CatalogStore =>
  new DynamoDbCatalogStore(createDocumentClient(config), config.catalogTable);

export function createPublishDeps(config: AppConfig, stores: Stores = createStores(config)): PublishDeps {
  return {
    ...stores,
    reference: { provinces: loadProvinces(), aliases: provinceAliases() },
    publicBaseUrl: config.publicBaseUrl,
    workDir: config.workDir,
    memoryLimit: config.duckdbMemoryLimit,
  };
}
