import type { Cell } from '../disclosure/index.ts';
import { sensitiveGroups } from '../disclosure/index.ts';
import type { AggregateDefinition, Dimension } from '../policy/dataset-definition.ts';

/** One category of a dimension's fixed grid. */
export interface Category {
  code: string;
  name?: string;
}

/** Where a table's cells sit among all tables' cells, and how a joint cell finds its cell. */
export interface TableLayout {
  table: AggregateDefinition['tables'][number];
  first: number;
  /** Its cells, over every period. */
  size: number;
  /** The table's dimensions, as indices into the grid's dimensions. */
  dims: number[];
  /** Cells per period: the period is the table's first dimension. */
  perPeriod: number;
  /** Per joint dimension and digit: what it adds to the index of the table's cell (mixed radix). */
  share: number[][];
}

/** One period's cells (every table's, one table after the other) over its own joint cells. */
export interface PeriodCells {
  period: number;
  cells: Cell[];
  /** Joint cells of the period, numbered from 0 in the grid's order. */
  varCount: number;
  /** Where each table's cells start in `cells`. */
  firstOfTable: number[];
}

/**
 * The category grid of an aggregate's tables over the periods added. The joint grid is over the
 * dimensions read from fields (the finest table the tables are sums of); each table's cells are
 * in mixed-radix order of its dimensions, one table after the other. Every table starts with the
 * period, so each period's cells and joint cells are protected on their own: no cell sums two
 * periods' counts.
 */
export class AggregateGrid {
  readonly dimensions: Dimension[];
  readonly categories: Category[][];
  readonly tables: TableLayout[];
  readonly cellCount: number;
  readonly varCount: number;
  /** Categories per joint dimension. */
  readonly #radix: number[];
  readonly #periodJoint: number;
  readonly #jointNames: string[];
  /** Joint cells per step of the period digit. */
  readonly #periodStride: number;
  readonly #indexOf: Map<string, number>[];

  constructor(
    dimensions: Dimension[],
    jointDims: Dimension[],
    categoriesOf: (dim: Dimension) => Category[],
    tables: AggregateDefinition['tables'],
    period: string,
  ) {
    this.dimensions = dimensions;
    this.categories = dimensions.map(categoriesOf);
    const categoriesOfJoint = jointDims.map((d) => this.categories[dimensions.indexOf(d)]!);
    this.#radix = categoriesOfJoint.map((c) => c.length);
    this.#indexOf = categoriesOfJoint.map((c) => new Map(c.map((category, i) => [category.code, i])));
    this.#jointNames = jointDims.map((d) => d.name);
    this.#periodJoint = this.#jointNames.indexOf(period);
    this.#periodStride = this.#radix.slice(this.#periodJoint + 1).reduce((a, b) => a * b, 1);
    this.varCount = this.#radix.reduce((a, b) => a * b, 1);
    const periods = this.#radix[this.#periodJoint]!;

    // Each dimension's category for a joint cell: the digit of one joint dimension, itself or
    // (a group dimension) mapped to its group.
    const categoryOf = dimensions.map((d, i): { joint: number; ofDigit: number[] } => {
      if (d.source.kind !== 'group') return { joint: jointDims.indexOf(d), ofDigit: this.categories[i]!.map((_, digit) => digit) };
      const { of, groups } = d.source;
      const joint = jointDims.findIndex((x) => x.name === of);
      return { joint, ofDigit: categoriesOfJoint[joint]!.map((c) => groups.findIndex((g) => g.members.includes(c.code))) };
    });
    const sizeOf = this.categories.map((c) => c.length);
    let cellCount = 0;
    this.tables = tables.map((table) => {
      const dims = table.dimensions.map((name) => dimensions.findIndex((d) => d.name === name));
      const size = dims.reduce((a, j) => a * sizeOf[j]!, 1);
      const share = this.#radix.map((r) => new Array<number>(r).fill(0));
      let stride = 1;
      for (const j of [...dims].reverse()) {
        const { joint, ofDigit } = categoryOf[j]!;
        ofDigit.forEach((category, digit) => (share[joint]![digit]! += category * stride));
        stride *= sizeOf[j]!;
      }
      const layout = { table, first: cellCount, size, dims, perPeriod: periods > 0 ? size / periods : 0, share };
      cellCount += size;
      return layout;
    });
    this.cellCount = cellCount;
  }

