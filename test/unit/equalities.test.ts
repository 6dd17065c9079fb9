import { describe, expect, it } from 'vitest';
import { buildEqualities } from '../../src/disclosure/equalities.ts';
import { buildStructure } from '../../src/disclosure/structure.ts';
import type { Cell } from '../../src/disclosure/types.ts';

const cell = (id: string, vars: number[]): Cell => ({ id, vars, value: vars.length });
const named = (cells: Cell[], members: number[][]) => members.map((m) => m.map((c) => cells[c]!.id));

describe('the additivity relations between published cells', () => {
  it('a two-way table with margins: each row and column its total, the grand total both ways', () => {
    // Joint variables 0..3 are the interior cells a, b (row 1) and c, d (row 2).
    const cells = [
      cell('a', [0]),
      cell('b', [1]),
      cell('c', [2]),
      cell('d', [3]),
      cell('row1', [0, 1]),
      cell('row2', [2, 3]),
      cell('col1', [0, 2]),
      cell('col2', [1, 3]),
      cell('total', [0, 1, 2, 3]),
    ];
    const { members, ofCell } = buildEqualities(buildStructure(cells, 4));
    expect(
      named(cells, members)
        .map((m) => m.join(' '))
        .sort(),
    ).toEqual(['a b row1', 'c d row2', 'a c col1', 'b d col2', 'row1 row2 total', 'col1 col2 total'].sort());
    // Each interior cell is in its row and its column; the total in its two families.
    expect(ofCell[0]).toHaveLength(2);
    expect(ofCell[8]).toHaveLength(2);
  });

  it('two tables of one population without margins: their sums are equal; a total published twice is one equality', () => {
    const cells = [cell('A1', [0, 1]), cell('A2', [2, 3]), cell('B1', [0, 2]), cell('B2', [1, 3]), cell('x', [0]), cell('x again', [0])];
    const { members } = buildEqualities(buildStructure(cells, 4));
    expect(named(cells, members)).toContainEqual(['A1', 'A2', 'B1', 'B2']);
    expect(named(cells, members)).toContainEqual(['x', 'x again']);
  });

  it('a total split forty ways, each split crossing all the others (more families than one word of bits)', () => {
    // 80 variables on a circle; the arcs of 40 starting at 0..79 overlap pairwise except opposite
    // arcs, which together make the total: forty equalities total = arc i + arc i+40.
    const arcs = Array.from({ length: 80 }, (_, start) =>
      cell(
        `arc ${start}`,
        Array.from({ length: 40 }, (_, i) => (start + i) % 80).sort((a, b) => a - b),
      ),
    );
    const cells = [
      ...arcs,
      cell(
        'total',
        Array.from({ length: 80 }, (_, v) => v),
      ),
    ];
    const { members } = buildEqualities(buildStructure(cells, 80));
    expect(members).toEqual(Array.from({ length: 40 }, (_, i) => [i, i + 40, 80]));
  });
});
