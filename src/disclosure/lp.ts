import type { Highs, Model, ObjectiveSense } from 'highs';
import { DisclosureInputError } from './errors.ts';
import type { Structure } from './structure.ts';

let solver: Promise<Highs> | undefined;

/** HiGHS (WebAssembly) is loaded once per process and shared; a failed load is retried next time. */
export function loadSolver(): Promise<Highs> {
  solver ??= import('highs')
    // The package's types describe its CommonJS build; imported as ESM (build/highs.mjs), its
    // default export is the loader itself.
    .then((module) => (module.default as unknown as () => Promise<Highs>)())
    .catch((error: unknown) => {
      solver = undefined;
      throw error;
    });
  return solver;
}

/**
 * What the attacker knows of a suppressed cell: a published 0 is never suppressed, so a suppressed
 * cell is at least 1. Only a cell suppressed because its whole group is hidden (the sensitive-
 * dimension rule) may be 0; the model gives the attacker the truth of that (0 or at least 1),
 * which is more than a real attacker can tell, so what this attacker cannot narrow, no one can.
 */
export const suppressedLowerBound = (value: number): number => (value >= 1 ? 1 : 0);

/** Called with every optimal solution: the component's cells and the value each takes in it. */
export type SolutionListener = (cells: readonly number[], values: Float64Array) => void;

/** Tolerance for rounding LP optima to the integer counts they bound. */
export const EPSILON = 1e-6;

/**
 * The attacker's LP over one component: one row per cell of the component (published rows are
 * equalities, suppressed rows are free, i.e. absent), one column per joint variable, all >= 0.
 * Joint variables under a published 0 are 0 and stay 0 (a published 0 is never suppressed), so
 * they and the published 0 cells are left out of the model: in a sparse grid that is most of it,
 * and every re-solve would carry them (HiGHS presolves only the first solve).
 * The model stays in memory so that re-attacks after more suppressions reuse the last basis.
 * Call `dispose()` when done: the WebAssembly memory is not garbage-collected.
 */
export class ComponentLp {
  readonly #highs: Highs;
  readonly #model: Model;
  readonly #structure: Structure;
  readonly #component: number;
  /** cell index → row in the model. */
  readonly #rowOfCell = new Map<number, number>();
  /** A variable's position in its component → its column in the model, or -1 when it is fixed at 0 (left out). */
  readonly #columnOfLocal: Int32Array;
  readonly #cost: Float64Array;
  /** The cells the model has a row for, in row order. */
  readonly #rows: readonly number[];
  readonly #onSolution: SolutionListener | undefined;
  #objectiveColumns: readonly number[] = [];

