import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig } from '../src/config.ts';
import { createCatalogStore } from '../src/composition.ts';
import { createApiHandler } from '../src/api/app.ts';

/** Public API and catalog pages behind API Gateway (HTTP API, payload v2). */
const config = loadConfig();
const catalog = createCatalogStore(config);
const logger = new Logger({ serviceName: 'api' });

export const handler = createApiHandler({ catalog, publicBaseUrl: config.publicBaseUrl }, logger);
