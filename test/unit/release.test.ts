import { describe, expect, it } from '@jest/globals';
import births from '../../datasets/births/definition.ts';
import deaths from '../../datasets/deaths/definition.ts';
import workforce from '../../datasets/health-workforce/definition.ts';
import { attack, protectWithGroups, sensitiveGroups, type Cell } from '../../src/disclosure/index.ts';
import { roundToBase } from '../../src/pipeline/aggregate.ts';
import { closedPeriods, duePeriods, snapshotPeriod } from '../../src/pipeline/periods.ts';
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

  it('a snapshot rounded to a base below k', () => {
    const input = structuredClone(workforce) as unknown as { release: { roundingBase: number } };
    input.release.roundingBase = 5;
    expect(issues(input as never)).toContain('the rounding base is at least k (10)');
  });
});
