import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Seconds each test file took (scripts/test-durations.ts writes them from a run here). */
const RECORDED: Record<string, number> = JSON.parse(readFileSync(join(import.meta.dirname, 'test/durations.json'), 'utf8'));

/**
 * Failed files first, then the slowest first, so that the two workers finish together: by the
 * timings Vitest keeps in node_modules/.vite, or on a machine without them (a fresh clone, CI) by
 * those recorded in test/durations.json. A file in neither is taken for a slow one. Without
 * either, Vitest fell back to file size, which started short but slow files (crash, generators)
 * last, and one worker finished alone for 15 s.
 */
class SlowSuitesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const path = (file: TestSpecification) => relative(this.ctx.config.root, file.moduleId).split(sep).join('/');
    const timing = (file: TestSpecification) => this.ctx.cache.getFileTestResults(`${file.project.name}:${path(file)}`);
    const failed = (file: TestSpecification) => (timing(file)?.failed ? 1 : 0);
    const seconds = (file: TestSpecification) => {
      const measured = timing(file)?.duration;
      return measured !== undefined ? measured / 1000 : (RECORDED[path(file)] ?? Infinity);
    };
    return [...files].sort((a, b) => failed(b) - failed(a) || seconds(b) - seconds(a) || path(a).localeCompare(path(b)));
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
