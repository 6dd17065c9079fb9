import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { isVisible } from '../../src/catalog/model.ts';
import { createPublishDeps, createStores } from '../../src/composition.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';

const id = medicalFacilities.id;

/**
 * The SDK clients talk to S3 and DynamoDB through a proxy that answers 503/throttling, drops
 * connections and loses answers to requests it did forward. Each publish retries and either
 * completes or fails cleanly: never a half-visible version, never a lost published one.
 */
describe('publishing through faulty storage', () => {
  let stack: TestStack;
  let proxies: FaultProxy[];

  beforeAll(async () => {
    stack = await startTestStack();
    proxies = [
      await startFaultProxy(stack.config.s3Endpoint!, { rate: 0.12, seed: 11, kind: 's3' }),
      await startFaultProxy(stack.config.dynamodbEndpoint!, { rate: 0.12, seed: 29, kind: 'dynamodb' }),
    ];
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await stack.close();
  });

  async function assertConsistent() {
    const dataset = await stack.stores.catalog.getDataset(id);
    const versions = await stack.stores.catalog.listVersions(id);
    if (dataset?.latestVersion) expect(versions.some((v) => v.version === dataset.latestVersion && v.state !== 'withdrawn')).toBe(true);
    for (const version of versions.filter((v) => isVisible(v, dataset))) {
      for (const file of version.files) {
        const bytes = await readObject(stack.stores, file.key);
        expect([file.key, createHash('sha256').update(bytes).digest('hex')]).toEqual([file.key, file.sha256]);
      }
    }
    return versions.filter((v) => isVisible(v, dataset)).length;
  }

  it('completes or fails cleanly, run after run', async () => {
    // The commit protocol under faults; the static site, rendered after the commit point and
    // asserted by nothing here, would only double the calls that wait out a fault.
    const faulty = {
      ...createPublishDeps({ ...stack.config, s3Endpoint: proxies[0]!.endpoint, dynamodbEndpoint: proxies[1]!.endpoint }),
      renderSite: undefined,
    };
    let published = 0;
    let failed = 0;
    let visibleBefore = 0;
    for (let run = 0; run < 10; run += 1) {
      const rows = ['TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD'];
      for (let i = 0; i <= run; i += 1)
        rows.push(`Phòng khám ${i},${1000 + i}/HCM-GPHĐ,"${i} Lê Lợi, TP Hồ Chí Minh",None,Đang hoạt động,Phòng khám đa khoa,T-${i}`);
      await stack.stores.landing.put(`${id}/79/export-${String(run).padStart(2, '0')}.csv`, rows.join('\n'));
      const at = new Date(Date.parse('2026-11-25T00:00:00Z') + run * 3_600_000);
      const outcome = await publishDataset(medicalFacilities, { ...faulty, now: () => at }).then(
        (r) => r.outcome,
        (e: unknown) => e,
      );
      if (outcome === 'published') published += 1;
      else failed += 1;
      const visible = await assertConsistent();
      // Nothing already published is lost.
      expect(visible).toBeGreaterThanOrEqual(visibleBefore);
      visibleBefore = visible;
    }
    const { faults } = proxies[0]!;
    expect(
      faults.errors +
        faults.drops +
        faults.lostResponses +
        proxies[1]!.faults.errors +
        proxies[1]!.faults.drops +
        proxies[1]!.faults.lostResponses,
    ).toBeGreaterThan(10);
    expect(published).toBeGreaterThan(0);
    expect(published + failed).toBe(10);

    // Once the storage is healthy again, the next runs finish whatever was left.
    const healthy = createPublishDeps(stack.config, createStores(stack.config));
    const later = await publishDataset(medicalFacilities, { ...healthy, now: () => new Date('2026-11-26T12:00:00Z') });
    expect(['published', 'unchanged']).toContain(later.outcome);
    await assertConsistent();
    expect((await stack.stores.catalog.listVersions(id)).filter((v) => v.state === 'staged')).toEqual([]);
  }, 240_000);
});
