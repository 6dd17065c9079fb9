import type { PublishConfig } from './config.ts';
import { createS3Client } from './adapters/s3-client.ts';
import { createCatalogStore } from './composition-api.ts';
import { S3ObjectStore } from './adapters/s3-object-store.ts';
import type { CatalogStore } from './ports/catalog-store.ts';
import type { ObjectStore } from './ports/object-store.ts';
import type { PublishDeps } from './pipeline/publish.ts';
import { loadProvinces, provinceAliases } from './reference/provinces.ts';
import { publishSite } from './site/publish-site.ts';

/**
 * The composition root: the only place that picks adapters. The same wiring runs on Lambda and
 * locally; only the configuration (endpoints) differs.
 */
export interface Stores {
  landing: ObjectStore;
  publicFiles: ObjectStore;
  catalog: CatalogStore;
}

export function createStores(config: PublishConfig): Stores {
  const s3 = createS3Client(config);
  return {
    landing: new S3ObjectStore(s3, config.landingBucket),
    publicFiles: new S3ObjectStore(s3, config.publicBucket),
    catalog: createCatalogStore(config),
  };
}

export { createCatalogStore };

export function createPublishDeps(config: PublishConfig, stores: Stores = createStores(config)): PublishDeps {
  return {
    ...stores,
    reference: { provinces: loadProvinces(), aliases: provinceAliases() },
    publicBaseUrl: config.publicBaseUrl,
    workDir: config.workDir,
    memoryLimit: config.duckdbMemoryLimit,
    threads: config.duckdbThreads,
    renderSite: () => publishSite({ catalog: stores.catalog, publicFiles: stores.publicFiles, publicBaseUrl: config.publicBaseUrl }),
  };
}
