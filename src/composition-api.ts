import type { Logger } from '@aws-lambda-powertools/logger';
import type { ApiConfig } from './config.ts';
import { createApiHandler } from './api/app.ts';
import { cachedCatalogStore } from './catalog/cached-store.ts';
import { createDocumentClient } from './adapters/dynamodb-client.ts';
import { DynamoDbCatalogStore } from './adapters/dynamodb-catalog-store.ts';
import type { TableFiles } from './catalog/rows.ts';
import type { CatalogStore } from './ports/catalog-store.ts';

/**
 * The API's part of the composition root (src/composition.ts): it reads the catalog, and the
 * published Parquet files by byte range for row queries; it gets no reference data and no
 * pipeline code, which keeps its bundle and cold start small.
 */
export const createCatalogStore = (config: Pick<ApiConfig, 'catalogTable' | 'region' | 'dynamodbEndpoint'>): CatalogStore =>
  new DynamoDbCatalogStore(createDocumentClient(config), config.catalogTable);

/**
 * The API as the Lambda runs it (and the local server). A warm instance reuses catalog reads and
 * rendered answers for a few seconds (answers carry max-age=60 anyway, so a new version shows up no
 * later than it would through a CDN).
 */
export function createApi(config: ApiConfig, logger: Pick<Logger, 'error'>) {
  const cacheMs = 10_000;
  const catalog = cachedCatalogStore(createCatalogStore(config), cacheMs);
  const tableFiles = lazyTableFiles(config);
  return createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl, tableFiles }, logger, { responseCacheMs: cacheMs });
}

/**
 * The published tables, through an S3 client loaded on the first row query: most requests are
 * pages and catalog documents, and the S3 client and the Parquet reader would add to every cold start.
 */
function lazyTableFiles(config: Pick<ApiConfig, 'region' | 's3Endpoint' | 'publicBucket'>): TableFiles {
  let files: Promise<TableFiles> | undefined;
  const load = async (): Promise<TableFiles> => {
    const [{ createS3Client }, { S3ObjectStore }, { tableFilesIn }] = await Promise.all([
      import('./adapters/s3-client.ts'),
      import('./adapters/s3-object-store.ts'),
      import('./catalog/rows.ts'),
    ]);
    return tableFilesIn(new S3ObjectStore(createS3Client(config), config.publicBucket));
  };
  const loaded = () => {
    files ??= load();
    files.catch(() => (files = undefined));
    return files;
  };
  return {
    open: async (key) => (await loaded()).open(key),
    loadIndex: async (key) => (await loaded()).loadIndex(key),
  };
}
