import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import { createStores } from '../../src/composition.ts';
import { localConfig, startLocalStack } from '../../src/local/stack.ts';
import { selectNewestExports } from '../../src/pipeline/landing.ts';
import { buildPublishBundle } from '../../scripts/bench/publish-bundle.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

/** src/cli/land.ts, bundled once for the suite (test/support/publish-child-bundle.ts says why). */
let landCli: string;

/**
 * `npm run land` (the script runs src/cli/land.ts, here bundled): an export lands without a
 * publish, on the local stack in DATA_DIR.
 */
async function land(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [landCli, ...args], {
      cwd: ROOT,
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
  /** Exports as source systems send them: a national birth register, a province's month of encounters. */
  let births: string;
  let encounters: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cli-land-'));
    await mkdir(join(dataDir, 'exports'));
    births = join(dataDir, 'exports', 'khai-sinh-2025.csv');
    await writeFile(births, await exportToString(findGenerator('births')!, { rows: 600, seed: 2025_01 }));
    encounters = join(dataDir, 'exports', 'bhyt-79-2025-12.csv');
    await writeFile(
      encounters,
      await exportToString(findGenerator('health-care-encounters')!, { rows: 580, seed: 2025_13_04, province: '79', month: '2025-12' }),
    );
    // The embedded protocol servers load native code (LevelDB) from node_modules, as tsx would.
    landCli = await buildPublishBundle(join(ROOT, 'src/cli/land.ts'), join(dataDir, 'cli'), {
      external: ['s3rver', 'dynalite'],
      splitDynamicImports: true,
    });
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('puts the export in the landing bucket, under its province, and publishes nothing', async () => {
    const result = await land(dataDir, 'births', '--source', births, '--province', '79');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`landed ${births} as `)).toBe(true);
    expect(result.stdout).toMatch(/ as landing\/births\/79\/\d{8}T\d{6}Z-khai-sinh-2025\.csv/);

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

  it("puts a province's export of one month in the month's folder below the province's, where the landing selection finds it as a partition of its own", async () => {
    // Act
    const first = await land(dataDir, 'health-care-encounters', '--source', encounters, '--province', '79', '--month', '2026-01');
    const again = await land(dataDir, 'health-care-encounters', '--source', encounters, '--province', '79', '--month', '2026-02');

    // Assess
    expect([first.code, again.code]).toEqual([0, 0]);
    expect(first.stdout).toMatch(/as landing\/health-care-encounters\/79\/2026-01\/\d{8}T\d{6}Z-bhyt-79-2025-12\.csv/);
    const stack = await startLocalStack(dataDir);
    try {
      const stores = createStores(localConfig(stack, 'http://127.0.0.1:8080', dataDir));
      const landed = await stores.landing.list('health-care-encounters/');
      expect(selectNewestExports('health-care-encounters', landed).map((s) => [s.partition, s.provinceCode])).toEqual([
        ['79/2026-01', '79'],
        ['79/2026-02', '79'],
      ]);
      expect(await stores.publicFiles.list('datasets/')).toEqual([]);
    } finally {
      await stack.close();
    }
  }, 60_000);

  it.each([
    [['--month', '2026-13'], /--month: "2026-13" is not a month written YYYY-MM/],
    [['--month', '01/2026'], /--month: "01\/2026" is not a month written YYYY-MM/],
  ])(
    'refuses a month written %j (usage, 64) before starting anything',
    async (args, message) => {
      const result = await land(dataDir, 'health-care-encounters', '--source', encounters, '--province', '79', ...args);
      expect(result.code).toBe(64);
      expect(result.stderr).toMatch(message);
    },
    60_000,
  );

  it('refuses a missing --source (usage, 64) and a file that does not exist (2) before starting anything', async () => {
    const missing = await land(dataDir, 'births');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/--source names the export to land/);
    const absent = await land(dataDir, 'births', '--source', join(dataDir, 'nope.csv'));
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/no such file/);
  }, 60_000);
});
