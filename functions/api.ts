import { Logger } from '@aws-lambda-powertools/logger';
import { loadApiConfig } from '../src/config.ts';
import { createApi } from '../src/composition-api.ts';

/** Public API and catalog pages behind API Gateway (HTTP API, payload v2). */
export const handler = createApi(loadApiConfig(), new Logger({ serviceName: 'api' }));
