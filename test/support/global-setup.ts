import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One directory for the whole run, which the test workers inherit (see published-samples.ts). */
export async function setup(): Promise<void> {
  process.env.TEST_RUN_DIR = await mkdtemp(join(tmpdir(), 'health-open-data-run-'));
}

export async function teardown(): Promise<void> {
  if (process.env.TEST_RUN_DIR) await rm(process.env.TEST_RUN_DIR, { recursive: true, force: true });
}
