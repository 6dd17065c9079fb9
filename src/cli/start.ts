import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadLocalConfig } from '../config.ts';
import { createPublishDeps, createStores } from '../composition.ts';
import { createApi } from '../composition-api.ts';
import { AppError } from '../errors.ts';
import { fileUrl } from '../catalog/urls.ts';
import { withdrawalOfFile } from '../catalog/queries.ts';
import { createLocalServer } from '../local/http-server.ts';
import { createLocalPublisher } from '../local/publish-runner.ts';
import { generatedSamples } from '../local/samples.ts';
import { loadViewerRequest } from '../site/viewer-request.ts';
import { findRunningStack, localConfig, provisionLocalResources, seedSampleExport, startLocalStack } from '../local/stack.ts';
import { formatReport } from './report.ts';

/**
 * `npm start`: the whole job on the embedded local stack. Starts the S3 and DynamoDB protocol
 * servers, provisions and seeds them, runs every dataset's publish job through the Lambda
 * handler (a distributed dataset's through its state machine), then serves the API and pages until stopped (`--once`: publish and exit).
 */
const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });
const { dataDir, port } = loadLocalConfig();
const publicBaseUrl = `http://127.0.0.1:${port}`;

if (await findRunningStack(dataDir)) {
  console.error(`Another "npm start" is already serving ${dataDir}. Stop it first, or use another DATA_DIR.`);
  process.exit(1);
}
const stack = await startLocalStack(dataDir, { advertise: publicBaseUrl });
const config = localConfig(stack, publicBaseUrl, dataDir);
await provisionLocalResources(config);
const stores = createStores(config);

// The same handlers as the Lambda functions, given the local configuration. Powertools reads its
// own switch for metrics from the environment (no CloudWatch here); logs: warnings and errors only.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const publish = createLocalPublisher(createPublishDeps(config, stores), {
  logger: new Logger({ serviceName: 'publish', logLevel: 'WARN' }),
  metrics: new Metrics({ namespace: 'HealthOpenData', serviceName: 'publish' }),
});
// The generated samples of the datasets nothing has landed for yet (samples.ts), written by a
// worker thread from the start, in publish order, while the datasets before them publish.
const unseeded: string[] = [];
for (const definition of datasetDefinitions)
  if ((await stores.landing.list(`${definition.id}/`)).length === 0) unseeded.push(definition.id);
const generated = generatedSamples(new Date(), join(dataDir, 'generated-samples'), { background: unseeded });
let failures = 0;
for (const definition of datasetDefinitions) {
  try {
    const seeded = await seedSampleExport(stores.landing, definition.id, sampleDir(definition.id), { generated });
    if (seeded.length) console.log(`seeded landing bucket with the sample export: ${seeded.join(', ')}`);
    const report = await publish(definition);
    console.log(formatReport(report, (key) => fileUrl(publicBaseUrl, key)));
  } catch (error) {
    failures += 1;
    console.error(`${definition.id}: NOT published — ${error instanceof AppError ? error.message : String(error)}`);
  }
}
await generated.close();

if (values.once) {
  await stack.close();
  process.exit(failures ? 1 : 0);
}

const api = createApi(config, new Logger({ serviceName: 'api', logLevel: 'WARN' }));
// As CloudFront does: the static catalog from the public bucket, searches and misses from the API.
const server = createLocalServer(api, stores.publicFiles, {
  withdrawnBecause: (key) => withdrawalOfFile(stores.catalog, key),
  viewerRequest: loadViewerRequest(),
});
server.listen(port, '127.0.0.1', () => {
  console.log(`\nServing the catalog on ${publicBaseUrl}/  (API: ${publicBaseUrl}/api/datasets) — Ctrl+C to stop`);
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
