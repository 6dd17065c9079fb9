import { DEFAULT_K, MIN_K, type Cell, type CellStatus, type Interval } from './types.ts';

/** Refuses a threshold below MIN_K (or not an integer): it is a configuration error, never data. */
export function assertThreshold(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new RangeError(`disclosure threshold k must be an integer >= ${MIN_K} (MIN_K), got ${k}`);
  }
}

/** How many cells each kind of suppression hid. */
export function countSuppressions(status: readonly CellStatus[]): { primary: number; secondary: number } {
  return { primary: status.filter((s) => s === 'primary').length, secondary: status.filter((s) => s === 'secondary').length };
}

/** A count in 1..k-1 is primary-suppressed; 0 and counts >= k are published. */
export function primarySuppression(cells: readonly Cell[], k: number = DEFAULT_K): CellStatus[] {
  assertThreshold(k);
  return cells.map((cell) => (cell.value >= 1 && cell.value < k ? 'primary' : 'published'));
}

/**
 * A suppressed cell is protected when the attacker's interval is at least k wide. An interval
 * inside [1, k-1] is always narrower than k, so it is refused by the same test.
 */
export function isProtected(interval: Interval, k: number = DEFAULT_K): boolean {
  assertThreshold(k);
  const insideSmallCounts = interval.min >= 1 && interval.max <= k - 1;
  return !insideSmallCounts && interval.max - interval.min >= k;
}
