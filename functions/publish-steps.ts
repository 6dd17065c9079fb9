import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadPublishConfig } from '../src/config.ts';
import { createPublishDeps } from '../src/composition.ts';
import { createPublishStepsHandler } from '../src/handlers/publish-steps.ts';

/** The steps of a distributed publish, invoked by its Step Functions state machine (src/handlers/publish-steps.ts). */
export const handler = createPublishStepsHandler(createPublishDeps(loadPublishConfig()), {
  logger: new Logger({ serviceName: 'publish-steps' }),
  // The publish service's metrics: the run-failed alarms read them (infra/constructs/monitoring.ts).
  metrics: new Metrics({ namespace: 'HealthOpenData', serviceName: 'publish' }),
});
