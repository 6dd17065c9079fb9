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

const killAt = Number(process.env.KILL_AT ?? 0);
let calls = 0;

/** Counts every method call on a store; the Nth one never happens. */
function counting<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls += 1;
        if (calls === killAt) process.kill(process.pid, 'SIGKILL');
        return value.apply(obj, args);
      };
    },
  });
}

// The static site is rendered after the commit point through stores that are not counted: no
// kill lands there, so the crash tests leave it out.
const deps = { ...createPublishDeps(loadConfig()), renderSite: undefined };
const report = await publishDataset(findDataset(process.env.DATASET!)!, {
  ...deps,
  landing: counting(deps.landing),
  publicFiles: counting(deps.publicFiles),
  catalog: counting(deps.catalog),
  now: process.env.NOW ? () => new Date(process.env.NOW!) : undefined,
});
process.stdout.write(JSON.stringify({ outcome: report.outcome, version: report.version, calls }));
