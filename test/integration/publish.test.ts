import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFile } from 'node:fs/promises';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { sampleDir } from '../../datasets/index.ts';
import { ConcurrentPublishError, InputRefusedError, PublishBlockedError } from '../../src/errors.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { seedSampleExport } from '../../src/local/stack.ts';
import type { ObjectStore } from '../../src/ports/object-store.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';
import { testDir } from '../support/test-dir.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/medical-facilities/root-export.csv');
const id = medicalFacilities.id;

async function parquetRows(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[];
}

async function allPublicBytes(stack: TestStack): Promise<Buffer[]> {
  const objects = await stack.stores.publicFiles.list('');
  return Promise.all(objects.map((o) => readObject(stack.stores, o.key)));
}

describe('publishing medical-facilities end to end (s3rver + dynalite)', () => {
  let stack: TestStack;
  let first: PublishReport;
  const clock = { t: Date.parse('2026-11-25T02:00:00Z') };
  const now = () => new Date((clock.t += 1000));

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.stores.landing.uploadFile(`${id}/20261120T000000Z-root-export.csv`, FIXTURE);
    first = await publishDataset(medicalFacilities, { ...stack.deps, now });
  });
  afterAll(async () => stack.close());

  it('reports what it read, collapsed, kept and stripped', () => {
    expect(first.outcome).toBe('published');
    expect(first).toMatchObject({
      rowsRead: 5,
      rowsRejected: 0,
      rowCount: 4,
      duplicateRowsCollapsed: 1,
      sharedKeys: 1,
      rowsWithoutProvince: 1,
    });
    expect(first.stripped.map((s) => [s.field, s.class])).toEqual([
      ['SoCCHN_NDD', 'personal'],
      ['GhiChu', 'unclassified'],
    ]);
    expect(first.files.map((f) => f.name)).toEqual([
      'medical-facilities.csv',
      'medical-facilities.parquet',
      'medical-facilities.xlsx',
      'datapackage.json',
      'quality-report.json',
      'search-index.json',
    ]);
  });

  it('writes the exact CSV: BOM, CRLF, NFC, cleaned codes, placeholder dates empty, formulas defused, sorted', async () => {
    const csv = await readObject(stack.stores, first.files[0]!.key);
    expect(csv.toString('utf8')).toBe(
      '\ufefffacility_name,licence_number,form_of_practice,status,address,province_code,province_name,issue_date\r\n' +
        'Nhà hộ sinh Hoa Sen,04211/SYT-GPHĐ,Nhà hộ sinh,Đang hoạt động,"5 Trần Phú, Phường Hải Châu, Đà Nẵng",48,Thành phố Đà Nẵng,\r\n' +
        'Nhà hộ sinh Hoa Sen,04211/SYT-GPHĐ,Nhà hộ sinh,Ngừng hoạt động,"9 Bạch Đằng, Phường Hải Châu, Thành phố Đà Nẵng",48,Thành phố Đà Nẵng,\r\n' +
        'Phòng khám đa khoa An Bình,00123/HCM-GPHĐ,Phòng khám đa khoa,Đang hoạt động,"12 Lê Lợi, Phường Bến Thành, TP.Hồ Chí Minh",79,Thành phố Hồ Chí Minh,2021-03-04\r\n' +
        '\'=HYPERLINK(1),1587,Phòng xét nghiệm,Thu hồi,"Số 3, Xã Vô Danh",,,2019-12-31\r\n',
    );
  });

  it('writes a typed Parquet file that an independent reader (hyparquet) reads back as the same rows', async () => {
    const rows = await parquetRows(await readObject(stack.stores, first.files[1]!.key));
    const csvRows = parse(await readObject(stack.stores, first.files[0]!.key), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    const bytes = await readObject(stack.stores, first.files[1]!.key);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const issueDate = metadata.row_groups[0]!.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'issue_date')!;
    expect(issueDate.meta_data?.codec).toBe('ZSTD');
    expect(issueDate.meta_data?.statistics?.min_value).toEqual(new Date('2019-12-31T00:00:00Z'));
    expect(rows[2]!.issue_date).toEqual(new Date('2021-03-04T00:00:00Z'));
    expect(rows[0]!.issue_date).toBeNull();
    expect(rows[3]!.facility_name).toBe('=HYPERLINK(1)'); // Parquet keeps the value; only the CSV is defused
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        const expected = value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
        const csvValue = csvRows[i]![column]!;
        expect(csvValue.startsWith("'=") ? csvValue.slice(1) : csvValue).toBe(expected);
      }
    });
  });

  it('reads back in DuckDB with DATE and VARCHAR types and the same rows from CSV and Parquet', async () => {
    const dir = await testDir('readback-');
    await writeFile(join(dir, 'a.csv'), await readObject(stack.stores, first.files[0]!.key));
    await writeFile(join(dir, 'a.parquet'), await readObject(stack.stores, first.files[1]!.key));
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const types = (await db.runAndReadAll(`DESCRIBE SELECT * FROM '${dir}/a.parquet'`)).getRowObjectsJS();
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({
      issue_date: 'DATE',
      province_code: 'VARCHAR',
    });
    const diff = await db.runAndReadAll(
      `SELECT count(*) AS n FROM (SELECT * REPLACE (CASE WHEN facility_name LIKE '''=%' THEN substr(facility_name, 2) ELSE facility_name END AS facility_name)
         FROM read_csv('${dir}/a.csv', types = {'province_code': 'VARCHAR', 'issue_date': 'DATE'})
       EXCEPT ALL SELECT * FROM '${dir}/a.parquet')`,
    );
    expect(Number(diff.getRowObjectsJS()[0]!.n)).toBe(0);
  });

  it('never publishes a byte of the personal or the unclassified column', async () => {
    const source = parse(await readFile(FIXTURE), { columns: true }) as Record<string, string>[];
    const secrets = [...new Set(source.flatMap((r) => [r.SoCCHN_NDD!, r.GhiChu!]).filter(Boolean))];
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const everything = Buffer.concat(await allPublicBytes(stack));
    const catalog = JSON.stringify([await stack.stores.catalog.listDatasets(), await stack.stores.catalog.listVersions(id)]);
    for (const secret of secrets) {
      for (const form of [secret, secret.normalize('NFD'), '0903123456']) {
        expect(everything.includes(Buffer.from(form))).toBe(false);
        expect(catalog.includes(form)).toBe(false);
      }
    }
  });

  it('lists the rows that share a licence number in the quality report and the datapackage hashes match the files', async () => {
    const byFormat = (format: string) => first.files.find((f) => f.format === format)!;
    const report = JSON.parse((await readObject(stack.stores, byFormat('quality-report').key)).toString());
    expect(report.sharedKeys).toHaveLength(1);
    expect(report.sharedKeys[0].value).toBe('04211/SYT-GPHĐ');
    expect(report.sharedKeys[0].rows.map((r: Record<string, string>) => r.address)).toEqual([
      '5 Trần Phú, Phường Hải Châu, Đà Nẵng',
      '9 Bạch Đằng, Phường Hải Châu, Thành phố Đà Nẵng',
    ]);
    expect(report.rowsWithoutProvinceListed.map((r: Record<string, string>) => r.licence_number)).toEqual(['1587']);
    const datapackage = JSON.parse((await readObject(stack.stores, byFormat('datapackage').key)).toString());
    expect(datapackage.resources.map((r: { hash: string }) => r.hash)).toEqual([
      `sha256:${byFormat('csv').sha256}`,
      `sha256:${byFormat('parquet').sha256}`,
    ]);
  });

  it('publishes nothing new when the content is unchanged', async () => {
    const again = await publishDataset(medicalFacilities, { ...stack.deps, now });
    expect(again.outcome).toBe('unchanged');
    expect(again.version).toBe(first.version);
    expect(await stack.stores.catalog.listVersions(id)).toHaveLength(1);
  });

  it('adds a version when a province export lands, keeping the previous one downloadable', async () => {
    const sample = (await readdir(join(sampleDir(id), '79'))).find((f) => f.endsWith('.csv'))!;
    await stack.stores.landing.uploadFile(`${id}/79/${sample}`, join(sampleDir(id), '79', sample));
    const stages: string[] = [];
    const onProgress = ({ stage }: { stage: string }) => void (stages.at(-1) === stage || stages.push(stage));
    const second = await publishDataset(medicalFacilities, { ...stack.deps, now, onProgress });
    expect(second.outcome).toBe('published');
    // With a previous version there is something to compare with, between build and upload.
    expect(stages).toEqual(['download', 'build', 'compare', 'upload', 'verify', 'commit']);
    expect(second.version > first.version).toBe(true);
    expect(second.sources.map((s) => [s.key, s.province])).toEqual([
      [`${id}/20261120T000000Z-root-export.csv`, undefined],
      [`${id}/79/${sample}`, '79'],
    ]);
    // The public quality report numbers its sources: no landing key, no uploader's file name.
    const quality = (await readObject(stack.stores, second.files.find((f) => f.format === 'quality-report')!.key)).toString('utf8');
    for (const s of second.sources) expect(quality).not.toContain(s.key.split('/').at(-1)!);
    expect(JSON.parse(quality).sources).toEqual([
      { source: 1, province: null, rowsRead: second.sources[0]!.rowsRead },
      { source: 2, province: '79', rowsRead: second.sources[1]!.rowsRead },
    ]);
    const dataset = await stack.stores.catalog.getDataset(id);
    expect(dataset?.latestVersion).toBe(second.version);
    const versions = await stack.stores.catalog.listVersions(id);
    expect(versions.map((v) => [v.version, v.state])).toEqual([
      [first.version, 'published'],
      [second.version, 'published'],
    ]);
    expect(versions[1]!.previousVersion).toBe(first.version);
    // What changed, recomputed here from the two CSV files by licence number.
    const csvRows = async (key: string) =>
      parse(await readObject(stack.stores, key), { bom: true, columns: true }) as Record<string, string>[];
    const before = await csvRows(first.files[0]!.key);
    const after = await csvRows(second.files[0]!.key);
    const group = (rows: Record<string, string>[]) => {
      const map = new Map<string, string[]>();
      for (const r of rows) map.set(r.licence_number!, [...(map.get(r.licence_number!) ?? []), JSON.stringify(r)].sort());
      return map;
    };
    const [b, a] = [group(before), group(after)];
    const added = [...a.keys()].filter((k) => !b.has(k)).length;
    const changed = [...a.keys()].filter((k) => b.has(k) && JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))).length;
    expect(versions[1]!.changes).toEqual({ since: first.version, tables: [{ name: id, added, removed: 0, changed }] });
    expect(added).toBeGreaterThan(0);
    expect(versions[1]!.preview?.columns).toEqual(
      medicalFacilities.kind === 'registry' ? medicalFacilities.columns.map((c) => c.name) : [],
    );
    expect(versions[1]!.preview?.rows[0]).toEqual(Object.values(after[0]!).map((v) => (v === '' ? null : v)));
    expect((await readObject(stack.stores, first.files[0]!.key)).length).toBe(first.files[0]!.bytes);
  });

  it('refuses an export over the rejected-row threshold and publishes nothing', async () => {
    const before = await stack.stores.publicFiles.list('datasets/');
    const bad = join(stack.dir, 'bad.csv');
    await writeFile(bad, 'TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc\nA,1,x,2023-13-45 00:00:00,y,z\n');
    await stack.stores.landing.uploadFile(`${id}/20261121T000000Z-bad.csv`, bad);
    const error = await publishDataset(medicalFacilities, { ...stack.deps, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishBlockedError);
    expect((error as Error).message).toContain(`${id}/20261121T000000Z-bad.csv, row 2, field NgayCap`);
    expect(await stack.stores.publicFiles.list('datasets/')).toEqual(before);
    expect(await stack.stores.catalog.listVersions(id)).toHaveLength(2);
  });

  it('refuses an export that lacks a required column, naming file, row and field', async () => {
    const bad = join(stack.dir, 'no-licence.csv');
    await writeFile(bad, 'TenCoSo,DiaChi\nA,x\n');
    await stack.stores.landing.uploadFile(`${id}/20261122T000000Z-no-licence.csv`, bad);
    const error = await publishDataset(medicalFacilities, { ...stack.deps, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputRefusedError);
    expect((error as Error).message).toBe(
      `${id}/20261122T000000Z-no-licence.csv, row 1, field SoGiayPhep: a required column is missing from the header`,
    );
    await stack.stores.landing.delete([`${id}/20261121T000000Z-bad.csv`, `${id}/20261122T000000Z-no-licence.csv`]);
  });
});

