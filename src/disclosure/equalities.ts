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
  const varSets = cells.map((cell) => new Set(cell.vars));
  const isSubset = (part: number, whole: number): boolean => cells[part]!.vars.every((v) => varSets[whole]!.has(v));

  // containers[d]: cells whose vars strictly contain d's; twins[d]: other cells with the same vars.
  const containers: number[][] = cells.map(() => []);
  const twins: number[][] = cells.map(() => []);
  cells.forEach((cell, d) => {
    const first = cell.vars[0];
    if (first === undefined) return;
    for (const e of cellsOfVar[first]!) {
      if (e === d || cells[e]!.vars.length < cell.vars.length || !isSubset(d, e)) continue;
      (cells[e]!.vars.length === cell.vars.length ? twins : containers)[d]!.push(e);
    }
  });

  const members: number[][] = [];
  const add = (cellsOfEquality: number[]): void => {
    members.push([...new Set(cellsOfEquality)].sort((a, b) => a - b));
  };

  /** Families of pairwise-disjoint cells among `parts` that cover exactly `size` variables. */
  const coveringFamilies = (parts: number[], size: number): number[][] => {
    const families: { cells: number[]; covered: Set<number> }[] = [];
    for (const part of parts) {
      const family = families.find((f) => cells[part]!.vars.every((v) => !f.covered.has(v)));
      if (family) {
        family.cells.push(part);
        for (const v of cells[part]!.vars) family.covered.add(v);
      } else {
        families.push({ cells: [part], covered: new Set(cells[part]!.vars) });
      }
    }
    return families.filter((f) => f.covered.size === size).map((f) => f.cells);
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
