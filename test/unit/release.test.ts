import { describe, expect, it } from 'vitest';
import births from '../../datasets/births/definition.ts';
import deaths from '../../datasets/deaths/definition.ts';
import workforce from '../../datasets/health-workforce/definition.ts';
import { attack, protectWithGroups, sensitiveGroups, type Cell } from '../../src/disclosure/index.ts';
import { Attacker } from '../../src/disclosure/attack.ts';
import { loadSolver } from '../../src/disclosure/lp.ts';
import { buildStructure } from '../../src/disclosure/structure.ts';
import { roundToBase } from '../../src/pipeline/aggregate.ts';
import { closedPeriods, duePeriods, periodDates, snapshotPeriod } from '../../src/pipeline/periods.ts';
import { datasetDefinitionSchema, type DatasetDefinitionInput } from '../../src/policy/dataset-definition.ts';

describe('the release calendar', () => {
  it('publishes a month once it has closed plus the lag, in Viet Nam time', () => {
    // 2025-02 ends at 2025-03-01 00:00 +07 = 2025-02-28 17:00Z; with 30 days' lag it is due from 2025-03-30 17:00Z.
    expect(closedPeriods('month', '2025-01', 30, new Date('2025-03-30T16:59:59Z'))).toEqual(['2025-01']);
    expect(closedPeriods('month', '2025-01', 30, new Date('2025-03-30T17:00:00Z'))).toEqual(['2025-01', '2025-02']);
  });

  it('spans ISO weeks across a year end and years with a lag', () => {
    // 2026-W01 runs from Monday 2025-12-29 to 2026-01-05 00:00 +07; a week's lag ends 2026-01-11 17:00Z.
    expect(closedPeriods('iso-week', '2025-W52', 7, new Date('2026-01-11T16:59:59Z'))).toEqual(['2025-W52']);
    expect(closedPeriods('iso-week', '2025-W52', 7, new Date('2026-01-11T17:00:00Z'))).toEqual(['2025-W52', '2026-W01']);
    expect(closedPeriods('year', '2025', 90, new Date('2026-03-31T16:00:00Z'))).toEqual([]);
    expect(closedPeriods('year', '2025', 90, new Date('2026-03-31T17:00:00Z'))).toEqual(['2025']);
  });

  it('publishes nothing before the first period closes, whatever the data hold', () => {
    expect(closedPeriods('month', '2027-01', 0, new Date('2026-12-02T00:00:00Z'))).toEqual([]);
  });

  it('names the snapshot of the quarter the run falls in (Viet Nam time)', () => {
    expect(snapshotPeriod('quarter', new Date('2026-09-30T16:59:59Z'))).toBe('2026-Q3');
    expect(snapshotPeriod('quarter', new Date('2026-09-30T17:00:00Z'))).toBe('2026-Q4');
    expect(snapshotPeriod('month', new Date('2026-12-02T00:00:00Z'))).toBe('2026-12');
    expect(duePeriods(workforce as never, new Date('2026-12-02T00:00:00Z'))).toEqual(['2026-Q4']);
  });

  it('takes the periods of births from the definition: from 2025-01 to the last closed month', () => {
    const due = duePeriods(births as never, new Date('2026-12-02T00:00:00Z'));
    expect(due[0]).toBe('2025-01');
    expect(due.at(-1)).toBe('2026-10');
    expect(due).toHaveLength(22);
  });
});

describe('rounding snapshots', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 10],
    [14, 10],
    [15, 20],
    [12_345, 12_350],
  ])('%i → %i at base 10', (value, rounded) => {
    expect(roundToBase(value, 10)).toBe(rounded);
  });
});

