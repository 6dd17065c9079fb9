import cliProgress from 'cli-progress';
import { sampleDir } from '../../datasets/index.ts';
import { AppError, InputRefusedError, PublishBlockedError } from '../errors.ts';
import { fileUrl } from '../catalog/urls.ts';
import type { PublishProgress } from '../pipeline/publish.ts';
import { landSource, landedAt, parseExportArgs } from './export-args.ts';
import { formatReport } from './report.ts';

/**
 * `npm run publish -- <dataset-id> [--source <file>] [--province <code>] [--month YYYY-MM]`: lands an export (when
 * given) and runs the dataset's job, on the running `npm start` stack or on embedded servers.
 * Exit codes: 0 published or unchanged, 2 input refused, 3 a gate blocked the publish, 1 other.
 */
const { definition, source, province, month } = parseExportArgs('publish', { sourceRequired: false });
// Loaded once the arguments are known to be good: a mistyped command answers at once.
const { createPublishDeps, createStores } = await import('../composition.ts');
const { openLocalStackForCommand, seedSampleExport } = await import('../local/stack.ts');
const { publishDataset } = await import('../pipeline/publish.ts');
const { createLocalPublisher, isDistributed } = await import('../local/publish-runner.ts');
const { Logger } = await import('@aws-lambda-powertools/logger');
const { Metrics } = await import('@aws-lambda-powertools/metrics');
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'; // Powertools' own switch: no CloudWatch locally
const { stack, config } = await openLocalStackForCommand();
let exitCode = 0;
try {
  const stores = createStores(config);
  if (source !== undefined) {
    console.log(`landed ${source} as ${landedAt(config, await landSource(stores, definition, source, province, month))}`);
  } else {
    const seeded = await seedSampleExport(stores.landing, definition.id, sampleDir(definition.id));
    if (seeded.length) console.log(`seeded landing bucket with the sample export: ${seeded.join(', ')}`);
  }
  const progress = progressReporter();
  try {
    const deps = createPublishDeps(config, stores);
    // A distributed dataset runs its state machine, as on AWS (its steps report no progress bar).
    const report = isDistributed(definition)
      ? await createLocalPublisher(deps, {
          logger: new Logger({ serviceName: 'publish', logLevel: 'WARN' }),
          metrics: new Metrics({ namespace: 'HealthOpenData', serviceName: 'publish' }),
        })(definition)
      : await publishDataset(definition, { ...deps, onProgress: progress.update });
    progress.stop();
    console.log(formatReport(report, (key) => fileUrl(config.publicBaseUrl, key)));
  } finally {
    progress.stop();
  }
} catch (error) {
  exitCode = error instanceof InputRefusedError ? 2 : error instanceof PublishBlockedError ? 3 : 1;
  console.error(`${definition.id}: NOT published — ${error instanceof AppError ? error.message : (error as Error).stack}`);
} finally {
  await stack.close();
}
process.exit(exitCode);

/** A progress bar on a terminal; nothing when output is piped or logged. */
function progressReporter(): { update: (p: PublishProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: ' {stage} [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.total, p.done, { stage: p.stage.padEnd(8) });
        started = true;
      }
      bar.setTotal(p.total);
      bar.update(p.done, { stage: p.stage.padEnd(8) });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
