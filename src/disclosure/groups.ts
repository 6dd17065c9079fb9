import { Attacker } from './attack.ts';
import { loadSolver } from './lp.ts';
import { protect } from './protect.ts';
import { countSuppressions } from './rules.ts';
import { buildStructure } from './structure.ts';
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
 * Primary and complementary suppression (protect), then every group with members where at most
 * one cell could be non-zero is suppressed whole, zeros included: from outside, a wholly
 * suppressed group is one where any of its values may be held. More suppression only relaxes the
 * attacker's constraints, so the primary cells stay protected. Last, the attacker checks each
 * such group: at least two of its cells must be able to hold a member, else the release fails.
 */
export async function protectWithGroups(cells: Cell[], varCount: number, k: number, groups: number[][]): Promise<GroupProtection> {
  const protection = await protect(cells, varCount, k);
  const status = protection.status;
  const hidden: number[][] = [];
  for (const group of groups) {
    const members = group.reduce((sum, cell) => sum + cells[cell]!.value, 0);
    if (members === 0) continue;
    const possible = group.filter((cell) => status[cell] !== 'published' || cells[cell]!.value > 0);
    if (possible.length > 1) continue;
    for (const cell of group) if (status[cell] === 'published') status[cell] = 'secondary';
    hidden.push(group);
  }
  if (hidden.length > 0) {
    const attacker = new Attacker(await loadSolver(), buildStructure(cells, varCount), status);
    try {
      for (const group of hidden) {
        const open = group.filter((cell) => attacker.max(cell) >= 1).length;
        if (open < 2) {
          throw new Error(
            `the group of cell ${JSON.stringify(cells[group[0]!]!.id)} shows one value of the sensitive dimension for all its members, even suppressed whole`,
          );
        }
      }
    } finally {
      attacker.dispose();
    }
  }
  return { status, ...countSuppressions(status), groupsSuppressed: hidden.length };
}