describe('the sensitive-dimension rule', () => {
  it('lists the groups of a table: cells that differ only in the sensitive dimension', () => {
    // 2 provinces × 3 causes × 2 sexes, cause sensitive: cells p*6 + c*2 + s.
    expect(sensitiveGroups(100, [2, 3, 2], 1)).toEqual([
      [100, 102, 104],
      [101, 103, 105],
      [106, 108, 110],
      [107, 109, 111],
    ]);
    expect(sensitiveGroups(0, [2, 3], -1)).toEqual([]);
  });

  it('suppresses whole a group whose members all share one value, zeros included', async () => {
    // One province × three causes, all 15 deaths of cause b; a second province with two causes.
    const cells: Cell[] = [
      { id: 'p1:a', vars: [0], value: 0 },
      { id: 'p1:b', vars: [1], value: 15 },
      { id: 'p1:c', vars: [2], value: 0 },
      { id: 'p2:a', vars: [3], value: 20 },
      { id: 'p2:b', vars: [4], value: 0 },
      { id: 'p2:c', vars: [5], value: 30 },
    ];
    const groups = sensitiveGroups(0, [2, 3], 1);

    const result = await protectWithGroups(cells, 6, 11, groups);

    expect(result.groupsSuppressed).toBe(1);
    expect(result.status.slice(0, 3)).toEqual(['secondary', 'secondary', 'secondary']);
    expect(result.status.slice(3)).toEqual(['published', 'published', 'published']);
    // From outside, any of the three causes may hold members.
    const intervals = await attack(cells, 6, result.status);
    expect([...intervals.values()].every((i) => i.max >= 1)).toBe(true);
  });

  it('leaves alone a group where two values are possible', async () => {
    const cells: Cell[] = [
      { id: 'a', vars: [0], value: 3 },
      { id: 'b', vars: [1], value: 40 },
      { id: 'c', vars: [2], value: 0 },
    ];
    const result = await protectWithGroups(cells, 3, 11, [[0, 1, 2]]);
    expect(result.groupsSuppressed).toBe(0);
    expect(result.status).toEqual(['primary', 'published', 'published']);
  });
});

describe('the sensitive-dimension rule over groups of categories', () => {
  // Provinces × diseases {dengue, measles, varicella}: joint count p*3 + d. Tables: national by
  // disease, and by province × disease group {dengue, other = measles + varicella}.
  const diseaseOf = (v: number) => v % 3;
  const tables = (byProvince: [number, number, number][]): { cells: Cell[]; groups: number[][] } => {
    const provinces = byProvince.length;
    const cells: Cell[] = [0, 1, 2].map((d) => ({
      id: `national:${d}`,
      vars: byProvince.map((_, p) => p * 3 + d),
      value: byProvince.reduce((sum, counts) => sum + counts[d]!, 0),
    }));
    byProvince.forEach(([dengue, measles, varicella], p) => {
      cells.push({ id: `p${p}:dengue`, vars: [p * 3], value: dengue });
      cells.push({ id: `p${p}:other`, vars: [p * 3 + 1, p * 3 + 2], value: measles + varicella });
    });
    const groups = [[0, 1, 2], ...Array.from({ length: provinces }, (_, p) => [3 + 2 * p, 4 + 2 * p])];
    return { cells, groups };
  };

  it('leaves published a group that shows one group of categories holding two possible values', async () => {
    const { cells, groups } = tables([
      [0, 12, 15],
      [30, 20, 11],
    ]);
    const result = await protectWithGroups(cells, 6, 11, groups, diseaseOf);
    expect(result.groupsSuppressed).toBe(0);
    expect(result.status.every((s) => s === 'published')).toBe(true);
  });

  it('hides a group whose group of categories can hold only one value (the national table shows it)', async () => {
    // No varicella anywhere: province 0's 27 "other" cases are all measles.
    const { cells, groups } = tables([
      [0, 27, 0],
      [5, 20, 0],
      [25, 15, 0],
    ]);
    const result = await protectWithGroups(cells, 9, 11, groups, diseaseOf);
    expect(result.groupsSuppressed).toBe(1);
    expect([result.status[3], result.status[4]]).toEqual(['secondary', 'secondary']);
    // From outside, dengue and measles both stay possible in province 0.
    const attacker = new Attacker(await loadSolver(), buildStructure(cells, 9), result.status);
    try {
      expect(attacker.maxWithin(3, [0])).toBeGreaterThanOrEqual(1);
      expect(attacker.maxWithin(4, [1])).toBeGreaterThanOrEqual(1);
    } finally {
      attacker.dispose();
    }
  });

  it('fails closed when even the hidden group shows one value', async () => {
    // Province 1's published dengue and the national dengue prove province 0 has none.
    const { cells, groups } = tables([
      [0, 27, 0],
      [30, 20, 0],
    ]);
    await expect(protectWithGroups(cells, 6, 11, groups, diseaseOf)).rejects.toThrow(
      'shows one value of the sensitive dimension for all its members, even suppressed whole',
    );
  });
});

