import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import births from '../../datasets/births/definition.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import { attack, isProtected, type Cell, type CellStatus } from '../../src/disclosure/index.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * The attacker's view: only the published files. It rebuilds the additivity between the two births
 * tables (per month and province, the counts by sex and by mother's age group sum to the same total)
 * and computes by linear programming the feasible interval of every suppressed count.
 */
describe('an attacker with the published births tables cannot narrow any suppressed count', () => {
  let stack: TestStack;
  let report: PublishReport;
  let byMonthSex: Record<string, string>[];
  let byMotherAge: Record<string, string>[];

  beforeAll(async () => {
    stack = await startTestStack();
    const generator = findGenerator('births')!;
    await stack.stores.landing.put('births/20261125T000000Z-khai-sinh.csv', await exportToString(generator, { rows: 12_000, seed: 7 }));
    report = await publishDataset(births, stack.deps);
    const table = async (name: string) =>
      parse(await readObject(stack.stores, `datasets/births/${report.version}/births-${name}.csv`), { bom: true, columns: true }) as Record<
        string,
        string
      >[];
    byMonthSex = await table('by-month-province-sex');
    byMotherAge = await table('by-month-province-mother-age');
  }, 120_000);
  afterAll(async () => stack.close());

  it('needed complementary suppressions for this input (so the check below is not vacuous)', () => {
    expect(report.runLog!.primarySuppressions).toBeGreaterThan(0);
    expect(report.runLog!.secondarySuppressions).toBeGreaterThan(0);
  });

  it('every suppressed cell keeps an interval that is not inside 1–10 and not narrower than 11', async () => {
    // Joint unknowns: province × month × sex × age group, as the attacker would set them up.
    const months = [...new Set(byMonthSex.map((r) => r.month!))];
    const sexes = [...new Set(byMonthSex.map((r) => r.sex_code!))];
    const ages = [...new Set(byMotherAge.map((r) => r.mother_age_group!))];
    const provinces = [...new Set(byMonthSex.map((r) => r.province_code!))];
    const index = (p: number, m: number, s: number, a: number) => ((p * months.length + m) * sexes.length + s) * ages.length + a;
    const varCount = provinces.length * months.length * sexes.length * ages.length;
    const cells: Cell[] = [];
    const status: CellStatus[] = [];
    const add = (id: string, vars: number[], row: Record<string, string>) => {
      cells.push({ id, vars, value: row.count === '' ? 0 : Number(row.count) });
      status.push(row.count_status === 'suppressed' ? 'primary' : 'published');
    };
    for (const row of byMonthSex) {
      const [p, m, s] = [provinces.indexOf(row.province_code!), months.indexOf(row.month!), sexes.indexOf(row.sex_code!)];
      add(
        `A:${p}:${m}:${s}`,
        ages.map((_, a) => index(p, m, s, a)),
        row,
      );
    }
    for (const row of byMotherAge) {
      const [p, m, a] = [provinces.indexOf(row.province_code!), months.indexOf(row.month!), ages.indexOf(row.mother_age_group!)];
      add(
        `B:${p}:${m}:${a}`,
        sexes.map((_, s) => index(p, m, s, a)),
        row,
      );
    }

    const intervals = await attack(cells, varCount, status);

    const suppressed = status.filter((s) => s !== 'published').length;
    expect(intervals.size).toBe(suppressed);
    const exposed = [...intervals].filter(([, interval]) => !isProtected(interval, 11)).map(([i, interval]) => [cells[i]!.id, interval]);
    expect(exposed).toEqual([]);
  });
});
