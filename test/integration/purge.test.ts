import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { withdrawVersion } from '../../src/catalog/withdraw.ts';
import type { ObjectStore } from '../../src/ports/object-store.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { publishTwoVersions, withdrawDeps } from '../support/two-versions.ts';

const id = medicalFacilities.id;
const REASON = 'Số CCHN của người phụ trách chuyên môn bị công bố nhầm (dữ liệu cá nhân)';
const row = (name: string, licence: string) =>
  `TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD\n${name},${licence},"1 Lê Lợi, TP Hồ Chí Minh",None,Đang hoạt động,Phòng khám đa khoa,T-9\n`;

/**
 * `npm run withdraw -- … --purge` on the local stack: s3rver keeps one copy per key, so erasing
 * every stored copy there is deleting every object under the version's folder; what a versioned
 * bucket adds (object versions, delete markers) is covered by test/unit/s3-erase.test.ts.
 */
describe('purging a version published by mistake', () => {
  let stack: TestStack;
  let base: string;
  let v1: PublishReport;
  let v2: PublishReport;
  let close: () => Promise<void>;
  const s3 = (key = '') => `${stack.config.s3Endpoint}/${stack.config.publicBucket}${key && `/${key}`}`;

  beforeAll(async () => {
    ({ stack, base, v1, v2, close } = await publishTwoVersions());
  });
  afterAll(async () => close());

  it('runs against an S3 server that keeps no versions: s3rver 3.7.1 has no ListObjectVersions and no versioning status', async () => {
    // What S3ObjectStore.eraseEveryVersion relies on locally (its comment): if s3rver starts to
    // keep versions, this fails and the versioned path must be tested here instead.
    const versions = await fetch(`${s3()}?versions&prefix=datasets/`);
    expect(versions.status).toBe(405);
    expect(await versions.text()).toContain('<Code>MethodNotAllowed</Code>');
    const versioning = await fetch(`${s3()}?versioning`);
    expect(versioning.status).toBe(200);
    expect(await versioning.text()).not.toContain('<Status>');
  });

  it('refuses without a reason, and erases nothing', async () => {
    await expect(withdrawVersion(withdrawDeps(stack), { datasetId: id, version: v2.version, reason: '  ', purge: true })).rejects.toThrow(
      'reason',
    );
    expect((await stack.stores.publicFiles.list(`datasets/${id}/${v2.version}/`)).length).toBe(v2.files.length);
    expect((await stack.stores.catalog.getVersion(id, v2.version))?.state).toBe('published');
  });

  it('erases every stored copy under the version’s folder, keeps a public tombstone that says so, and leaves the other version alone', async () => {
    // Prepare: something under the folder that the catalog does not name goes too.
    const prefix = `datasets/${id}/${v2.version}/`;
    await stack.stores.publicFiles.put(`${prefix}stray/notes.txt`, 'left behind by hand');
    const keys = [...v2.files.map((f) => f.key), `${prefix}stray/notes.txt`];

    // Act
    const report = await withdrawVersion(withdrawDeps(stack), {
      datasetId: id,
      version: v2.version,
      reason: REASON,
      purge: true,
      now: new Date('2026-11-22T08:00:00Z'),
    });

    // Assess: the report
    expect(report).toMatchObject({
      version: v2.version,
      reason: REASON,
      withdrawnAt: '2026-11-22T08:00:00.000Z',
      latestVersion: v1.version,
      filesRemoved: keys.length,
      purge: { purgedAt: '2026-11-22T08:00:00.000Z', objectVersions: keys.length, deleteMarkers: 0 },
    });
    // Nothing is stored under the folder: not listed, not readable from the S3 server itself.
    expect(await stack.stores.publicFiles.list(prefix)).toEqual([]);
    for (const key of keys) {
      expect(await stack.stores.publicFiles.head(key)).toBeUndefined();
      const direct = await fetch(s3(key));
      expect([key, direct.status, await direct.text()]).toEqual([key, 404, expect.stringContaining('NoSuchKey')]);
    }
    // The public origin answers 410 with the reason.
    const gone = await fetch(`${base}/${v2.files[0]!.key}`);
    expect(gone.status).toBe(410);
    // The tombstone: reason, date, purged, public.
    expect((await stack.stores.catalog.getVersion(id, v2.version))?.withdrawal).toEqual({
      at: '2026-11-22T08:00:00.000Z',
      reason: REASON,
      purgedAt: '2026-11-22T08:00:00.000Z',
    });
    const detail = (await (await fetch(`${base}/api/datasets/${id}`)).json()) as { withdrawn: unknown[]; versions: { version: string }[] };
    expect(detail.withdrawn).toEqual([
      { version: v2.version, withdrawnAt: '2026-11-22T08:00:00.000Z', reason: REASON, purged: true, purgedAt: '2026-11-22T08:00:00.000Z' },
    ]);
    expect(detail.versions.map((v) => v.version)).toEqual([v1.version]);
    const page = await (await fetch(`${base}/dataset/${id}?lang=en`)).text();
    expect(page).toContain('Every stored copy of the files has been erased');
    // The other version is untouched.
    for (const f of v1.files) expect((await readObject(stack.stores, f.key)).length).toBe(f.bytes);
  });

  it('is a no-op that succeeds when run again, keeping the first reason and dates', async () => {
    const again = await withdrawVersion(withdrawDeps(stack), {
      datasetId: id,
      version: v2.version,
      reason: 'another reason, ignored',
      purge: true,
    });
    expect(again).toMatchObject({
      reason: REASON,
      withdrawnAt: '2026-11-22T08:00:00.000Z',
      filesRemoved: 0,
      latestVersion: v1.version,
      purge: { purgedAt: '2026-11-22T08:00:00.000Z', objectVersions: 0, deleteMarkers: 0 },
    });
    for (const f of v1.files) expect((await readObject(stack.stores, f.key)).length).toBe(f.bytes);
  });

  it('finishes an interrupted purge when run again (also after a plain withdrawal), and only then says purged; the CDN drops its copies after the erasure', async () => {
    // Prepare: a third version, withdrawn plainly first.
    await stack.stores.landing.put(`${id}/01/20261124T000000Z-hn.csv`, row('Phòng khám Hà Nội', '00001/HNO-GPHĐ'));
    const v3 = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-24T02:00:00Z') });
    const prefix = `datasets/${id}/${v3.version}/`;
    await withdrawVersion(withdrawDeps(stack), {
      datasetId: id,
      version: v3.version,
      reason: REASON,
      now: new Date('2026-11-25T00:00:00Z'),
    });
    // A copy that a plain withdrawal on s3rver cannot leave behind, put back as a stand-in for the
    // old versions a versioned bucket keeps.
    await stack.stores.publicFiles.put(`${prefix}${v3.files[0]!.name}`, 'an earlier copy');
    await stack.stores.publicFiles.put(`${prefix}${v3.files[1]!.name}`, 'another earlier copy');
    // The storage fails after erasing one key.
    const real = stack.stores.publicFiles;
    const interrupted: ObjectStore = Object.create(real, {
      eraseEveryVersion: {
        value: async () => {
          await real.eraseEveryVersion({ keys: [`${prefix}${v3.files[0]!.name}`] });
          throw new Error('connection reset');
        },
      },
    });
    const calls: { paths: string[]; leftInBucket: number }[] = [];
    const edgeCache = {
      name: 'test CDN',
      invalidate: async (paths: string[]) => {
        calls.push({ paths, leftInBucket: (await real.list(prefix)).length });
        return { id: `I${calls.length}` };
      },
    };

    // Act 1: interrupted
    const error = await withdrawVersion(
      { catalog: stack.stores.catalog, publicFiles: interrupted, edgeCache },
      { datasetId: id, version: v3.version, reason: REASON, purge: true },
    ).catch((e: unknown) => e as Error);

    // Assess 1: withdrawn, not yet purged, told to run again; nothing invalidated yet
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('run the purge again');
    expect((await stack.stores.catalog.getVersion(id, v3.version))?.withdrawal).toEqual({ at: '2026-11-25T00:00:00.000Z', reason: REASON });
    expect((await real.list(prefix)).length).toBe(1);
    expect(calls).toEqual([]);

    // Act 2: run again
    const report = await withdrawVersion(
      { ...withdrawDeps(stack), edgeCache },
      { datasetId: id, version: v3.version, reason: REASON, purge: true, now: new Date('2026-11-26T00:00:00Z') },
    );

    // Assess 2
    expect(report.purge).toEqual({ purgedAt: '2026-11-26T00:00:00.000Z', objectVersions: 1, deleteMarkers: 0 });
    expect(await real.list(prefix)).toEqual([]);
    expect((await stack.stores.catalog.getVersion(id, v3.version))?.withdrawal).toEqual({
      at: '2026-11-25T00:00:00.000Z',
      reason: REASON,
      purgedAt: '2026-11-26T00:00:00.000Z',
    });
    expect(report.edgeInvalidation).toEqual({ cache: 'test CDN', id: 'I1', paths: [`/${prefix}*`] });
    expect(calls).toEqual([{ paths: [`/${prefix}*`], leftInBucket: 0 }]);
    for (const f of v1.files) expect((await readObject(stack.stores, f.key)).length).toBe(f.bytes);
  });

  it('erases given keys exactly, never a longer key they are a prefix of, and refuses a prefix that is not a folder', async () => {
    await stack.stores.publicFiles.put('scratch/a.csv', 'a');
    await stack.stores.publicFiles.put('scratch/a.csv.bak', 'b');
    expect(await stack.stores.publicFiles.eraseEveryVersion({ keys: ['scratch/a.csv', 'scratch/missing.csv'] })).toEqual({
      keys: ['scratch/a.csv'],
      objectVersions: 1,
      deleteMarkers: 0,
    });
    expect((await stack.stores.publicFiles.list('scratch/')).map((o) => o.key)).toEqual(['scratch/a.csv.bak']);
    await expect(stack.stores.publicFiles.eraseEveryVersion({ prefix: '' })).rejects.toThrow('must be a folder');
    await expect(stack.stores.publicFiles.eraseEveryVersion({ prefix: 'scratch' })).rejects.toThrow('must be a folder');
    expect((await stack.stores.publicFiles.list('scratch/')).map((o) => o.key)).toEqual(['scratch/a.csv.bak']);
  });
});
