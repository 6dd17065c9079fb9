import { describe, expect, it } from 'vitest';
import { AggregateGrid, type Category } from '../../src/pipeline/aggregate-grid.ts';
import type { Dimension } from '../../src/policy/dataset-definition.ts';

const text = { vi: 'x', en: 'x' };
const dimension = (name: string, source: Dimension['source']): Dimension => ({ name, title: text, description: text, source });
const month = dimension('month', { kind: 'month', field: 'D', formats: ['%Y-%m-%d'] });
const province = dimension('province', { kind: 'province', field: 'P' });
const disease = dimension('disease', {
  kind: 'category',
  field: 'B',
  categories: ['a', 'b', 'c'].map((code) => ({ code, label: text, values: [code] })),
});
const diseaseGroup = dimension('disease_group', {
  kind: 'group',
  of: 'disease',
  groups: [
    { code: 'common', label: text, members: ['a', 'b'] },
    { code: 'rare', label: text, members: ['c'] },
  ],
});
const CATEGORIES: Record<string, Category[]> = {
  month: [{ code: '2026-01' }, { code: '2026-02' }],
  province: [{ code: '01' }, { code: '79' }],
  disease: [{ code: 'a' }, { code: 'b' }, { code: 'c' }],
};

/** Two months × two provinces × three diseases; a table by province and disease, one by disease group. */
function grid(): AggregateGrid {
  const dimensions = [month, province, disease, diseaseGroup];
  return new AggregateGrid(
    dimensions,
    [month, province, disease],
    (d) => CATEGORIES[d.name] ?? [{ code: 'common' }, { code: 'rare' }],
    [
      { id: 'by-province', title: text, dimensions: ['month', 'province', 'disease'] },
      { id: 'by-group', title: text, dimensions: ['month', 'disease_group'] },
    ],
    'month',
  );
}

describe('the grid an aggregate is protected on, period by period', () => {
  it('lays the tables out one after the other and finds each count its joint cell and period', () => {
    const g = grid();
    expect([g.varCount, g.cellCount, g.tables.map((t) => [t.first, t.perPeriod])]).toEqual([
      12,
      12 + 4,
      [
        [0, 6],
        [12, 2],
      ],
    ]);
    expect(g.jointIndex(['2026-02', '79', 'c'])).toBe(11);
    expect(g.periodOf(11)).toBe(1);
    expect(g.periodOf(5)).toBe(0);
    expect(g.jointIndex(['2026-03', '79', 'c'])).toBeUndefined();
    expect(g.categoriesOfCell(1, 3).map((c) => c.code)).toEqual(['2026-02', 'rare']);
    expect(g.cellIndex(1, 1, 1)).toBe(15);
  });

  it("a period's cells sum its own joint counts, numbered from 0, with ids of the whole table", () => {
    const g = grid();
    // Counts: 2026-01 all 1; 2026-02: 01/a 5, 79/c 7.
    const joint = Float64Array.from([1, 1, 1, 1, 1, 1, 5, 0, 0, 0, 0, 7]);
    const february = g.periodCells(1, joint);
    expect(february.varCount).toBe(6);
    expect(february.firstOfTable).toEqual([0, 6]);
    expect(february.cells.map((c) => [c.id, c.vars, c.value])).toEqual([
      ['by-province:6', [0], 5],
      ['by-province:7', [1], 0],
      ['by-province:8', [2], 0],
      ['by-province:9', [3], 0],
      ['by-province:10', [4], 0],
      ['by-province:11', [5], 7],
      ['by-group:2', [0, 1, 3, 4], 5],
      ['by-group:3', [2, 5], 7],
    ]);
    expect(g.periodCells(0, joint).cells.map((c) => c.value)).toEqual([1, 1, 1, 1, 1, 1, 4, 2]);
  });

  it('groups the cells that differ only in the sensitive dimension, and knows each joint cell its category', () => {
    const g = grid();
    const slice = g.periodCells(0, new Float64Array(12));
    const { groups, valueOfVar } = g.sensitiveGroups(slice, 'disease');
    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
    expect([0, 1, 2, 3, 4, 5].map(valueOfVar)).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
