import type { Attacker } from './attack.ts';
import type { EqualityGraph } from './equalities.ts';
import type { Structure } from './structure.ts';

/**
 * Chooses the published cells to suppress next for an unprotected primary cell c. Candidates are
 * the published non-zero cells of c's component (a published 0 is never suppressed: hiding it
 * protects nothing, since a positive count is never under it).
 *
 * 1. Cycle, when every cell of c's component sits in at most two equalities (two-way tables with
 *    margins, two tables sharing a dimension): the cheapest chain of equalities leading from one of
 *    c's equalities back to another, through candidates (cost: their value, the information lost)
 *    secondary cells (free) and other primary cells (cost k), using at least one new cell. In a two-way table this is
 *    the classic rectangle: c, a cell of its row, the cell of that column in another row, and that
 *    row's cell in c's column; every equality on the chain then holds two suppressed cells. All new
 *    cells of the chain are returned. Ties: lower cost, then fewer hops, then lower indices.
 * 2. Otherwise (c in a single equality, no such chain, or three-way and deeper structures where a
 *    cell sits in three or more equalities and a chain would leave the others exposed): one cell by
 *    the brief's greedy rule, refined: the candidate that closes the most exposed equalities (whose
 *    only suppressed member is c or a secondary cell), then one sharing an equality or a joint
 *    variable with c, then the smallest value, then the smallest id.
 *
 * This only proposes; the attacker's LP decides whether c is protected, and asks again if not.
 */
export class ComplementChooser {
  readonly #structure: Structure;
  readonly #equalities: EqualityGraph;
  readonly #attacker: Attacker;
  readonly #k: number;
  readonly #graphLike = new Map<number, boolean>();

  constructor(structure: Structure, equalities: EqualityGraph, attacker: Attacker, k: number) {
    this.#structure = structure;
    this.#k = k;
    this.#equalities = equalities;
    this.#attacker = attacker;
  }

  /** Cells to suppress for `target`, ascending; empty when no candidate is left. */
  choose(target: number): number[] {
    const cycle = this.#isGraphLike(target) ? this.#cheapestCycle(target) : [];
    if (cycle.length > 0) return cycle;
    const single = this.#greedy(target);
    return single === undefined ? [] : [single];
  }

  #isCandidate(cell: number): boolean {
    return this.#attacker.status[cell] === 'published' && this.#structure.cells[cell]!.value > 0;
  }

  /** In c's component, does every cell sit in at most two equalities (a graph, not a hypergraph)? */
  #isGraphLike(target: number): boolean {
    const component = this.#structure.componentOfCell[target]!;
    let graphLike = this.#graphLike.get(component);
    if (graphLike === undefined) {
      const { ofCell } = this.#equalities;
      graphLike = this.#structure.components[component]!.cells.every((cell) => ofCell[cell]!.length <= 2);
      this.#graphLike.set(component, graphLike);
    }
    return graphLike;
  }

  /** Cost of passing through a cell: its value when published, 0 when secondary, k when primary. */
  #cost(cell: number, target: number): number | undefined {
    if (cell === target) return undefined;
    const status = this.#attacker.status[cell];
    if (status === 'secondary') return 0;
    // Another primary cell is already hidden, but a cycle through a small count is narrow: it costs
    // as much as hiding the smallest publishable count.
    if (status === 'primary') return this.#k;
    const { value } = this.#structure.cells[cell]!;
    return value > 0 ? value : undefined;
  }

  #cheapestCycle(target: number): number[] {
    const own = this.#equalities.ofCell[target]!;
    let best: { cost: number; hops: number; cells: number[] } | undefined;
    for (const [i, from] of own.entries()) {
      for (const to of own.slice(i + 1)) {
        const path = this.#shortestPath(from, to, target);
        if (path && (!best || path.cost < best.cost || (path.cost === best.cost && path.cells.length < best.hops))) {
          best = { cost: path.cost, hops: path.cells.length, cells: path.cells };
        }
      }
    }
    if (!best) return [];
    return best.cells.filter((cell) => this.#attacker.status[cell] === 'published').sort((a, b) => a - b);
  }

  /**
   * Dijkstra over (equality, whether a new cell was used yet), edges being cells shared by two
   * equalities: the cheapest chain from `from` to `to` that suppresses at least one new cell.
   */
  #shortestPath(from: number, to: number, target: number): { cost: number; cells: number[] } | undefined {
    const { members, ofCell } = this.#equalities;
    interface Step {
      cost: number;
      hops: number;
      via: number;
      previous: number;
    }
    const start = from * 2;
    const goal = to * 2 + 1;
    const distance = new Map<number, Step>([[start, { cost: 0, hops: 0, via: -1, previous: -1 }]]);
    const done = new Set<number>();
    const better = (a: Step, b: Step | undefined): boolean => !b || a.cost < b.cost || (a.cost === b.cost && a.hops < b.hops);
    for (;;) {
      let current = -1;
      let currentStep: Step | undefined;
      for (const [node, step] of distance) {
        if (!done.has(node) && (better(step, currentStep) || (!better(currentStep!, step) && node < current))) {
          current = node;
          currentStep = step;
        }
      }
      if (!currentStep) return undefined;
      if (current === goal) break;
      done.add(current);
      const equality = current >> 1;
      for (const cell of members[equality]!) {
        const cost = this.#cost(cell, target);
        if (cost === undefined) continue;
        const layer = (current & 1) | (this.#attacker.status[cell] === 'published' ? 1 : 0);
        for (const nextEquality of ofCell[cell]!) {
          const next = nextEquality * 2 + layer;
          if (nextEquality === equality || done.has(next)) continue;
          const step = { cost: currentStep.cost + cost, hops: currentStep.hops + 1, via: cell, previous: current };
          if (better(step, distance.get(next))) distance.set(next, step);
        }
      }
    }
    const cells = new Set<number>();
    for (let node = goal; node !== start; node = distance.get(node)!.previous) cells.add(distance.get(node)!.via);
    return { cost: distance.get(goal)!.cost, cells: [...cells] };
  }

  #greedy(target: number): number | undefined {
    const { cells, components, componentOfCell, cellsOfVar } = this.#structure;
    const { members, ofCell } = this.#equalities;
    const status = this.#attacker.status;
    const candidates = components[componentOfCell[target]!]!.cells.filter((cell) => this.#isCandidate(cell));
    if (candidates.length === 0) return undefined;

    const closes = new Map<number, number>();
    const considered = new Set<number>();
    for (const cell of candidates) {
      for (const equality of ofCell[cell]!) {
        if (considered.has(equality)) continue;
        considered.add(equality);
        const suppressed = members[equality]!.filter((member) => status[member] !== 'published');
        const lone = suppressed[0];
        if (suppressed.length !== 1 || (lone !== target && status[lone!] !== 'secondary')) continue;
        for (const member of members[equality]!) closes.set(member, (closes.get(member) ?? 0) + 1);
      }
    }
    const near = new Set<number>();
    for (const equality of ofCell[target]!) for (const member of members[equality]!) near.add(member);
    for (const v of cells[target]!.vars) for (const cell of cellsOfVar[v]!) near.add(cell);

    const key = (cell: number): (number | string)[] => [
      -(closes.get(cell) ?? 0),
      near.has(cell) ? 0 : 1,
      cells[cell]!.value,
      cells[cell]!.id,
    ];
    let best = candidates[0]!;
    let bestKey = key(best);
    for (const cell of candidates.slice(1)) {
      const cellKey = key(cell);
      if (compareKeys(cellKey, bestKey) < 0) {
        best = cell;
        bestKey = cellKey;
      }
    }
    return best;
  }
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
