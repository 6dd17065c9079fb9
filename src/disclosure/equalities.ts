import type { Structure } from './structure.ts';

/**
 * The additivity relations the tables write out, found from the joint variables alone: a set of
 * cells whose signed sum is 0 whatever the counts. One suppressed member alone in an equality is
 * recovered exactly by the others; complementary suppression works by denying that.
 *
 *  - a total and a family of its parts that partition it: `row total = Σ cells of the row`,
 *    `grand total = Σ row totals`, `grand total = Σ column totals`, `province = Σ A cells`;
 *  - two families partitioning the same variables with no cell over them: the two tables of one
 *    province without margins, `Σ A cells = Σ B cells`;
 *  - two cells over exactly the same variables (a total published by two tables).
 *
 * Families are built from the largest parts only (a row total, not the cells under it), so each
 * level of a hierarchy gets its own equality. Overlapping parts go to different families
 * (rows in one, columns in another), greedily in index order: an irregular layout may yield
 * fewer equalities, which only makes the complementary-suppression heuristic less informed; the
 * attacker's LP, not this list, decides what is protected.
 */
export interface EqualityGraph {
  /** Each equality's member cells, ascending. */
  members: number[][];
  /** cell → indices of the equalities it is a member of, ascending. */
  ofCell: number[][];
}

export function buildEqualities(structure: Structure): EqualityGraph {
  const { cells, cellsOfVar, components } = structure;

  // containers[d]: cells whose vars strictly contain d's; twins[d]: other cells with the same vars.
  // A cell sums all of d's variables when it is listed under each of them: counted, not looked up
  // in a set per cell (tables of tens of thousands of cells). Every such cell sums d's first
  // variable, so they come out ascending.
  const containers: number[][] = cells.map(() => []);
  const twins: number[][] = cells.map(() => []);
  const shared = new Int32Array(cells.length);
  cells.forEach((cell, d) => {
    const first = cell.vars[0];
    if (first === undefined) return;
    for (const v of cell.vars) for (const e of cellsOfVar[v]!) shared[e]! += 1;
    for (const e of cellsOfVar[first]!) {
      if (e !== d && shared[e] === cell.vars.length) (cells[e]!.vars.length === cell.vars.length ? twins : containers)[d]!.push(e);
    }
    for (const v of cell.vars) for (const e of cellsOfVar[v]!) shared[e] = 0;
  });

  const members: number[][] = [];
  const add = (cellsOfEquality: number[]): void => {
    const sorted = cellsOfEquality.sort((a, b) => a - b);
    members.push(sorted.filter((cell, i) => i === 0 || cell !== sorted[i - 1]));
  };

  /**
   * Families of pairwise-disjoint cells among `parts` that cover exactly `size` variables. Which
   * families cover a variable is kept as bits (32 families a word), in words shared by every call
   * and cleared after each, not as a set per family.
   */
  const coveredBits: Int32Array[] = [];
  const coveringFamilies = (parts: number[], size: number): number[][] => {
    const families: { cells: number[]; covered: number }[] = [];
    const isDisjoint = (part: number, family: number): boolean => {
      const word = coveredBits[family >> 5]!;
      const bit = 1 << (family & 31);
      return cells[part]!.vars.every((v) => (word[v]! & bit) === 0);
    };
    for (const part of parts) {
      let family = families.findIndex((_, f) => isDisjoint(part, f));
      if (family < 0) {
        family = families.length;
        families.push({ cells: [], covered: 0 });
        if (family >> 5 === coveredBits.length) coveredBits.push(new Int32Array(cellsOfVar.length));
      }
      // Parts in one family are disjoint: the variables covered add up.
      families[family]!.cells.push(part);
      families[family]!.covered += cells[part]!.vars.length;
      const word = coveredBits[family >> 5]!;
      for (const v of cells[part]!.vars) word[v]! |= 1 << (family & 31);
    }
    for (const part of parts) for (const v of cells[part]!.vars) for (const word of coveredBits) word[v] = 0;
    return families.filter((f) => f.covered === size).map((f) => f.cells);
  };

  // A total and each family of its largest proper parts; twins once per pair.
  const properParts: number[][] = cells.map(() => []);
  containers.forEach((totals, d) => {
    for (const e of totals) properParts[e]!.push(d);
  });
  cells.forEach((cell, e) => {
    for (const twin of twins[e]!) if (twin > e) add([e, twin]);
    const parts = properParts[e]!;
    if (parts.length === 0) return;
    const inParts = new Set(parts);
    const largest = parts.filter((d) => !containers[d]!.some((other) => inParts.has(other)));
    for (const family of coveringFamilies(largest, cell.vars.length)) add([e, ...family]);
  });

  // Components no cell covers: two or more families partitioning the same variables.
  for (const component of components) {
    if (component.vars.length === 0) continue;
    const size = component.vars.length;
    if (component.cells.some((c) => cells[c]!.vars.length === size)) continue;
    const largest = component.cells.filter((d) => containers[d]!.length === 0 && !twins[d]!.some((t) => t < d));
    const families = coveringFamilies(largest, size);
    for (const family of families.slice(1)) add([...families[0]!, ...family]);
  }

  const ofCell: number[][] = cells.map(() => []);
  members.forEach((equality, index) => {
    for (const cell of equality) ofCell[cell]!.push(index);
  });
  return { members, ofCell };
}
