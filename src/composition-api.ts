import type { Logger } from '@aws-lambda-powertools/logger';
import type { ApiConfig } from './config.ts';
import { createApiHandler } from './api/app.ts';
import { cachedCatalogStore } from './catalog/cached-store.ts';
import { createDocumentClient } from './adapters/dynamodb-client.ts';
import { DynamoDbCatalogStore } from './adapters/dynamodb-catalog-store.ts';
import { tableFilesIn } from './catalog/rows.ts';
import { lazyS3Reader } from './adapters/s3-table-reader.ts';
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
  // The S3 SDK, the Parquet reader and ExcelJS load on the first row query or workbook, not at cold start.
  const tableFiles = tableFilesIn(lazyS3Reader(config, config.publicBucket));
  return createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl, tableFiles }, logger, { responseCacheMs: cacheMs });
}
