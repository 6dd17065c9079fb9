/**
 * Child process: the local server (`createLocalServer`, what `npm start` serves) around the API
 * Lambda's handler exactly as functions/api.ts wires it, on a free loopback port, against the
 * local stack named by the environment. With `--uncached-catalog` the handler is built with
 * `createApiHandler` on the bare catalog store instead (every request reads the catalog), to show
 * what the Lambda's catalog cache buys. With `--static-site` the same uncached handler sits behind
 * the CloudFront Function (src/site/viewer-request.js), as `npm start` serves: the catalog's pages
 * and JSON come from the static site in the public bucket (s3rver, in the stack's process), the
 * API only answers what is not there. Prints `READY {"port"}` and runs until its stdin closes.
 */
import type { AddressInfo } from 'node:net';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../src/api/app.ts';
import { createCatalogStore, createStores } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { loadViewerRequest } from '../../src/site/viewer-request.ts';
import { onParentGone } from './lib.ts';

const config = loadConfig();
const stores = createStores(config);
const staticSite = process.argv.includes('--static-site');
const handler =
  process.argv.includes('--uncached-catalog') || staticSite
    ? createApiHandler(
        {
          catalog: createCatalogStore(config),
          publicBaseUrl: config.publicBaseUrl,
          tableFiles: tableFilesIn(createStores(config).publicFiles),
        },
        new Logger({ serviceName: 'api' }),
      )
    : (await import('../../functions/api.ts')).handler;
const server = createLocalServer(handler, stores.publicFiles, staticSite ? { viewerRequest: loadViewerRequest() } : {});
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
onParentGone(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});
process.stdout.write(`READY ${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
