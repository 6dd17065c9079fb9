import { Attacker } from './attack.ts';
import { loadSolver } from './lp.ts';
import { protectStructure } from './protect.ts';
import { assertThreshold, countSuppressions } from './rules.ts';
import { buildStructure, validateCells } from './structure.ts';
import type { Cell, CellStatus } from './types.ts';

/**
 * Attribute disclosure through a sensitive dimension (cause of death, disease, mother's age…):
 * a group of cells that differ only in that dimension tells that all its members share one value
 * when only one of its cells can be non-zero (the others published as 0). `l = 2` distinct values
 * must stay possible in every group with members.
 */

/**
 * The groups of one table laid out in mixed-radix order from cell `first` (sizes per dimension):
 * the cells that differ only in the dimension at `sensitive`. None when the table lacks it.
 */
export function sensitiveGroups(first: number, sizes: number[], sensitive: number): number[][] {
  if (sensitive < 0) return [];
  const stride = sizes.slice(sensitive + 1).reduce((a, b) => a * b, 1);
  const size = sizes.reduce((a, b) => a * b, 1);
  const groups: number[][] = [];
  for (let c = 0; c < size; c += 1) {
    // The first cell of each group has digit 0 in the sensitive dimension.
    if (Math.floor(c / stride) % sizes[sensitive]! !== 0) continue;
    groups.push(Array.from({ length: sizes[sensitive]! }, (_, value) => first + c + value * stride));
  }
  return groups;
}

export interface GroupProtection {
  status: CellStatus[];
  primary: number;
  secondary: number;
  /** Groups suppressed whole by the sensitive-dimension rule. */
  groupsSuppressed: number;
}

/**
 * Primary and complementary suppression (protect), then the sensitive-dimension rule: every group
 * with members where fewer than two values of the sensitive dimension could hold anyone is
 * suppressed whole, zeros included (from outside, a wholly suppressed group is one where any of
 * its values may be held). More suppression only relaxes the attacker's constraints, so the
 * primary cells stay protected.
 *
 * The values are the finest ones: `valueOfVar` gives the sensitive category of each joint
 * variable, so a cell that shows a group of categories ("other diseases") holds as many values as
 * the attacker cannot prove empty (a national table may show that only one of them occurred that
 * week). Without it, each cell is one value. Groups with more joint variables (national ones) are
 * decided first: hiding their zeros reopens the values of the groups inside them. Last, the
 * attacker (the LP over everything published) checks every group that relied on finer values or
 * was hidden: two values must stay possible, else the group is hidden too, or if it already was,
 * the release fails.
 */
export async function protectWithGroups(
  cells: Cell[],
  varCount: number,
  k: number,
  groups: number[][],
  valueOfVar?: (v: number) => number,
): Promise<GroupProtection> {
  assertThreshold(k);
  validateCells(cells, varCount);
  const structure = buildStructure(cells, varCount);
  const { status } = await protectStructure(structure, k);
  // A published non-zero, or a suppressed cell: the attacker knows it is at least 1 (see lp.ts).
  const knownHeld = (cell: number) => cells[cell]!.value > 0;
  const isPublishedZero = (cell: number) => status[cell] === 'published' && cells[cell]!.value === 0;
  // The finest values of a group: each cell's joint variables by sensitive category.
  const valuesOf = (group: number[]): { cell: number; vars: number[] }[] =>
    group.flatMap((cell) => {
      if (!valueOfVar) return [{ cell, vars: cells[cell]!.vars }];
      const byValue = new Map<number, number[]>();
      for (const v of cells[cell]!.vars) {
        const value = valueOfVar(v);
        const vars = byValue.get(value);
        if (vars) vars.push(v);
        else byValue.set(value, [v]);
      }
      return [...byValue.values()].map((vars) => ({ cell, vars }));
    });
  // Cheaply: a value is possible while one of its variables is under no published 0.
  const possibleCheaply = (vars: number[]) => vars.some((v) => !structure.cellsOfVar[v]!.some(isPublishedZero));
  const hide = (group: number[]) => {
    for (const cell of group) if (status[cell] === 'published') status[cell] = 'secondary';
  };

  const sizes = new Map(groups.map((group) => [group, group.reduce((sum, cell) => sum + cells[cell]!.vars.length, 0)]));
  const hidden: number[][] = [];
  const toConfirm: number[][] = [];
  for (const group of [...groups].sort((a, b) => sizes.get(b)! - sizes.get(a)!)) {
    const held = group.filter(knownHeld).length;
    // No member, or two cells that certainly hold members: two values.
    if (held === 0 || held > 1) continue;
    if (valuesOf(group).filter(({ vars }) => possibleCheaply(vars)).length > 1) {
      toConfirm.push(group);
    } else {
      hide(group);
      hidden.push(group);
    }
  }
  // The LP may prove empty what the published zeros alone leave open. Hiding more only relaxes
  // the attacker's constraints, so a group found open stays open: only the groups hidden after a
  // failed check are checked again, and a hidden group that fails ends the release.
  let pending = [...hidden, ...toConfirm];
  while (pending.length > 0) {
    const attacker = new Attacker(await loadSolver(), structure, status);
    const failed: number[][] = [];
    try {
      for (const group of pending) {
        let open = 0;
        for (const { cell, vars } of valuesOf(group)) {
          if (attacker.maxWithin(cell, vars) >= 1) open += 1;
          if (open > 1) break;
        }
        if (open < 2) failed.push(group);
      }
    } finally {
      attacker.dispose();
    }
    for (const group of failed) {
      if (hidden.includes(group)) {
        throw new Error(
          `the group of cell ${JSON.stringify(cells[group[0]!]!.id)} shows one value of the sensitive dimension for all its members, even suppressed whole`,
        );
      }
      hide(group);
      hidden.push(group);
    }
    pending = failed;
  }
  return { status, ...countSuppressions(status), groupsSuppressed: hidden.length };
}
