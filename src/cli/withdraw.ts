import { parseArgs } from 'node:util';
import { findDataset } from '../../datasets/index.ts';
import { createWithdrawDeps } from '../composition-withdraw.ts';
import { loadWithdrawConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { openLocalStackForCommand } from '../local/stack.ts';
import { withdrawVersion } from '../catalog/withdraw.ts';

/**
 * `npm run withdraw -- <dataset> <version> --reason "…"` (Art. 24.1): the version's files leave the
 * public bucket, a tombstone with the reason and date stays in the catalog, latest moves back if it
 * named this version. Locally by default; with `--aws`, on the deployment the environment names
 * (PUBLIC_BUCKET, CATALOG_TABLE, EDGE_DISTRIBUTION_ID, AWS_REGION: the stack's outputs,
 * docs/deploy.md), where CloudFront's copies are invalidated too. `--purge` (personal data
 * published by mistake) erases every stored copy of the version's files, every object version, not
 * only the current objects; on AWS only the purge role may (docs/deploy.md).
 * Exit 0 done, 2 refused (unknown dataset/version, no reason), 1 other.
 */
const USAGE = 'usage: npm run withdraw -- <dataset-id> <version> --reason "why it must not stay published" [--purge] [--aws]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: 'string' },
    purge: { type: 'boolean', default: false },
    aws: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
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

const local = values.aws ? undefined : await openLocalStackForCommand();
let exitCode = 0;
try {
  const report = await withdrawVersion(createWithdrawDeps(local?.config ?? loadWithdrawConfig()), {
    datasetId,
    version,
    reason: values.reason,
    purge: values.purge,
  });
  console.log(`${report.datasetId}: version ${report.version} withdrawn on ${report.withdrawnAt}`);
  console.log(`  reason          ${report.reason}`);
  console.log(`  files removed   ${report.filesRemoved}`);
  if (report.purge) {
    const { purgedAt, objectVersions, deleteMarkers } = report.purge;
    console.log(`  purged          every stored copy erased (${purgedAt})`);
    console.log(`  erased now      ${objectVersions} object version(s), ${deleteMarkers} delete marker(s)`);
  }
  console.log(`  latest version  ${report.latestVersion ?? 'none (no other published version)'}`);
  if (report.edgeInvalidation) {
    const { cache, id, paths } = report.edgeInvalidation;
    console.log(`  edge copies     ${paths.join(' ')} invalidated on ${cache} (invalidation ${id})`);
  }
} catch (error) {
  exitCode = error instanceof AppError && error.status < 500 ? 2 : 1;
  console.error(`${datasetId}: withdrawal refused or unfinished — ${error instanceof AppError ? error.message : (error as Error).stack}`);
} finally {
  await local?.stack.close();
}
process.exit(exitCode);
