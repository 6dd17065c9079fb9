import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig } from '../src/config.ts';
import { createCatalogStore } from '../src/composition.ts';
import { createApiHandler } from '../src/api/app.ts';
import { cachedCatalogStore } from '../src/catalog/cached-store.ts';

/** Public API and catalog pages behind API Gateway (HTTP API, payload v2). */
const config = loadConfig();
// Warm Lambda instances share catalog reads for a few seconds (answers carry max-age=60 anyway).
const catalog = cachedCatalogStore(createCatalogStore(config), 10_000);
const logger = new Logger({ serviceName: 'api' });

export const handler = createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl }, logger);
