import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Vitest's order (failed first, then slowest first by the timings it keeps in
 * node_modules/.vite), except on a machine with no timings yet (a fresh clone, CI): there it
 * falls back to file size, which starts the long protocol-server suites (crash, storage-faults,
 * bad-input: short files) last, and one worker then finishes alone. Without timings, integration
 * and browser suites go first, then the rest, each by size.
 */
class SlowSuitesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const untimed = (file: TestSpecification) =>
      !this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`);
    if (!sorted.some(untimed)) return sorted;
    const heavy = (file: TestSpecification) => /[/\\]test[/\\](integration|browser)[/\\]/.test(file.moduleId);
    return [...sorted.filter(heavy), ...sorted.filter((file) => !heavy(file))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One directory for the whole run, which the test workers inherit (test/support/published-samples.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Two suites at a time (a 2-core machine), each in a child process; native DuckDB and the
    // in-process protocol servers stay out of worker threads.
    pool: 'forks',
    maxWorkers: 2,
    // The suites allocate briskly (CSV text, SDK requests, rendered pages): a larger young
    // generation halves the scavenges, about 5% of the run.
    execArgv: ['--max-semi-space-size=64'],
    // A worker loads the modules once and runs suite after suite with them: loading the AWS SDK,
    // DuckDB, s3rver and dynalite took a second per suite. Suites stay independent all the same:
    // each starts its own protocol servers on ports the OS picks, works in its own temporary
    // directory and sets no global state (no environment variables, no module mocks).
    isolate: false,
    sequence: { sequencer: SlowSuitesFirst },
  },
});
