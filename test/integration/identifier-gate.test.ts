import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { IdentifierGateError } from '../../src/errors.ts';
import { defineDataset, type DatasetDefinitionInput, type RegistryDefinition } from '../../src/policy/dataset-definition.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

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

  it('refuses the version, names file, column, row and the masked value, and publishes nothing', async () => {
    const error = await publishDataset(notesMarkedOpen(), stack.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentifierGateError);
    const hits = (error as IdentifierGateError).hits;
    // Found in the data file and again in the quality report's copy of the rows that share a licence number.
    expect(hits).toEqual([
      { file: 'medical-facilities.csv', column: 'notes', row: 2, kind: 'phone', masked: '09******56' },
      { file: 'quality-report.json', row: expect.any(Number), kind: 'phone', masked: '09******56' },
    ]);
    expect((error as Error).message).toContain('medical-facilities.csv, column notes, row 2, phone 09******56');
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