describe('a registry export with a rejected row and a duplicate', () => {
  it('counts the duplicate among the valid rows only: rejected, collapsed and published add up to what was read', async () => {
    // Prepare: the fixture (5 rows, one an exact duplicate), 120 more distinct rows, and one row
    // with an impossible date (1 of 126 read: under the 1 % threshold).
    const stack = await startTestStack();
    try {
      const fixture = (await readFile(FIXTURE, 'utf8')).trimEnd();
      const more = Array.from(
        { length: 120 },
        (_, i) =>
          `Phòng khám ${i},${20000 + i}/HCM-GPHĐ,"${i} Lê Lợi, Phường Bến Thành, TP.Hồ Chí Minh",2021-03-04 08:00:00,Đang hoạt động,Phòng khám đa khoa,,`,
      );
      const bad = 'Phòng khám Sai Ngày,99999/HCM-GPHĐ,"1 Lê Lợi, TP.Hồ Chí Minh",2023-13-45 00:00:00,Đang hoạt động,Phòng khám đa khoa,,';
      const file = join(await testDir('rejected-and-duplicate-'), 'export.csv');
      await writeFile(file, [fixture, ...more, bad].join('\n') + '\n');
      await stack.stores.landing.uploadFile(`${id}/20261120T000000Z-export.csv`, file);

      // Act
      const report = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-25T02:00:00Z') });

      // Assess
      expect(report).toMatchObject({ outcome: 'published', rowsRead: 126, rowsRejected: 1, duplicateRowsCollapsed: 1, rowCount: 124 });
    } finally {
      await stack.close();
    }
  });
});

