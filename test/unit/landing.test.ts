import { describe, expect, it } from 'vitest';
import { fileRow } from '../../src/pipeline/engine.ts';
import { landingKey, selectNewestExports } from '../../src/pipeline/landing.ts';
import { VERSION_PATTERN, versionDate, versionId } from '../../src/catalog/version-id.ts';
import type { StoredObject } from '../../src/ports/object-store.ts';

const at = (iso: string): Date => new Date(iso);
const object = (key: string, lastModified: string, size = 100): StoredObject => ({ key, lastModified: at(lastModified), size });

describe('selectNewestExports', () => {
  it('picks the newest export of each province folder and of the top level, sorted by partition', () => {
    // Prepare
    const objects = [
      object('medical-facilities/79/a-2026-11-18.csv', '2026-11-18T01:00:00Z', 1),
      object('medical-facilities/79/b-2026-11-20.csv', '2026-11-20T01:00:00Z', 2),
      object('medical-facilities/79/c-2026-11-19.csv', '2026-11-19T01:00:00Z', 3),
      object('medical-facilities/01/giay-phep.csv', '2026-11-10T00:00:00Z', 4),
      object('medical-facilities/top-old.csv', '2026-01-01T00:00:00Z', 5),
      object('medical-facilities/top-new.csv', '2026-02-01T00:00:00Z', 6),
    ];

    // Act
    const selected = selectNewestExports('medical-facilities', objects);

    // Assess
    expect(selected).toEqual([
      { key: 'medical-facilities/top-new.csv', partition: '', provinceCode: undefined, lastModified: at('2026-02-01T00:00:00Z'), size: 6 },
      {
        key: 'medical-facilities/01/giay-phep.csv',
        partition: '01',
        provinceCode: '01',
        lastModified: at('2026-11-10T00:00:00Z'),
        size: 4,
      },
      {
        key: 'medical-facilities/79/b-2026-11-20.csv',
        partition: '79',
        provinceCode: '79',
        lastModified: at('2026-11-20T01:00:00Z'),
        size: 2,
      },
    ]);
  });

  it('does not depend on the listing order', () => {
    const objects = [
      object('ds/79/a.csv', '2026-11-18T00:00:00Z'),
      object('ds/79/b.csv', '2026-11-20T00:00:00Z'),
      object('ds/79/c.csv', '2026-11-19T00:00:00Z'),
    ];
    const forward = selectNewestExports('ds', objects).map((s) => s.key);
    const backward = selectNewestExports('ds', [...objects].reverse()).map((s) => s.key);
    expect(forward).toEqual(['ds/79/b.csv']);
    expect(backward).toEqual(['ds/79/b.csv']);
  });

  it('breaks a tie on lastModified by the greater key, whatever the order', () => {
    // Prepare
    const same = '2026-11-20T00:00:00Z';
    const objects = [object('ds/01/export-a.csv', same), object('ds/01/export-c.csv', same), object('ds/01/export-b.csv', same)];

    // Act
    const results = [selectNewestExports('ds', objects), selectNewestExports('ds', [...objects].reverse())];

    // Assess
    for (const result of results) expect(result.map((s) => s.key)).toEqual(['ds/01/export-c.csv']);
  });

  it('ignores folder markers, dotfiles, non-CSV names and other datasets', () => {
    // Prepare
    const newest = '2030-01-01T00:00:00Z';
    const objects = [
      object('ds/79/real.csv', '2026-01-01T00:00:00Z'),
      object('ds/79/', newest),
      object('ds/', newest),
      object('ds/79/.hidden.csv', newest),
      object('ds/.DS_Store', newest),
      object('ds/79/report.xlsx', newest),
      object('ds/79/real.csv.bz2', newest),
      object('ds/79/notes.json', newest),
      object('ds/79/no-extension', newest),
      object('ds-other/79/other.csv', newest),
      object('other/ds/79/other.csv', newest),
      object('ds.csv', newest),
    ];

    // Act
    const selected = selectNewestExports('ds', objects);

    // Assess
    expect(selected.map((s) => s.key)).toEqual(['ds/79/real.csv']);
  });

  it('takes gzip-compressed exports of the source format, and JSON exports only for a JSON source', () => {
    const objects = [
      object('ds/a.csv', '2026-01-01T00:00:00Z'),
      object('ds/b.csv.gz', '2026-01-02T00:00:00Z'),
      object('ds/c.ndjson.gz', '2026-01-03T00:00:00Z'),
    ];
    expect(selectNewestExports('ds', objects, 'csv').map((s) => s.key)).toEqual(['ds/b.csv.gz']);
    expect(selectNewestExports('ds', objects, 'json').map((s) => s.key)).toEqual(['ds/c.ndjson.gz']);
  });

  it('accepts .csv and .txt names in any letter case', () => {
    const selected = selectNewestExports('ds', [
      object('ds/01/A.CSV', '2026-01-01T00:00:00Z'),
      object('ds/02/b.txt', '2026-01-01T00:00:00Z'),
      object('ds/03/c.Csv', '2026-01-01T00:00:00Z'),
    ]);
    expect(selected.map((s) => s.key)).toEqual(['ds/01/A.CSV', 'ds/02/b.txt', 'ds/03/c.Csv']);
  });

  it('gives a province code only to partitions whose first folder has two digits', () => {
    // Prepare
    const t = '2026-01-01T00:00:00Z';
    const keys = ['ds/79/x.csv', 'ds/7/x.csv', 'ds/079/x.csv', 'ds/hcm/x.csv', 'ds/79/2026-01/x.csv', 'ds/2026-01/x.csv', 'ds/x.csv'];
    const objects = [...keys, 'ds/790/2026-01/x.csv', 'ds/hcm/79/x.csv'].map((k) => object(k, t));

    // Act
    const selected = selectNewestExports('ds', objects);

    // Assess
    expect(selected.map((s) => [s.partition, s.provinceCode])).toEqual([
      ['', undefined],
      ['079', undefined],
      ['2026-01', undefined],
      ['7', undefined],
      ['79', '79'],
      ['79/2026-01', '79'],
      ['790/2026-01', undefined],
      ['hcm', undefined],
      ['hcm/79', undefined],
    ]);
  });

  it('keeps one export per province × month: a re-export replaces its month only', () => {
    // Prepare: two months of Hồ Chí Minh City (January exported twice), one of Hà Nội.
    const objects = [
      object('encounters/79/2026-01/20260205T010000Z-bhyt.csv', '2026-02-05T01:00:00Z', 1),
      object('encounters/79/2026-02/20260305T010000Z-bhyt.csv', '2026-03-05T01:00:00Z', 2),
      object('encounters/79/2026-01/20260310T010000Z-bhyt-xuat-lai.csv', '2026-03-10T01:00:00Z', 3),
      object('encounters/01/2026-01/20260206T010000Z-bhyt.csv', '2026-02-06T01:00:00Z', 4),
    ];

    // Act
    const selected = selectNewestExports('encounters', objects);

    // Assess
    expect(selected.map((s) => [s.partition, s.provinceCode, s.size])).toEqual([
      ['01/2026-01', '01', 4],
      ['79/2026-01', '79', 3],
      ['79/2026-02', '79', 2],
    ]);
  });

  it('returns nothing for an empty listing', () => {
    expect(selectNewestExports('ds', [])).toEqual([]);
  });
});

