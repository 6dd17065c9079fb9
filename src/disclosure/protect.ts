import { Attacker } from './attack.ts';
import { loadSolver } from './lp.ts';
import { assertThreshold, countSuppressions, isProtected, primarySuppression } from './rules.ts';
import { ComplementChooser } from './complement.ts';
import { buildEqualities } from './equalities.ts';
import { buildStructure, validateCells, type Structure } from './structure.ts';
import { DEFAULT_K, type Cell, type CellStatus } from './types.ts';

export interface Protection {
  status: CellStatus[];
  /** Number of primary-suppressed cells. */
  primary: number;
  /** Number of complementary (secondary) suppressions added. */
  secondary: number;
  /** Passes over the unprotected primary cells that added at least one secondary suppression. */
  rounds: number;
}

/**
 * Primary suppression, then complementary suppression driven by the attacker: while some primary
 * cell's attacked interval is narrower than k, suppress more published cells for it (see
 * ComplementChooser) and attack again. Protection can only grow with more suppressions, so a
 * primary cell once protected is never re-checked. Each pass over the unprotected cells re-attacks
 * each one first (earlier choices of the same pass may have protected it), then adds cells for it.
 *
 * Terminates: each pass suppresses at least one more cell, and once every non-zero cell of a
 * component is suppressed, each primary cell has a variable that no published cell sums (a positive
 * count never sits under a published 0), so its maximum is unbounded. Deterministic: intervals are
 * LP optima (unique values), cells are visited in index order and choices break ties by id.
 */
export async function protect(cells: Cell[], varCount: number, k: number = DEFAULT_K): Promise<Protection> {
  assertThreshold(k);
  validateCells(cells, varCount);
  return protectStructure(buildStructure(cells, varCount), k);
}

/** protect() over cells already validated and linked (protectWithGroups links them once for both steps). */
export async function protectStructure(structure: Structure, k: number): Promise<Protection> {
  const { cells } = structure;
  const status = primarySuppression(cells, k);
  const attacker = new Attacker(await loadSolver(), structure, status);
  const chooser = new ComplementChooser(structure, buildEqualities(structure), attacker, k);
  let rounds = 0;
  try {
    let pending = status.flatMap((s, cell) => (s === 'primary' ? [cell] : []));
    while (pending.length > 0) {
      const unprotected: number[] = [];
      for (const cell of pending) {
        if (isPrimaryProtected(attacker, cell, k)) continue;
        const complement = chooser.choose(cell);
        if (complement.length === 0) {
          // Unreachable by the termination argument above; fail loudly rather than publish.
          throw new Error(`no complementary suppression left for cell ${JSON.stringify(cells[cell]!.id)}`);
        }
        for (const chosen of complement) attacker.suppress(chosen);
        unprotected.push(cell);
      }
      if (unprotected.length > 0) rounds += 1;
      pending = unprotected;
    }
  } finally {
    attacker.dispose();
  }
  return { status, ...countSuppressions(status), rounds };
}

/**
 * Same test as `isProtected(attack(...))`, skipping the minimum when the maximum decides: an
 * unbounded maximum protects, a maximum below k + 1 cannot (a suppressed count is at least 1), and
 * a maximum at least k above a value the cell takes in some solution (the true count, say) does:
 * the minimum is no higher than that value.
 */
function isPrimaryProtected(attacker: Attacker, cell: number, k: number): boolean {
  if (attacker.provenWide(cell, k)) return true;
  const max = attacker.max(cell);
  if (max === Infinity) return true;
  if (max < k + 1) return false;
  // The maximum's own solution is now among those seen.
  if (attacker.provenWide(cell, k)) return true;
  return isProtected({ min: attacker.min(cell), max }, k);
}
