import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One directory for the whole run, which the test workers inherit (see published-samples.ts). */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_DIR = await mkdtemp(join(tmpdir(), 'health-open-data-run-'));
}
