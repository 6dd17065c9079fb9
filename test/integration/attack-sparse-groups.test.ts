import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import births from '../../datasets/births/definition.ts';
import deaths from '../../datasets/deaths/definition.ts';
import healthCareEncounters from '../../datasets/health-care-encounters/definition.ts';
import notifiableDiseases from '../../datasets/notifiable-diseases/definition.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import {
  aggregate,
  codeColumn,
  groupsShowingOneValue,
  sensitiveIn,
  downloadTables,
  groupBySensitive,
  isSuppressed,
  landExport,
  publishAt,
  tableDimensions,
  type Row,
  type Tables,
} from '../support/attacker.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

/**
 * Attribute disclosure in sparse tables: cells that differ only in the sensitive dimension (cause
 * of death, mother's age) form a group. If only one cell of a group can hold anyone while the
 * others are published 0, every member shares that value: the attacker learns it without
 * narrowing any count.
 */

const CASES: { definition: DatasetDefinition; file: string; at: string; rows: number }[] = [
  // 2025 and 2026 (2026 holds only the late notifications: a sparse period). Deaths' linked tables
  // make a slow LP at 20,000 rows; 5,000 still leave many sparse groups.
  { definition: deaths, file: '20261201T000000Z-bao-tu.csv', at: '2027-04-02T00:00:00Z', rows: 5_000 },
  // 2025-01 … 2026-10 (early 2026 holds only late certificates, later months nothing).
  { definition: births, file: '20261201T000000Z-khai-sinh.csv', at: '2026-12-02T00:00:00Z', rows: 20_000 },
  // 2025-W01 … 2026-W47 at 600 cases a year (the sample's size): most weeks hold a few cases, so
  // by province nearly every group shows "other diseases" only, or nothing.
  { definition: notifiableDiseases, file: '20261201T000000Z-ca-benh.csv', at: '2026-12-02T00:00:00Z', rows: 600 },
  // 2025-01 … 2025-04 at 3,000 encounters a year (a thousandth of the country's): by province
  // and chapter nearly every cell is small, and most groups hold one or two chapters. Four
  // months, not the year: each month's grid is 6,732 joint cells under one LP.
  { definition: healthCareEncounters, file: '20261201T000000Z-bhyt.csv', at: '2025-06-20T00:00:00Z', rows: 3_000 },
];

const describeGroup = (definition: DatasetDefinition, rows: Row[]) =>
  rows.map((r) => `${Object.values(r).slice(0, -2).join('/')}=${isSuppressed(r) ? 'S' : r.count}`).join(' ');

describe.each(CASES)('sensitive-dimension groups of $definition.id', ({ definition, file, at, rows }) => {
  let stack: TestStack;
  let tables: Tables;

  beforeAll(async () => {
    stack = await startTestStack();
    await landExport(stack, definition.id, file, await exportToString(findGenerator(definition.id)!, { rows, seed: 7 }));
    const report = await publishAt(stack, definition, at);
    expect(report.outcome).toBe('published');
    tables = await downloadTables(stack, (await stack.deps.catalog.getVersion(definition.id, report.version))!);
  }, 600_000);
  afterAll(async () => stack?.close());

  const groupsOfSensitiveTables = () => {
    const def = aggregate(definition);
    const dims = tableDimensions(def);
    const sensitiveTables = [...tables].filter(([name]) => sensitiveIn(def, dims.get(name)!) !== undefined);
    return sensitiveTables.flatMap(([name, rows]) =>
      [...groupBySensitive(def, dims.get(name)!, rows)].map(([key, g]) => ({ name, key, g })),
    );
  };

  it('has tables with the sensitive dimension, and groups with members in them', () => {
    const groups = groupsOfSensitiveTables();
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter(({ g }) => g.some((r) => isSuppressed(r) || r.count !== '0')).length).toBeGreaterThan(0);
  });

  // Where a table shows the sensitive dimension itself, each cell is one value: the rule reads
  // straight off the rows.
  const groupsOfFinestTables = () =>
    groupsOfSensitiveTables().filter(({ name }) => {
      const def = aggregate(definition);
      return sensitiveIn(def, tableDimensions(def).get(name)!) === def.sensitiveDimension;
    });

  it('no group shows exactly one cell that is suppressed or non-zero, the others published 0', () => {
    const exposed = groupsOfFinestTables()
      .filter(({ g }) => g.filter((r) => isSuppressed(r) || r.count !== '0').length === 1)
      .map(({ name, key, g }) => `${name} ${key}: ${describeGroup(definition, g)}`);
    expect(exposed).toEqual([]);
  });

  it('no group has a single published non-zero cell, the others published 0', () => {
    const exposed = groupsOfFinestTables()
      .filter(({ g }) => {
        const published = g.filter((r) => !isSuppressed(r));
        return published.length === g.length && published.filter((r) => r.count !== '0').length === 1;
      })
      .map(({ name, key, g }) => `${name} ${key}: ${describeGroup(definition, g)}`);
    expect(exposed).toEqual([]);
  });

  // A cell that shows a group of values ("other diseases") holds as many values as the outsider
  // cannot rule out from every table of the period: the LP decides.
  it('every group that may hold someone leaves the outsider two values that could hold them', async () => {
    const def = aggregate(definition);
    const periodColumn = codeColumn(def, def.release.period);
    const periods = [...new Set([...tables.values()].flatMap((rows) => rows.map((r) => r[periodColumn]!)))];
    expect(periods.length).toBeGreaterThan(0);
    const exposed: string[] = [];
    for (const period of periods) exposed.push(...(await groupsShowingOneValue(def, tables, period)));
    expect(exposed).toEqual([]);
  }, 600_000);
});