describe('landingKey', () => {
  const when = at('2026-11-20T08:05:09.123Z');

  it('puts the export in the province folder with a UTC timestamp', () => {
    expect(landingKey('medical-facilities', 'giay-phep.csv', '79', when)).toBe('medical-facilities/79/20261120T080509Z-giay-phep.csv');
  });

  it('puts it at the top level when the province is unknown', () => {
    expect(landingKey('medical-facilities', 'giay-phep.csv', undefined, when)).toBe('medical-facilities/20261120T080509Z-giay-phep.csv');
  });

  it.each([
    ['spaces and brackets', 'giấy phép (1).csv', 'giấy-phép-1-.csv'],
    ['path separators', '../../etc/passwd.csv', '..-..-etc-passwd.csv'],
    ['backslashes and colons', 'C:\\exports\\a b.csv', 'C-exports-a-b.csv'],
    ['quotes, hash, question mark', `a"b'c#d?e.csv`, 'a-b-c-d-e.csv'],
    ['letters, digits, dot, underscore and hyphen are kept', 'Sở_Y-tế.2026.csv', 'Sở_Y-tế.2026.csv'],
    ['a decomposed (macOS) name is composed, not mangled', 'giấy phép.csv'.normalize('NFD'), 'giấy-phép.csv'],
  ])('sanitises the name: %s', (_name, fileName, safe) => {
    // Act
    const key = landingKey('ds', fileName, '01', when);

    // Assess
    expect(key).toBe(`ds/01/20261120T080509Z-${safe}`);
    expect(key.split('/')).toHaveLength(3);
  });

  it("puts a month's export in the month's folder below the province's", () => {
    expect(landingKey('encounters', 'bhyt-79.csv', '79', when, '2026-01')).toBe('encounters/79/2026-01/20261120T080509Z-bhyt-79.csv');
    expect(landingKey('encounters', 'bhyt.csv', undefined, when, '2026-01')).toBe('encounters/2026-01/20261120T080509Z-bhyt.csv');
  });

  it.each(['2026-1', '2026-13', '2026-00', '26-01', '2026/01', '../2026-01'])('refuses a month written %s', (month) => {
    expect(() => landingKey('encounters', 'bhyt.csv', '79', when, month)).toThrow(/not YYYY-MM/);
  });

  it("lands a month's export where selectNewestExports finds it, with the province code and the month as its partition", () => {
    const key = landingKey('encounters', 'bhyt.csv', '79', when, '2026-01');
    const [selected] = selectNewestExports('encounters', [{ key, lastModified: when, size: 1 }]);
    expect(selected).toEqual({ key, partition: '79/2026-01', provinceCode: '79', lastModified: when, size: 1 });
  });

  it('lands where selectNewestExports finds it, with the province code', () => {
    // Prepare
    const key = landingKey('medical-facilities', 'giấy phép.csv', '46', when);

    // Act
    const [selected] = selectNewestExports('medical-facilities', [{ key, lastModified: when, size: 1 }]);

    // Assess
    expect(selected).toEqual({ key, partition: '46', provinceCode: '46', lastModified: when, size: 1 });
  });
});

