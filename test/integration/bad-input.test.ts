import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { AppError, InputRefusedError, PublishBlockedError } from '../../src/errors.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const id = medicalFacilities.id;
const HEADER = 'TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD';
const ROW = 'Phòng khám An Bình,001/HCM-GPHĐ,"1 Lê Lợi, TP.Hồ Chí Minh",2021-03-04 00:00:00,Đang hoạt động,Phòng khám đa khoa,TEST-001';
const ROW2 = 'Phòng khám Hòa Hảo,002/HCM-GPHĐ,"2 Lê Lợi, TP.Hồ Chí Minh",None,Đang hoạt động,Phòng khám đa khoa,TEST-002';
const SUITES = join(import.meta.dirname, '../fixtures/csv-suites');

describe('bad input: a clear report naming file, row and field, and nothing published', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => stack.close());
  beforeEach(async () => {
    const landed = await stack.stores.landing.list(`${id}/`);
    if (landed.length) await stack.stores.landing.delete(landed.map((o) => o.key));
  });

  let publishedBefore: string[] = [];
  async function publishExport(name: string, body: Buffer | string) {
    publishedBefore = (await stack.stores.publicFiles.list('datasets/')).map((o) => o.key);
    await stack.stores.landing.put(`${id}/${name}`, body);
    return publishDataset(medicalFacilities, stack.deps).catch((e: unknown) => e);
  }
  /** The refused run added no file (earlier good runs may have published). */
  const nothingPublished = async () =>
    expect((await stack.stores.publicFiles.list('datasets/')).map((o) => o.key)).toEqual(publishedBefore);

  it.each<[string, string, Buffer | string]>([
    ['UTF-8 with a byte-order mark', 'bom.csv', `\ufeff${HEADER}\n${ROW}\n${ROW2}\n`],
    [
      'UTF-16 (LE, with BOM), transcoded',
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n${ROW}\r\n${ROW2}\r\n`, 'utf16le')]),
    ],
    ['CR-only line ends', 'cr.csv', `${HEADER}\r${ROW}\r${ROW2}\r`],
    ['gzip', 'gz.csv.gz', gzipSync(`${HEADER}\n${ROW}\n${ROW2}\n`)],
  ])('reads %s', async (_name, file, body) => {
    const report = await publishExport(file, body);
    expect(report).toMatchObject({ outcome: expect.stringMatching(/published|unchanged/), rowsRead: 2, rowsRejected: 0, rowCount: 2 });
  });

  it.each<[string, string, Buffer | string, RegExp]>([
    ['Latin-1 bytes', 'latin1.csv', Buffer.from(`${HEADER}\n${ROW}\n${ROW2}\n`, 'latin1'), /latin1\.csv, row 2.*not valid UTF-8/],
    [
      'a NUL byte',
      'nul.csv',
      `${HEADER}\n${ROW}\nPhòng\u0000 khám,003,x,None,y,z,T3\n`,
      /nul\.csv, row 3, field TenCoSo: contains control characters/,
    ],
    ['a ragged row', 'ragged.csv', `${HEADER}\n${ROW}\n${ROW2},extra\n`, /ragged\.csv, row 3.*wrong number of fields/],
    ['a quote never closed (truncated)', 'truncated.csv', `${HEADER}\n${ROW}\n"Phòng khám C,003,x`, /truncated\.csv, row 3/],
    [
      'a 10 MB field',
      'big.csv',
      `${HEADER}\n${ROW}\n"${'a'.repeat(10 * 1024 * 1024)}",004,x,None,y,z,T4\n`,
      /big\.csv, row 3, field TenCoSo: longer than 10000 characters/,
    ],
    [
      'an invalid date',
      'date.csv',
      `${HEADER}\n${ROW}\nA,005,x,2023-13-45 00:00:00,y,z,T5\n`,
      /date\.csv, row 3, field NgayCap: not a date/,
    ],
  ])('blocks %s (over the 1%% rejected-row threshold)', async (_name, file, body, message) => {
    const error = await publishExport(file, body);
    expect(error).toBeInstanceOf(PublishBlockedError);
    expect((error as Error).message).toMatch(message);
    await nothingPublished();
  });

  it.each<[string, string, Buffer | string, string]>([
    ['an empty file', 'empty.csv', '', `${id}/empty.csv: the file is empty (no header row)`],
    [
      'a header without a required column',
      'nohead.csv',
      `TenCoSo,DiaChi\nA,x\n`,
      `${id}/nohead.csv, row 1, field SoGiayPhep: a required column is missing from the header`,
    ],
    [
      'a preamble before the header',
      'preamble.csv',
      `Báo cáo ngày 20/11/2026\n${HEADER}\n${ROW}\n`,
      `${id}/preamble.csv, row 1, field TenCoSo: a required column is missing from the header`,
    ],
    ['a header only', 'header.csv', `${HEADER}\n`, `${id}/header.csv: the export holds no rows`],
  ])('refuses %s', async (_name, file, body, message) => {
    const error = await publishExport(file, body);
    expect(error).toBeInstanceOf(InputRefusedError);
    expect((error as Error).message).toBe(message);
    await nothingPublished();
  });

  it('refuses a corrupted gzip export', async () => {
    const gz = gzipSync(`${HEADER}\n${ROW}\n`);
    const error = await publishExport('broken.csv.gz', gz.subarray(0, gz.length - 12));
    expect(error).toBeInstanceOf(InputRefusedError);
    expect((error as Error).message).toMatch(new RegExp(`^${id}/broken\\.csv\\.gz: not a valid gzip file`));
    await nothingPublished();
  });

  const corpus = ['csv-spectrum', 'csvkit'].flatMap((suite) =>
    readdirSync(join(SUITES, suite))
      .filter((f) => /\.(csv|tsv)$/.test(f))
      .map((f) => [`${suite}/${f}`, join(SUITES, suite, f)] as const),
  );

  it.each(corpus)('refuses or blocks %s with a report naming the file', async (name, path) => {
    const file = `suite-${name.replace(/[^a-z0-9.]+/gi, '-')}.csv`;
    const error = await publishExport(file, readFileSync(path));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBeLessThan(500);
    expect((error as Error).message).toContain(`${id}/${file}`);
    await nothingPublished();
  });
});
