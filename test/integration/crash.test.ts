import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { isVisible } from '../../src/catalog/model.ts';
import { localEnvironment } from '../../src/local/stack.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';
import { buildPublishChild } from '../support/publish-child-bundle.ts';

const run = promisify(execFile);
const id = medicalFacilities.id;
const ROOT = join(import.meta.dirname, '../..');

/**
 * SIGKILL the publish process before each of its storage calls in turn: whatever the point, the
 * catalog lists no version whose files are missing or differ, the previous latest still
 * downloads, and the next run publishes correctly.
 */
describe('crash anywhere during a publish', () => {
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;
  let childScript: string;
  let clock = Date.parse('2026-11-25T01:00:00Z');
  const nextTime = () => new Date((clock += 60_000)).toISOString();

  beforeAll(async () => {
    stack = await startTestStack();
    childScript = await buildPublishChild(stack.dir);
    env = {
      ...process.env,
      ...localEnvironment(
        { s3Endpoint: stack.config.s3Endpoint!, dynamodbEndpoint: stack.config.dynamodbEndpoint! },
        stack.config.publicBaseUrl,
        stack.dir,
      ),
      DATASET: id,
      NODE_OPTIONS: '--openssl-legacy-provider',
    };
  });
  afterAll(async () => stack.close());

  async function child(killAt: number): Promise<{ killed: boolean; calls?: number }> {
    try {
      const { stdout } = await run(process.execPath, [childScript], {
        cwd: ROOT,
        env: { ...env, KILL_AT: String(killAt), NOW: nextTime() },
      });
      return { killed: false, calls: (JSON.parse(stdout) as { calls: number }).calls };
    } catch (error) {
      if ((error as { signal?: string }).signal === 'SIGKILL') return { killed: true };
      throw error;
    }
  }

  async function landNewExport(n: number) {
    const rows = ['TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD'];
    for (let i = 0; i <= n; i += 1)
      rows.push(
        `Phòng khám số ${i},${String(i).padStart(5, '0')}/HCM-GPHĐ,"${i} Lê Lợi, TP Hồ Chí Minh",2021-03-04 00:00:00,Đang hoạt động,Phòng khám đa khoa,T-${i}`,
      );
    await stack.stores.landing.put(`${id}/79/export-${String(n).padStart(3, '0')}.csv`, rows.join('\n'));
  }

  async function assertCatalogConsistent() {
    const dataset = await stack.stores.catalog.getDataset(id);
    for (const version of await stack.stores.catalog.listVersions(id)) {
      if (!isVisible(version, dataset)) continue;
      for (const file of version.files) {
        const bytes = await readObject(stack.stores, file.key);
        expect([file.key, bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([file.key, file.bytes, file.sha256]);
      }
    }
    return dataset?.latestVersion;
  }

  it('keeps the catalog consistent at every kill point, and the next run publishes', async () => {
    // A first, complete version: what must survive every crash.
    await landNewExport(0);
    const first = await child(0);
    expect(first.killed).toBe(false);
    const totalCalls = first.calls!;
    expect(totalCalls).toBeGreaterThan(10);
    const baseline = await assertCatalogConsistent();

    let previousLatest = baseline;
    // Every third call, both ends included (seven crashes for the twenty-odd storage calls of a run), each a fresh process.
    for (let killAt = 1; killAt <= totalCalls + 2; killAt += 3) {
      await landNewExport(killAt);
      const outcome = await child(killAt);
      let latest = await assertCatalogConsistent();
      expect(latest).toBeDefined();
      if (outcome.killed && latest === previousLatest) {
        // The previous latest still downloads (checked above) and the next run publishes this export.
        const next = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date(nextTime()) });
        expect(next.outcome).toBe('published');
        latest = await assertCatalogConsistent();
      }
      previousLatest = latest;
    }
    // Nothing staged is left behind once the abandoned runs are old enough to be cleaned up.
    const later = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date(clock + 3_600_000) });
    expect(later.outcome).toBe('unchanged');
    expect((await stack.stores.catalog.listVersions(id)).filter((v) => v.state === 'staged')).toEqual([]);
  }, 300_000);
});