  /** The joint cell of a row of codes (joint dimension order), or undefined when a code is outside the grid. */
  jointIndex(codes: readonly unknown[]): number | undefined {
    let index = 0;
    for (const [j, radix] of this.#radix.entries()) {
      const digit = this.#indexOf[j]!.get(String(codes[j]));
      if (digit === undefined) return undefined;
      index = index * radix + digit;
    }
    return index;
  }

  /** The period (its position among the periods added) of a joint cell. */
  periodOf(jointIndex: number): number {
    return Math.floor(jointIndex / this.#periodStride) % this.#radix[this.#periodJoint]!;
  }

  /** Where a cell of a table in a period (`c` counted within the period) sits among all cells. */
  cellIndex(table: number, period: number, c: number): number {
    const { first, perPeriod } = this.tables[table]!;
    return first + period * perPeriod + c;
  }

  /**
   * One period's cells, each the sum of its joint cells' counts (`joint`, over the whole grid).
   * Ids are the cells' positions in their whole table, as if all periods were protected at once.
   */
  periodCells(period: number, joint: Float64Array): PeriodCells {
    const radix = this.#radix;
    const varCount = this.varCount / radix[this.#periodJoint]!;
    const cells: Cell[] = [];
    const firstOfTable = this.tables.map(({ table, perPeriod }) => {
      const first = cells.length;
      for (let c = 0; c < perPeriod; c += 1) cells.push({ id: `${table.id}:${period * perPeriod + c}`, vars: [], value: 0 });
      return first;
    });
    const digits = new Array<number>(radix.length).fill(0);
    digits[this.#periodJoint] = period;
    for (let v = 0; v < varCount; v += 1) {
      let index = 0;
      for (let j = 0; j < radix.length; j += 1) index = index * radix[j]! + digits[j]!;
      this.tables.forEach(({ share, perPeriod }, t) => {
        let c = 0;
        for (let j = 0; j < radix.length; j += 1) c += share[j]![digits[j]!]!;
        const cell = cells[firstOfTable[t]! + c - period * perPeriod]!;
        cell.vars.push(v);
        cell.value += joint[index]!;
      });
      // The next joint cell of the period: the last digit counts up, carrying past the period's.
      for (let j = radix.length - 1; j >= 0; j -= 1) {
        if (j === this.#periodJoint) continue;
        digits[j] = (digits[j]! + 1) % radix[j]!;
        if (digits[j] !== 0) break;
      }
    }
    return { period, cells, varCount, firstOfTable };
  }

  /**
   * The groups of cells of a period that differ only in the sensitive dimension (shown itself or
   * grouped), and each of the period's joint cells' sensitive category (its digit there).
   */
  sensitiveGroups(slice: PeriodCells, sensitive: string): { groups: number[][]; valueOfVar: (v: number) => number } {
    const isSensitive = (d: Dimension) => d.name === sensitive || (d.source.kind === 'group' && d.source.of === sensitive);
    const groups = this.tables.flatMap(({ dims }, t) =>
      sensitiveGroups(
        slice.firstOfTable[t]!,
        // The period's slice of the table: its first dimension, the period, has one category.
        dims.map((j, position) => (position === 0 ? 1 : this.categories[j]!.length)),
        dims.findIndex((j) => isSensitive(this.dimensions[j]!)),
      ),
    );
    const at = this.#jointNames.indexOf(sensitive);
    const periodRadix = this.#radix.map((r, j) => (j === this.#periodJoint ? 1 : r));
    const stride = periodRadix.slice(at + 1).reduce((a, b) => a * b, 1);
    return { groups, valueOfVar: (v) => Math.floor(v / stride) % periodRadix[at]! };
  }

  /** The categories of a table's cell `c` (counted over the whole table), in the table's dimension order. */
  categoriesOfCell(table: number, c: number): Category[] {
    const { dims } = this.tables[table]!;
    const categories = new Array<Category>(dims.length);
    for (let position = dims.length - 1; position >= 0; position -= 1) {
      const ofDim = this.categories[dims[position]!]!;
      categories[position] = ofDim[c % ofDim.length]!;
      c = Math.floor(c / ofDim.length);
    }
    return categories;
  }
}