  /**
   * Builds the model for `component` and checks that the published cells have a non-negative
   * solution (the attacker's intervals mean nothing otherwise). Suppressed cells are free rows
   * from the start: their values are what the attacker does not know.
   */
  constructor(
    highs: Highs,
    structure: Structure,
    component: number,
    isSuppressed: (cell: number) => boolean,
    onSolution?: SolutionListener,
  ) {
    this.#highs = highs;
    this.#structure = structure;
    this.#component = component;
    const { cells, localIndexOfVar } = structure;
    const { cells: componentCells, vars } = structure.components[component]!;
    this.#onSolution = onSolution;
    const publishedZero = (cell: number) => !isSuppressed(cell) && cells[cell]!.value === 0;
    const fixed = new Uint8Array(vars.length);
    for (const cell of componentCells) {
      if (publishedZero(cell)) for (const v of cells[cell]!.vars) fixed[localIndexOfVar[v]!] = 1;
    }
    // A model needs a column: when every variable is fixed, they all stay in, bounded to 0.
    const leaveOut = fixed.includes(0);
    this.#columnOfLocal = new Int32Array(vars.length);
    let columns = 0;
    for (let local = 0; local < vars.length; local++) this.#columnOfLocal[local] = leaveOut && fixed[local] ? -1 : columns++;
    const rows = leaveOut ? componentCells.filter((cell) => !publishedZero(cell)) : componentCells;
    this.#rows = rows;
    const starts = [0];
    const indices: number[] = [];
    for (const [row, cell] of rows.entries()) {
      this.#rowOfCell.set(cell, row);
      for (const v of cells[cell]!.vars) {
        const column = this.#columnOfLocal[localIndexOfVar[v]!]!;
        if (column >= 0) indices.push(column);
      }
      starts.push(indices.length);
    }
    const lower = rows.map((cell) => (isSuppressed(cell) ? suppressedLowerBound(cells[cell]!.value) : cells[cell]!.value));
    const upper = rows.map((cell) => (isSuppressed(cell) ? highs.infinity : cells[cell]!.value));
    this.#cost = new Float64Array(columns);
    this.#model = highs.createModel({
      numCols: columns,
      numRows: rows.length,
      colCost: this.#cost,
      colLower: new Float64Array(columns),
      colUpper: Float64Array.from({ length: columns }, (_, column) => (leaveOut || !fixed[column] ? highs.infinity : 0)),
      rowLower: lower,
      rowUpper: upper,
      matrix: { format: 'csr', numRows: rows.length, numCols: columns, starts, indices, values: indices.map(() => 1) },
    });
    try {
      // The first solve starts from nothing: the interior-point method with crossover to a basis
      // is the quickest there (deaths' LP of 14,688 columns: 0.74 s; primal simplex 1.7 s, dual
      // slower still). Re-attacks change only the objective, so the last basis stays primal
      // feasible: primal simplex restarts from it, where dual simplex would start over (README,
      // "Performance").
      this.#model.options.set({ output_flag: false, solver: 'ipm', run_crossover: 'on' });
      this.#model.run();
      this.#model.options.set({ solver: 'simplex', simplex_strategy: 4 });
      if (this.#model.getModelStatus() !== highs.constants.modelStatus.optimal) {
        const ids = componentCells.slice(0, 5).map((cell) => cells[cell]!.id);
        throw new DisclosureInputError(
          `cells ${ids.join(', ')}${componentCells.length > 5 ? ', …' : ''} are inconsistent: no non-negative joint counts add up to their values`,
        );
      }
    } catch (error) {
      this.#model.dispose();
      throw error;
    }
  }

  /** Replaces a cell's equality by what the attacker still knows of a suppressed cell. */
  suppress(cell: number): void {
    // Its counts were left out as 0 when the model was built; a published 0 is never suppressed later.
    if (this.#structure.componentOfCell[cell] === this.#component && this.#structure.cells[cell]!.value === 0)
      throw new Error(`cell ${cell} is a published 0: it is not suppressed after the model is built`);
    const row = this.#rowOfCell.get(cell);
    if (row === undefined) throw new Error(`cell ${cell} is not in this component`);
    this.#model.changeRowBounds(row, suppressedLowerBound(this.#structure.cells[cell]!.value), this.#highs.infinity);
  }

  /** The largest value the attacker can give `cell` (Infinity when unbounded). */
  max(cell: number): number {
    return this.maxOfVars(this.#structure.cells[cell]!.vars, this.#structure.cells[cell]!.id);
  }

  /**
   * The largest value the attacker can give the sum of some of this component's joint variables
   * (part of a cell: e.g. one cause of death inside a published group of causes).
   */
  maxOfVars(vars: readonly number[], label: string): number {
    const optimum = this.#optimise(vars, this.#highs.constants.objectiveSense.maximize, label);
    return optimum === Infinity ? Infinity : Math.floor(optimum + EPSILON);
  }

  /** The smallest value the attacker can give `cell`. */
  min(cell: number): number {
    const { vars, id } = this.#structure.cells[cell]!;
    return Math.max(0, Math.ceil(this.#optimise(vars, this.#highs.constants.objectiveSense.minimize, id) - EPSILON));
  }

  dispose(): void {
    this.#model.dispose();
  }

  #optimise(vars: readonly number[], sense: ObjectiveSense, label: string): number {
    const { localIndexOfVar } = this.#structure;
    // Only the columns of the last objective and of this one change: passing the whole cost
    // vector each time made HiGHS check every column on every bound. A variable left out of the
    // model is 0 and adds nothing.
    const columns = vars.map((v) => this.#columnOfLocal[localIndexOfVar[v]!]!).filter((column) => column >= 0);
    // Every variable of the objective is fixed at 0.
    if (columns.length === 0) return 0;
    const touched = new Set<number>(this.#objectiveColumns);
    for (const column of this.#objectiveColumns) this.#cost[column] = 0;
    this.#objectiveColumns = columns;
    for (const column of columns) {
      this.#cost[column] = 1;
      touched.add(column);
    }
    const indices = Int32Array.from(touched).sort();
    this.#model.changeColsCost(
      { kind: 'set', indices },
      Float64Array.from(indices, (i) => this.#cost[i]!),
    );
    this.#model.changeObjectiveSense(sense);
    this.#model.run();
    const status = this.#model.getModelStatus();
    const { modelStatus } = this.#highs.constants;
    if (status === modelStatus.optimal) {
      this.#onSolution?.(this.#rows, this.#model.getSolution().rowValue);
      return this.#model.getObjectiveValue();
    }
    // The model is known to be feasible (checked at construction), so "unbounded or infeasible"
    // can only mean unbounded; a minimum is bounded below by 0 and never gets here.
    if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return Infinity;
    throw new Error(`HiGHS stopped with model status ${status} while bounding ${JSON.stringify(label)}`);
  }
}
