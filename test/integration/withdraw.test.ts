import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { NotFoundError, PublishBlockedError } from '../../src/errors.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { withdrawVersion } from '../../src/catalog/withdraw.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { publishTwoVersions, withdrawDeps } from '../support/two-versions.ts';

const id = medicalFacilities.id;
const REASON = 'A facility asked for a correction of its address (Art. 24.1)';

describe('withdrawing a version (Art. 24.1)', () => {
  let stack: TestStack;
  let base: string;
  let v1: PublishReport;
  let v2: PublishReport;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, base, v1, v2, close } = await publishTwoVersions());
  });
  afterAll(async () => close());

  it('refuses an unknown version or a missing reason, and touches nothing', async () => {
    await expect(
      withdrawVersion(withdrawDeps(stack), { datasetId: id, version: '20000101T000000Z', reason: REASON }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(withdrawVersion(withdrawDeps(stack), { datasetId: id, version: v2.version, reason: ' ' })).rejects.toThrow('reason');
    expect((await stack.stores.catalog.getDataset(id))?.latestVersion).toBe(v2.version);
  });

  it('removes the latest version’s files, keeps a tombstone, and moves latest back', async () => {
    const report = await withdrawVersion(withdrawDeps(stack), {
      datasetId: id,
      version: v2.version,
      reason: REASON,
      now: new Date('2026-11-22T08:00:00Z'),
    });
    expect(report).toMatchObject({ version: v2.version, latestVersion: v1.version, filesRemoved: v2.files.length, reason: REASON });
    expect(await stack.stores.publicFiles.list(`datasets/${id}/${v2.version}/`)).toEqual([]);
    // The other version is untouched and still downloads.
    for (const f of v1.files) expect((await readObject(stack.stores, f.key)).length).toBe(f.bytes);
    const tombstone = await stack.stores.catalog.getVersion(id, v2.version);
    expect(tombstone).toMatchObject({ state: 'withdrawn', withdrawal: { at: '2026-11-22T08:00:00.000Z', reason: REASON } });
  });

  it('answers 410 Gone with the reason for the withdrawn version’s files, through the API and the file origin', async () => {
    for (const path of [
      `/api/datasets/${id}/versions/${v2.version}/${id}.csv`,
      `/api/datasets/${id}/versions/${v2.version}`,
      `/datasets/${id}/${v2.version}/${id}.csv`,
    ]) {
      const res = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect([path, res.status]).toEqual([path, 410]);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain(REASON);
    }
    const latest = await fetch(`${base}/api/datasets/${id}/latest/${id}.csv`, { redirect: 'manual' });
    expect(latest.headers.get('location')).toContain(`/${v1.version}/`);
  });

  it('shows the withdrawal in the dataset JSON, the Atom feed, and not as a DCAT distribution; CKAN’s metadata_modified moves on', async () => {
    const detail = (await (await fetch(`${base}/api/datasets/${id}`)).json()) as { versions: { version: string }[]; withdrawn: unknown[] };
    expect(detail.versions.map((v) => v.version)).toEqual([v1.version]);
    expect(detail.withdrawn).toEqual([
      { version: v2.version, withdrawnAt: '2026-11-22T08:00:00.000Z', reason: REASON, purged: false, purgedAt: null },
    ]);
    const feed = await (await fetch(`${base}/feed.atom`)).text();
    expect(feed).toContain(REASON);
    const dcat = await (await fetch(`${base}/catalog.ttl`)).text();
    expect(dcat).not.toContain(`/${v2.version}/`);
    const ckan = (await (await fetch(`${base}/api/3/action/package_show?id=${id}`)).json()) as {
      result: { metadata_modified: string; version: string };
    };
    expect(ckan.result.version).toBe(v1.version);
    expect(ckan.result.metadata_modified).toBe('2026-11-22T08:00:00.000000');
  });

  it('never republishes the withdrawn content on its own, and is idempotent', async () => {
    const error = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-23T02:00:00Z') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishBlockedError);
    expect((error as Error).message).toContain(`identical to version ${v2.version}`);
    const again = await withdrawVersion(withdrawDeps(stack), { datasetId: id, version: v2.version, reason: 'a second, different reason' });
    expect(again.reason).toBe(REASON);
    expect(again.latestVersion).toBe(v1.version);
  });

  it('behind a CDN, drops the edge copies of the version’s files once they have left the bucket; a refused invalidation is retried by running it again', async () => {
    await stack.stores.landing.put(
      `${id}/01/20261124T000000Z-hn.csv`,
      'TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD\nPhòng khám Hà Nội,00001/HNO-GPHĐ,"2 Tràng Tiền, Hà Nội",None,Đang hoạt động,Phòng khám đa khoa,T-1\n',
    );
    const v3 = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-24T02:00:00Z') });
    const prefix = `datasets/${id}/${v3.version}/`;
    const calls: { paths: string[]; leftInBucket: number }[] = [];
    let refuse = true;
    const edgeCache = {
      name: 'test CDN',
      invalidate: async (paths: string[]) => {
        calls.push({ paths, leftInBucket: (await stack.stores.publicFiles.list(prefix)).length });
        if (refuse) throw new Error('throttled');
        return { id: `I${calls.length}` };
      },
    };

    const refused = await withdrawVersion(
      { ...withdrawDeps(stack), edgeCache },
      { datasetId: id, version: v3.version, reason: REASON },
    ).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('run the withdrawal again');
    expect((await stack.stores.catalog.getVersion(id, v3.version))?.state).toBe('withdrawn');

    refuse = false;
    const report = await withdrawVersion({ ...withdrawDeps(stack), edgeCache }, { datasetId: id, version: v3.version, reason: REASON });
    expect(report.edgeInvalidation).toEqual({ cache: 'test CDN', id: 'I2', paths: [`/${prefix}*`] });
    expect(calls).toEqual([
      { paths: [`/${prefix}*`], leftInBucket: 0 },
      { paths: [`/${prefix}*`], leftInBucket: 0 },
    ]);
    expect(report.latestVersion).toBe(v1.version);
  });
});