describe('the commit protocol under failures and concurrency', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedSampleExport(stack.stores.landing, id, sampleDir(id));
  });
  afterAll(async () => stack.close());

  it('a storage failure mid-upload leaves no version, no staged record and no file behind', async () => {
    let uploads = 0;
    const failing: ObjectStore = Object.create(stack.stores.publicFiles, {
      uploadFile: {
        value: async (...args: Parameters<ObjectStore['uploadFile']>) => {
          if (++uploads === 3) throw new Error('injected: connection reset');
          return stack.stores.publicFiles.uploadFile(...args);
        },
      },
    });
    await expect(publishDataset(medicalFacilities, { ...stack.deps, publicFiles: failing })).rejects.toThrow('injected');
    expect(await stack.stores.catalog.listVersions(id)).toEqual([]);
    expect((await stack.stores.catalog.getDataset(id))?.latestVersion).toBeUndefined();
    expect(await stack.stores.publicFiles.list('datasets/')).toEqual([]);
  });

  it('two runs at once with the same content give exactly one version', async () => {
    const t = Date.parse('2026-11-25T03:00:00Z');
    const results = await Promise.allSettled([
      publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date(t) }),
      publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date(t + 1000) }),
    ]);
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : r.reason));
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1);
    for (const o of outcomes) if (o !== 'published') expect(o === 'unchanged' || o instanceof ConcurrentPublishError).toBe(true);
    const versions = await stack.stores.catalog.listVersions(id);
    expect(versions).toHaveLength(1);
    expect(versions[0]!.state).toBe('published');
    const keys = (await stack.stores.publicFiles.list('datasets/')).map((o) => o.key);
    expect(keys.every((k) => k.startsWith(`datasets/${id}/${versions[0]!.version}/`))).toBe(true);
  });

  it('a crash between the commit and marking the version published is finished by the next run', async () => {
    const dataset = await stack.stores.catalog.getDataset(id);
    const latest = (await stack.stores.catalog.getVersion(id, dataset!.latestVersion!))!;
    // Simulate the crash: the pointer names the version, but its record still says staged.
    await stack.stores.catalog.deleteVersion(id, latest.version);
    await stack.stores.catalog.stageVersion({ ...latest, state: 'staged' });
    const next = await publishDataset(medicalFacilities, stack.deps);
    expect(next.outcome).toBe('unchanged');
    expect((await stack.stores.catalog.getVersion(id, latest.version))?.state).toBe('published');
  });
});
