import { DisclosureInputError } from './errors.ts';
import type { Cell, CellStatus } from './types.ts';

/** Joint variables linked through cells, and the cells over them. Independent of any status. */
export interface Component {
  /** Cell indices, ascending. */
  cells: number[];
  /** Joint variable indices, ascending. */
  vars: number[];
}

export interface Structure {
  cells: readonly Cell[];
  /** var → indices of the cells summing it (ascending). */
  cellsOfVar: number[][];
  components: Component[];
  componentOfCell: Int32Array;
  /** var → its position inside its component's `vars`. */
  localIndexOfVar: Int32Array;
}

/** Refuses cells that cannot describe a population; returns nothing when they are fine. */
export function validateCells(cells: readonly Cell[], varCount: number): void {
  if (!Number.isSafeInteger(varCount) || varCount < 0) {
    throw new DisclosureInputError(`varCount must be a non-negative integer, got ${varCount}`);
  }
  const ids = new Set<string>();
  // The last cell that listed each variable (index + 1): a duplicate within a cell without a Set per cell.
  const listedBy = new Int32Array(varCount);
  const where = (index: number) => `cell ${index} (${JSON.stringify(cells[index]!.id)})`;
  cells.forEach((cell, index) => {
    if (typeof cell.id !== 'string' || cell.id === '') throw new DisclosureInputError(`cell ${index}: id must be a non-empty string`);
    if (ids.has(cell.id)) throw new DisclosureInputError(`${where(index)}: duplicate id`);
    ids.add(cell.id);
    if (!Number.isSafeInteger(cell.value) || cell.value < 0) {
      throw new DisclosureInputError(`${where(index)}: value must be a non-negative integer, got ${cell.value}`);
    }
    for (const v of cell.vars) {
      if (!Number.isInteger(v) || v < 0 || v >= varCount) {
        throw new DisclosureInputError(`${where(index)}: joint variable ${v} is outside 0..${varCount - 1}`);
      }
      if (listedBy[v] === index + 1) throw new DisclosureInputError(`${where(index)}: joint variable ${v} listed twice`);
      listedBy[v] = index + 1;
    }
    if (cell.vars.length === 0 && cell.value !== 0) {
      throw new DisclosureInputError(`${where(index)}: a cell over no joint variable must be 0, got ${cell.value}`);
    }
  });
}

export function validateStatus(cells: readonly Cell[], status: readonly CellStatus[]): void {
  if (status.length !== cells.length) {
    throw new DisclosureInputError(`status has ${status.length} entries for ${cells.length} cells`);
  }
  status.forEach((s, index) => {
    if (s !== 'published' && s !== 'primary' && s !== 'secondary') {
      throw new DisclosureInputError(`status ${index}: unknown status ${JSON.stringify(s)}`);
    }
  });
}

/** Connected components of joint variables, linked by every cell (published or not). */
export function buildStructure(cells: readonly Cell[], varCount: number): Structure {
  const parent = Int32Array.from({ length: varCount }, (_, i) => i);
  const find = (v: number): number => {
    let root = v;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[v] !== root) {
      const next = parent[v]!;
      parent[v] = root;
      v = next;
    }
    return root;
  };
  const cellsOfVar: number[][] = Array.from({ length: varCount }, () => []);
  cells.forEach((cell, index) => {
    const first = cell.vars[0];
    for (const v of cell.vars) {
      cellsOfVar[v]!.push(index);
      if (first !== undefined) {
        const a = find(first);
        const b = find(v);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });

  const components: Component[] = [];
  const componentOfRoot = new Map<number, number>();
  const localIndexOfVar = new Int32Array(varCount).fill(-1);
  const componentOfCell = new Int32Array(cells.length).fill(-1);
  const componentIndexFor = (root: number): number => {
    let c = componentOfRoot.get(root);
    if (c === undefined) {
      c = components.length;
      componentOfRoot.set(root, c);
      components.push({ cells: [], vars: [] });
    }
    return c;
  };
  // Only variables used by some cell matter; unused ones constrain nothing.
  for (let v = 0; v < varCount; v += 1) {
    if (cellsOfVar[v]!.length === 0) continue;
    const component = components[componentIndexFor(find(v))]!;
    localIndexOfVar[v] = component.vars.length;
    component.vars.push(v);
  }
  cells.forEach((cell, index) => {
    const first = cell.vars[0];
    // A cell over no variable is its own (empty) component.
    const c = componentIndexFor(first === undefined ? -1 - index : find(first));
    componentOfCell[index] = c;
    components[c]!.cells.push(index);
  });
  return { cells, cellsOfVar, components, componentOfCell, localIndexOfVar };
}
