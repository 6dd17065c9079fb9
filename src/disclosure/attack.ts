import type { Highs } from 'highs';
import { ComponentLp, EPSILON, loadSolver, suppressedLowerBound } from './lp.ts';
import { buildStructure, validateCells, validateStatus, type Structure } from './structure.ts';
import type { Cell, CellStatus, Interval } from './types.ts';

/**
 * The attacker's view of one status assignment: for a suppressed cell, the range of values that
 * the published equalities (and non-negativity) leave open. LPs are built per component, lazily,
 * only for components where a suppressed cell needs one.
 */
export class Attacker {
  readonly #highs: Highs;
  readonly #structure: Structure;
  readonly #status: CellStatus[];
  readonly #lps = new Map<number, ComponentLp>();
  /**
   * The smallest and largest value each cell has taken in any solution seen so far (the true
   * counts first). Every solution stays feasible as more cells are suppressed (the constraints
   * only relax), so a cell whose seen values already span k is protected without an LP of its own.
   */
  readonly #seenMin: Float64Array;
  readonly #seenMax: Float64Array;

  constructor(highs: Highs, structure: Structure, status: CellStatus[]) {
    this.#highs = highs;
    this.#structure = structure;
    this.#status = status;
    this.#seenMin = Float64Array.from(structure.cells, (c) => c.value);
    this.#seenMax = Float64Array.from(structure.cells, (c) => c.value);
  }

  /**
   * True when solutions already seen prove the cell's interval at least k wide (so not inside
   * 1..k−1 either); false means "not proven", not "exposed".
   */
  provenWide(cell: number, k: number): boolean {
    return Math.floor(this.#seenMax[cell]! + EPSILON) - Math.ceil(this.#seenMin[cell]! - EPSILON) >= k;
  }

  get status(): readonly CellStatus[] {
    return this.#status;
  }

  isSuppressed(cell: number): boolean {
    return this.#status[cell] !== 'published';
  }

  /** Suppresses a published cell (as `secondary`) and drops its equality from any built LP. */
  suppress(cell: number): void {
    if (this.#status[cell] !== 'published') throw new Error(`cell ${cell} is already suppressed`);
    this.#status[cell] = 'secondary';
    this.#lps.get(this.#structure.componentOfCell[cell]!)?.suppress(cell);
  }

  /** The attacker's maximum for a suppressed cell. */
  max(cell: number): number {
    const vars = this.#structure.cells[cell]!.vars;
    if (vars.length === 0) return 0;
    // A variable no published cell sums can grow without limit: no LP needed.
    if (vars.some((v) => this.#isFree(v))) return Infinity;
    return this.#lp(cell).max(cell);
  }

  /**
   * The attacker's maximum for the sum of some joint variables of `cell` (one finer category
   * inside a published group of categories, say).
   */
  maxWithin(cell: number, vars: readonly number[]): number {
    if (vars.length === 0) return 0;
    if (vars.some((v) => this.#isFree(v))) return Infinity;
    return this.#lp(cell).maxOfVars(vars, `part of ${this.#structure.cells[cell]!.id}`);
  }

  /** The attacker's minimum for a suppressed cell (never below what suppression itself tells). */
  min(cell: number): number {
    const { vars, value } = this.#structure.cells[cell]!;
    if (vars.length === 0) return 0;
    return Math.max(suppressedLowerBound(value), this.#lp(cell).min(cell));
  }

  interval(cell: number): Interval {
    const max = this.max(cell);
    return { min: this.min(cell), max };
  }

  dispose(): void {
    for (const lp of this.#lps.values()) lp.dispose();
    this.#lps.clear();
  }

  #isFree(v: number): boolean {
    return this.#structure.cellsOfVar[v]!.every((cell) => this.isSuppressed(cell));
  }

  #lp(cell: number): ComponentLp {
    const component = this.#structure.componentOfCell[cell]!;
    let lp = this.#lps.get(component);
    if (!lp) {
      lp = new ComponentLp(
        this.#highs,
        this.#structure,
        component,
        (c) => this.isSuppressed(c),
        (cells, values) => {
          cells.forEach((c, row) => {
            const v = values[row]!;
            if (v < this.#seenMin[c]!) this.#seenMin[c] = v;
            if (v > this.#seenMax[c]!) this.#seenMax[c] = v;
          });
        },
      );
      this.#lps.set(component, lp);
    }
    return lp;
  }
}

/**
 * What an attacker can infer: for each suppressed cell, the min and max of its value over all
 * non-negative joint counts that reproduce every published cell and give every suppressed cell
 * at least 1 (a published 0 is never suppressed). Keys are the indices of the
 * suppressed cells (primary and secondary), ascending.
 */
export async function attack(cells: Cell[], varCount: number, status: CellStatus[]): Promise<Map<number, Interval>> {
  return eachSuppressed(cells, varCount, status, (attacker, cell) => attacker.interval(cell));
}

/**
 * The attack, for a yes/no answer at k: each suppressed cell's interval, or `undefined` when
 * solutions already seen prove it at least k wide (so it cannot be inside 1..k−1 either). Much
 * cheaper than `attack` on large tables, where most cells are proven wide by other cells' LPs.
 */
export async function screen(cells: Cell[], varCount: number, status: CellStatus[], k: number): Promise<Map<number, Interval | undefined>> {
  return eachSuppressed(cells, varCount, status, (attacker, cell) => {
    if (attacker.provenWide(cell, k)) return undefined;
    const max = attacker.max(cell);
    return max === Infinity || attacker.provenWide(cell, k) ? undefined : { min: attacker.min(cell), max };
  });
}

/** One attacker over the given status, asked about each suppressed cell in index order. */
async function eachSuppressed<T>(
  cells: Cell[],
  varCount: number,
  status: CellStatus[],
  ask: (attacker: Attacker, cell: number) => T,
): Promise<Map<number, T>> {
  validateCells(cells, varCount);
  validateStatus(cells, status);
  const attacker = new Attacker(await loadSolver(), buildStructure(cells, varCount), [...status]);
  try {
    const answers = new Map<number, T>();
    cells.forEach((_, cell) => {
      if (attacker.isSuppressed(cell)) answers.set(cell, ask(attacker, cell));
    });
    return answers;
  } finally {
    attacker.dispose();
  }
}
