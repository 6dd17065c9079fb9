import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadPublishConfig } from '../src/config.ts';
import { createPublishDeps } from '../src/composition.ts';
import { createPublishHandler } from '../src/handlers/publish.ts';

/** Scheduled publish job (see src/handlers/publish.ts). */
export const handler = createPublishHandler(createPublishDeps(loadPublishConfig()), {
  logger: new Logger({ serviceName: 'publish' }),
  metrics: new Metrics({ namespace: 'HealthOpenData', serviceName: 'publish' }),
});
