import { parseArgs } from 'node:util';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import { loadConfig } from '../config.ts';
import { createStores } from '../composition.ts';
import { AppError } from '../errors.ts';
import { fileUrl } from '../catalog/urls.ts';
import { withdrawalOfFile } from '../catalog/queries.ts';
import type { PublishReport } from '../pipeline/publish.ts';
import { createLocalServer } from '../local/http-server.ts';
import { localLambdaContext } from '../local/lambda-context.ts';
import {
  dataDirFrom,
  findRunningStack,
  localEnvironment,
  provisionLocalResources,
  seedSampleExport,
  startLocalStack,
} from '../local/stack.ts';
import { formatReport } from './report.ts';

/**
 * `npm start`: the whole job on the embedded local stack. Starts the S3 and DynamoDB protocol
 * servers, provisions and seeds them, runs every dataset's publish job through the Lambda
 * handler, then serves the API and pages until stopped (`--once`: publish and exit).
 */
const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });
const dataDir = dataDirFrom(process.env);
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port, got "${process.env.PORT}"`);
const publicBaseUrl = `http://127.0.0.1:${port}`;

if (await findRunningStack(dataDir)) {
  console.error(`Another "npm start" is already serving ${dataDir}. Stop it first, or use another DATA_DIR.`);
  process.exit(1);
}
const stack = await startLocalStack(dataDir, { advertise: publicBaseUrl });
Object.assign(process.env, localEnvironment(stack, publicBaseUrl, dataDir));
const config = loadConfig();
await provisionLocalResources(config);
const stores = createStores(config);

let failures = 0;
const { handler: publish } = await import('../../functions/publish.ts');
for (const definition of datasetDefinitions) {
  const seeded = await seedSampleExport(stores.landing, definition.id, sampleDir(definition.id));
  if (seeded.length) console.log(`seeded landing bucket with the sample export: ${seeded.join(', ')}`);
  try {
    const report = (await publish({ datasetId: definition.id }, localLambdaContext(`publish-${definition.id}`))) as PublishReport;
    console.log(formatReport(report, (key) => fileUrl(publicBaseUrl, key)));
  } catch (error) {
    failures += 1;
    console.error(`${definition.id}: NOT published — ${error instanceof AppError ? error.message : String(error)}`);
  }
}

if (values.once) {
  await stack.close();
  process.exit(failures ? 1 : 0);
}

const { handler: api } = await import('../../functions/api.ts');
const server = createLocalServer(api, stores.publicFiles, { withdrawnBecause: (key) => withdrawalOfFile(stores.catalog, key) });
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