describe('aggregate definitions refuse', () => {
  const valid = (): DatasetDefinitionInput => structuredClone(births) as unknown as DatasetDefinitionInput;
  const issues = (input: DatasetDefinitionInput): string[] => {
    const parsed = datasetDefinitionSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it('accepts births as it is', () => {
    expect(issues(valid())).toEqual([]);
  });

  it('a table that does not start with the release period', () => {
    const input = valid() as { tables: { dimensions: string[] }[] };
    input.tables[1]!.dimensions = ['province', 'month', 'mother_age_group'];
    expect(issues(input as never)).toContain('every table starts with the release period "month"');
  });

  it('a first period not written as the dimension writes it', () => {
    const input = valid() as { release: { first: string } };
    input.release.first = '2025';
    expect(issues(input as never)).toContain('"2025" is not a month as the dimension writes it');
  });

  it('a sensitive dimension that is not a dimension, or is the province', () => {
    const input = valid() as { sensitiveDimension: string };
    input.sensitiveDimension = 'weight';
    expect(issues(input as never)).toContain('"weight" is not a dimension');
    input.sensitiveDimension = 'province';
    expect(issues(input as never)).toContain('is an attribute of the persons counted, not the period or the province');
  });

  it('a group dimension that leaves out a code of the dimension it groups, or names two', () => {
    const input = structuredClone(deaths) as unknown as { dimensions: { name: string; source: { groups?: { members: string[] }[] } }[] };
    const groups = input.dimensions.find((d) => d.name === 'cause_group')!.source.groups!;
    expect(issues(input as never)).toEqual([]);
    groups.at(-1)!.members.pop();
    expect(issues(input as never)).toContain('puts every code of "cause_chapter" in exactly one group');
    groups.at(-1)!.members.push('XXII', 'I');
    expect(issues(input as never)).toContain('puts every code of "cause_chapter" in exactly one group');
  });

  it('a sensitive dimension that is a group dimension (the finest categories are the values)', () => {
    const input = structuredClone(deaths) as unknown as { sensitiveDimension: string };
    input.sensitiveDimension = 'cause_group';
    expect(issues(input as never)).toContain('names the finest categories (not a group dimension): tables may show groups of it');
  });

  it('a snapshot rounded to a base below k', () => {
    const input = structuredClone(workforce) as unknown as { release: { roundingBase: number } };
    input.release.roundingBase = 5;
    expect(issues(input as never)).toContain('the rounding base is at least k (10)');
  });
});

describe('periodDates: the days a period code covers', () => {
  it.each([
    ['2025', '2025-01-01', '2025-12-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2025-12', '2025-12-01', '2025-12-31'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2025-W01', '2024-12-30', '2025-01-05'],
    ['2026-W53', '2026-12-28', '2027-01-03'],
  ])('%s → %s … %s', (period, start, end) => {
    expect(periodDates(period)).toEqual({ start, end });
  });

  it('refuses what is no period code', () => {
    for (const bad of ['2025-13', '2025-Q5', '2025-W54', '25-01', '']) expect(() => periodDates(bad)).toThrow('is not a period code');
  });
});