describe('versionId and versionDate', () => {
  it('formats a UTC timestamp in ISO 8601 basic format, dropping milliseconds', () => {
    expect(versionId(at('2026-11-25T21:35:50.999Z'))).toBe('20261125T213550Z');
    expect(versionId(at('2026-01-02T03:04:05+07:00'))).toBe('20260101T200405Z');
  });

  it('matches VERSION_PATTERN, which refuses other shapes', () => {
    expect(versionId(at('2026-11-25T21:35:50Z'))).toMatch(VERSION_PATTERN);
    for (const bad of ['2026-11-25T21:35:50Z', '20261125T213550', '20261125213550Z', '20261125T213550Z/..', 'latest']) {
      expect(VERSION_PATTERN.test(bad)).toBe(false);
    }
  });

  it('round-trips to the same second', () => {
    // Prepare
    const instants = ['2025-07-01T00:00:00.000Z', '2026-11-25T21:35:50.123Z', '2030-12-31T23:59:59.999Z', '2000-02-29T12:00:00.000Z'];

    for (const iso of instants) {
      // Act
      const back = versionDate(versionId(at(iso)));

      // Assess
      expect(back).toBe(`${iso.slice(0, 19)}Z`);
      expect(new Date(back).getTime()).toBe(Math.floor(at(iso).getTime() / 1000) * 1000);
    }
  });

  it('sorts as text in the order of publication', () => {
    // Prepare
    const instants = [
      '2026-11-25T21:35:50Z',
      '2025-07-01T00:00:00Z',
      '2026-11-25T21:35:49Z',
      '2026-02-01T00:00:00Z',
      '2026-11-25T09:00:00Z',
      '2025-12-31T23:59:59Z',
    ].map(at);

    // Act
    const byText = instants.map(versionId).sort();

    // Assess
    const byTime = [...instants].sort((a, b) => a.getTime() - b.getTime()).map(versionId);
    expect(byText).toEqual(byTime);
  });
});

describe('fileRow', () => {
  it('without rejected lines, record n is spreadsheet row n + 1 (header = row 1)', () => {
    expect(fileRow(1n, [])).toBe(2);
    expect(fileRow(2n, [])).toBe(3);
    expect(fileRow(1000n, [])).toBe(1001);
  });

  it('each parser-rejected line before the record shifts it down by one', () => {
    expect(fileRow(1n, [2n])).toBe(3);
    expect(fileRow(1n, [2n, 3n])).toBe(4);
    expect(fileRow(2n, [3n])).toBe(4);
    expect(fileRow(3n, [3n, 5n])).toBe(6);
  });

  it('rejected lines after the record do not move it', () => {
    expect(fileRow(1n, [3n])).toBe(2);
    expect(fileRow(2n, [10n, 11n])).toBe(3);
  });

  it('agrees with counting the accepted lines of a simulated file', () => {
    // Prepare: a file of 40 data lines (rows 2..41) with a fixed, irregular set of rejected rows
    const rejected = [2n, 3n, 7n, 8n, 9n, 15n, 30n, 41n];
    const accepted: number[] = [];
    for (let row = 2; row <= 41; row += 1) if (!rejected.includes(BigInt(row))) accepted.push(row);

    // Act
    const computed = accepted.map((_, i) => fileRow(BigInt(i + 1), rejected));

    // Assess
    expect(computed).toEqual(accepted);
  });
});
