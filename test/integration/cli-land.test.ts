import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/composition.ts';
import { localConfig, startLocalStack } from '../../src/local/stack.ts';

const run = promisify(execFile);

/** `npm run land` (the script runs src/cli/land.ts with tsx): an export lands without a publish, on the local stack in DATA_DIR. */
async function land(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/land.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run land', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cli-land-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('puts the export in the landing bucket, under its province, and publishes nothing', async () => {
    const result = await land(dataDir, 'births', '--source', 'datasets/births/sample/khai-sinh-2025.csv', '--province', '79');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^landed datasets\/births\/sample\/khai-sinh-2025\.csv as landing\/births\/79\/\d{8}T\d{6}Z-khai-sinh-2025\.csv/,
    );

    const stack = await startLocalStack(dataDir);
    try {
      const stores = createStores(localConfig(stack, 'http://127.0.0.1:8080', dataDir));
      const landed = await stores.landing.list('births/');
      expect(landed.map((o) => o.key)).toEqual([expect.stringMatching(/^births\/79\/\d{8}T\d{6}Z-khai-sinh-2025\.csv$/)]);
      expect(await stores.publicFiles.list('datasets/')).toEqual([]);
    } finally {
      await stack.close();
    }
  }, 60_000);

  it('refuses a missing --source (usage, 64) and a file that does not exist (2) before starting anything', async () => {
    const missing = await land(dataDir, 'births');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/--source names the export to land/);
    const absent = await land(dataDir, 'births', '--source', join(dataDir, 'nope.csv'));
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/no such file/);
  }, 60_000);
});
