/**
 * A publish run in its own process, for the crash tests: it publishes one dataset against the
 * stack whose endpoints are in the environment and SIGKILLs itself just before its Nth storage
 * call (S3 or DynamoDB), so a test can stop it between any two writes.
 *   KILL_AT=<n> DATASET=<id> node --import tsx test/support/publish-child.ts
 * crash.test.ts runs it bundled (test/support/publish-child-bundle.ts), which starts faster.
 */
import { findDataset } from '../../datasets/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createPublishDeps } from '../../src/composition.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { countedStorage } from './counted-storage.ts';

const killAt = Number(process.env.KILL_AT ?? 0);

// The static site is rendered after the commit point through stores that are not counted: no
// kill lands there, so the crash tests leave it out.
const { deps, calls } = countedStorage({ ...createPublishDeps(loadConfig()), renderSite: undefined }, (call) => {
  if (call === killAt) process.kill(process.pid, 'SIGKILL');
});
const report = await publishDataset(findDataset(process.env.DATASET!)!, {
  ...deps,
  now: process.env.NOW ? () => new Date(process.env.NOW!) : undefined,
});
process.stdout.write(JSON.stringify({ outcome: report.outcome, version: report.version, calls: calls() }));
