import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import registeredMedicines from '../../datasets/registered-medicines/definition.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import { parse } from 'csv-parse/sync';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';

describe('registered-medicines from the registry’s NDJSON export', () => {
  let stack: TestStack;
  let report: PublishReport;
  let source: Record<string, unknown>[];

  beforeAll(async () => {
    stack = await startTestStack();
    const text = await exportToString(findGenerator('registered-medicines')!, { rows: 800, seed: 11, format: 'ndjson' });
    source = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    await stack.stores.landing.put('registered-medicines/20261125T000000Z-drug-registry.ndjson', text);
    report = await publishDataset(registeredMedicines, stack.deps);
  });
  afterAll(async () => stack.close());

  it('publishes every registration and reports the wrappers and fields nobody classified', () => {
    expect(report.outcome).toBe('published');
    expect(report.rowsRead).toBe(800);
    expect(report.rowsRejected).toBe(0);
    const stripped = Object.fromEntries(report.stripped.map((s) => [s.field, s.class]));
    expect(stripped).toMatchObject({ drugProperties: 'business-secret', price: 'business-secret' });
    for (const wrapper of ['_id', 'updatedAt', 'drugImageUrl']) {
      if (source.some((r) => wrapper in r)) expect(stripped[wrapper]).toBe('unclassified');
    }
  });

  it('normalises the look-alike Ð in decision numbers and never publishes excipients or prices', async () => {
    const csv = await readObject(stack.stores, `datasets/registered-medicines/${report.version}/registered-medicines.csv`);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(source.some((r) => String(r.drugNum).includes('\u00D0'))).toBe(true);
    expect(rows.some((r) => r.decision_number!.includes('\u00D0'))).toBe(false);
    expect(rows.filter((r) => r.decision_number!.includes('QĐ')).length).toBeGreaterThan(0);
    const text = csv.toString('utf8');
    const secrets = source.flatMap((r) => [r.drugProperties, r.price]).filter((v): v is string => typeof v === 'string' && v.length > 8);
    expect(secrets.length).toBeGreaterThan(100);
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});
