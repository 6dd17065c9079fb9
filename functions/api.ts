import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig } from '../src/config.ts';
import { createCatalogStore } from '../src/composition-api.ts';
import { createApiHandler } from '../src/api/app.ts';
import { cachedCatalogStore } from '../src/catalog/cached-store.ts';

/** Public API and catalog pages behind API Gateway (HTTP API, payload v2). */
const config = loadConfig();
// A warm Lambda instance reuses catalog reads and rendered answers for a few seconds (answers
// carry max-age=60 anyway, so a new version shows up no later than it would through a CDN).
const CACHE_MS = 10_000;
const catalog = cachedCatalogStore(createCatalogStore(config), CACHE_MS);
const logger = new Logger({ serviceName: 'api' });

export const handler = createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl }, logger, { responseCacheMs: CACHE_MS });
