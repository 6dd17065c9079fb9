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
import { countedStorage } from '../support/counted-storage.ts';
import { buildPublishChild } from '../support/publish-child-bundle.ts';

const run = promisify(execFile);
const id = medicalFacilities.id;
const ROOT = join(import.meta.dirname, '../..');

/**
 * Stop a publish for good before one of its storage calls after another: whatever the point, the
 * catalog lists no version whose files are missing or differ, the previous latest still
 * downloads, and the next run publishes correctly.
 *
 * Two of the stops are a SIGKILL of a publish process of its own (test/support/publish-child.ts,
 * run as the Lambda bundle runs). The others stop a publish in this process the way a kill looks
 * from outside: from its Nth storage call on, nothing it asks of S3 or DynamoDB ever happens or
 * answers, and nothing of it runs again. The storage is all the next run shares with a dead one,
 * and the publish makes its storage calls one after another, so nothing is in flight when it
 * stops; a process of its own took a second to start, for each point.
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

  /** A publish process SIGKILLed just before its `killAt`th storage call (0: never). */
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

  /** A publish in this process whose `killAt`th storage call, and every later one, never happens. */
  async function frozen(killAt: number): Promise<{ killed: boolean; calls?: number }> {
    let stopped!: () => void;
    const stop = new Promise<{ killed: boolean }>((resolve) => (stopped = () => resolve({ killed: true })));
    const { deps, calls } = countedStorage(stack.deps, (call) => {
      if (call < killAt) return;
      stopped();
      return new Promise<never>(() => {});
    });
    const at = nextTime();
    const run = publishDataset(medicalFacilities, { ...deps, now: () => new Date(at) }).then(() => ({ killed: false, calls: calls() }));
    return Promise.race([run, stop]);
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
    // Every third call, both ends included (seven stops for the twenty-odd storage calls of a run):
    // a process killed at the middle one and at the last before the run ends, the others frozen here.
    const points = Array.from({ length: Math.floor((totalCalls + 1) / 3) + 1 }, (_, i) => 1 + 3 * i);
    const killed = new Set([points[Math.floor(points.length / 2)]!, points.filter((p) => p <= totalCalls).at(-1)!]);
    expect(killed.size).toBe(2);
    for (const killAt of points) {
      await landNewExport(killAt);
      const outcome = killed.has(killAt) ? await child(killAt) : await frozen(killAt);
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
