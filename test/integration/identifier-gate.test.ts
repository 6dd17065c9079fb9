import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { IdentifierGateError } from '../../src/errors.ts';
import { defineDataset, type DatasetDefinitionInput, type RegistryDefinition } from '../../src/policy/dataset-definition.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/medical-facilities/root-export.csv');

/** The definition as a careless editor might change it: the free-text notes wrongly marked open and published. */
function notesMarkedOpen(allow: RegistryDefinition['identifierAllow'] = []) {
  const base = medicalFacilities as RegistryDefinition;
  return defineDataset({
    ...base,
    fields: [...base.fields, { name: 'GhiChu', class: 'open', description: { vi: 'Ghi chú', en: 'Notes' } }],
    columns: [
      ...base.columns,
      {
        name: 'notes',
        type: 'string',
        title: { vi: 'Ghi chú', en: 'Notes' },
        description: { vi: 'Ghi chú', en: 'Notes' },
        source: { kind: 'text', field: 'GhiChu' },
      },
    ],
    identifierAllow: allow,
  } as DatasetDefinitionInput);
}

describe('the identifier gate blocks a leak that a wrong definition lets through', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.stores.landing.uploadFile(`${medicalFacilities.id}/20261120T000000Z-root-export.csv`, FIXTURE);
  });
  afterAll(async () => stack.close());

  it('refuses the version, names the source file, line, column and the masked value, and publishes nothing', async () => {
    // 1 row of 5 hits: more than the 0.1 % a registry may withhold.
    const error = await publishDataset(notesMarkedOpen(), stack.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentifierGateError);
    const hits = (error as IdentifierGateError).hits;
    expect(hits).toEqual([
      { file: `${medicalFacilities.id}/20261120T000000Z-root-export.csv`, column: 'notes', line: 4, kind: 'phone', masked: '09******56' },
    ]);
    expect((error as Error).message).toContain('root-export.csv, column notes, line 4, phone 09******56');
    expect((error as Error).message).toContain('1 of 5 rows, more than the 0.10 % this dataset may withhold');
    expect((error as Error).message).not.toContain('0903');
    expect(await stack.stores.publicFiles.list('')).toEqual([]);
    expect(await stack.stores.catalog.listVersions(medicalFacilities.id)).toEqual([]);
  });

  it('lets the same column through only with an explicit allowance in the definition', async () => {
    const report = await publishDataset(
      notesMarkedOpen([{ column: 'notes', kinds: ['phone'], reason: 'test: the facility’s public switchboard' }]),
      stack.deps,
    );
    expect(report.outcome).toBe('published');
  });
});

describe('a registry withholds the rows the gate hits, up to its threshold, and publishes the rest', () => {
  const ROWS = 2000;
  const definition = medicalFacilities as RegistryDefinition;
  const key = `${definition.id}/20261125T000000Z-export.csv`;
  let stack: TestStack;
  let rows: Record<string, string>[];
  beforeAll(async () => {
    rows = parse(await exportToString(findGenerator(definition.id)!, { rows: ROWS, seed: 20261125 }), { columns: true }) as Record<
      string,
      string
    >[];
    // A facility name with a line break, so that source lines and CSV rows part ways after it.
    rows[5]!.TenCoSo = 'Phòng khám đa khoa\nAn Bình';
  });
  beforeEach(async () => {
    stack = await startTestStack();
  });
  afterEach(async () => stack.close());

  /** The export with a clerk-typed phone number in the address of each of `at`; the line each starts on. */
  async function land(at: number[]): Promise<Map<number, number>> {
    const planted = rows.map((r, i) =>
      at.includes(i) ? { ...r, DiaChi: `${r.DiaChi} (ĐT chủ: 0912\u2013345\u2013${String(i % 1000).padStart(3, '0')})` } : r,
    );
    const text = stringify(planted, { header: true, columns: Object.keys(rows[0]!) });
    await stack.stores.landing.put(key, text);
    return new Map(at.map((i) => [i, text.slice(0, text.indexOf(`345\u2013${String(i % 1000).padStart(3, '0')})`)).split('\n').length]));
  }

  it('1 hit in 2,000 rows: 1,999 publish; the steward report names source file and line, never the value', async () => {
    // Prepare
    const lines = await land([1234]);

    // Act
    const report = await publishDataset(definition, stack.deps);

    // Assess
    expect(report.outcome).toBe('published');
    expect(report.rowsRead).toBe(ROWS);
    expect(report.withheldRows).toBe(1);
    expect(report.withheld).toEqual([{ file: key, line: lines.get(1234), column: 'address', kind: 'phone', masked: '09******34' }]);
    expect(lines.get(1234)).toBe(1234 + 3); // header, and the line break in row 5
    expect([report.rowsRejected, report.duplicateRowsCollapsed, report.rowCount]).toEqual([0, 0, ROWS - 1]);
    const csv = (await readObject(stack.stores, report.files.find((f) => f.format === 'csv')!.key)).toString('utf8');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(report.rowCount + 1); // rows end in CRLF; row 5's line break is a LF
    expect(csv).not.toContain('345\u2013234');
    expect(csv).not.toContain('ĐT chủ');
    const quality = JSON.parse(
      (await readObject(stack.stores, report.files.find((f) => f.format === 'quality-report')!.key)).toString('utf8'),
    );
    expect(quality.withheldRowsAtMost).toBe(10);
    expect(JSON.stringify(quality)).not.toMatch(new RegExp(`line|withheld\\b|${lines.get(1234)}\\b`));
  });

  it('10 hits in 2,000 rows (more than 0.1 %): nothing publishes, and the error names each source line', async () => {
    // Prepare
    const at = [3, 250, 500, 750, 1000, 1200, 1400, 1600, 1800, 1999];
    const lines = await land(at);

    // Act
    const error = await publishDataset(definition, stack.deps).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(IdentifierGateError);
    expect((error as IdentifierGateError).hits.map((h) => [h.file, h.line, h.column])).toEqual(
      at.map((i) => [key, lines.get(i), 'address']),
    );
    expect((error as Error).message).toContain('10 of 2000 rows, more than the 0.10 %');
    expect(await stack.stores.publicFiles.list('')).toEqual([]);
    expect(await stack.stores.catalog.listVersions(definition.id)).toEqual([]);
  });
});
