import { parseArgs } from 'node:util';
import { findDataset } from '../../datasets/index.ts';
import { createStores } from '../composition.ts';
import { AppError } from '../errors.ts';
import { openLocalStackForCommand } from '../local/stack.ts';
import { withdrawVersion } from '../pipeline/withdraw.ts';

/**
 * `npm run withdraw -- <dataset> <version> --reason "…"` (Art. 24.1): the version's files leave the
 * public bucket, a tombstone with the reason and date stays in the catalog, latest moves back if it
 * named this version. Exit 0 done, 2 refused (unknown dataset/version, no reason), 1 other.
 */
const USAGE = 'usage: npm run withdraw -- <dataset-id> <version> --reason "why it must not stay published"';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length !== 2 || !values.reason) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 64);
}
const [datasetId, version] = positionals as [string, string];
if (!findDataset(datasetId)) {
  console.error(`unknown dataset "${datasetId}"\n${USAGE}`);
  process.exit(64);
}

const { stack, config } = await openLocalStackForCommand();
let exitCode = 0;
try {
  const report = await withdrawVersion(createStores(config), { datasetId, version, reason: values.reason });
  console.log(`${report.datasetId}: version ${report.version} withdrawn on ${report.withdrawnAt}`);
  console.log(`  reason          ${report.reason}`);
  console.log(`  files removed   ${report.filesRemoved}`);
  console.log(`  latest version  ${report.latestVersion ?? 'none (no other published version)'}`);
} catch (error) {
  exitCode = error instanceof AppError && error.status < 500 ? 2 : 1;
  console.error(`${datasetId}: NOT withdrawn — ${error instanceof AppError ? error.message : (error as Error).stack}`);
} finally {
  await stack.close();
}
process.exit(exitCode);
