import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { datasetDefinitions, findDataset, sampleDir } from '../../datasets/index.ts';
import { createPublishDeps, createStores } from '../composition.ts';
import { AppError, InputRefusedError, PublishBlockedError } from '../errors.ts';
import { fileUrl } from '../catalog/urls.ts';
import { landingKey } from '../pipeline/landing.ts';
import { publishDataset, type PublishProgress } from '../pipeline/publish.ts';
import { findProvince } from '../reference/provinces.ts';
import { openLocalStackForCommand, seedSampleExport } from '../local/stack.ts';
import { formatReport } from './report.ts';

/**
 * `npm run publish -- <dataset-id> [--source <file>] [--province <code>]`: lands an export (when
 * given) and runs the dataset's job, on the running `npm start` stack or on embedded servers.
 * Exit codes: 0 published or unchanged, 2 input refused, 3 a gate blocked the publish, 1 other.
 */
const USAGE = `usage: npm run publish -- <dataset-id> [--source <file>] [--province <code>]
datasets: ${datasetDefinitions.map((d) => d.id).join(', ')}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { source: { type: 'string' }, province: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length !== 1) fail(USAGE, values.help ? 0 : 64);
const definition = findDataset(positionals[0]!) ?? fail(`unknown dataset "${positionals[0]}"\n${USAGE}`, 64);
if (values.source !== undefined && !existsSync(values.source)) fail(`--source: no such file ${values.source}`, 2);
if (values.province !== undefined && !findProvince(values.province))
  fail(`--province: "${values.province}" is not a province code in force`, 64);
if (values.province !== undefined && values.source === undefined) fail('--province names the province of the --source export', 64);

const { stack, config } = await openLocalStackForCommand();
let exitCode = 0;
try {
  const stores = createStores(config);
  if (values.source !== undefined) {
    const key = landingKey(definition.id, basename(values.source), values.province, new Date());
    await stores.landing.uploadFile(key, values.source, { contentType: 'text/csv; charset=utf-8' });
    console.log(`landed ${values.source} as ${config.landingBucket}/${key}`);
  } else {
    const seeded = await seedSampleExport(stores.landing, definition.id, sampleDir(definition.id));
    if (seeded.length) console.log(`seeded landing bucket with the sample export: ${seeded.join(', ')}`);
  }
  const progress = progressReporter();
  try {
    const report = await publishDataset(definition, { ...createPublishDeps(config, stores), onProgress: progress.update });
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

function fail(message: string, code: number): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}
