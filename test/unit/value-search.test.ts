import { describe, expect, it } from 'vitest';
import { matchValues, prepareIndex } from '../../src/catalog/value-search.ts';

const index = prepareIndex({
  columns: [
    {
      column: 'facility_name',
      values: [
        ['Bệnh viện Bạch Mai', 3],
        ['Phòng khám Bạch Mai 2', 1],
        ['Bệnh viện Chợ Rẫy', 2],
        ['Trạm y tế xã Mai Sơn', 1],
      ],
    },
    { column: 'owner', values: [['Công ty Bạch Dương', 4]] },
  ],
});

describe('matching search words against a register’s published values', () => {
  it('finds values holding every word, with or without diacritics, and says how many rows and which values', () => {
    const expected = [{ column: 'facility_name', rows: 4, values: 2, examples: ['Bệnh viện Bạch Mai', 'Phòng khám Bạch Mai 2'] }];
    expect(matchValues(index, 'bach mai')).toEqual(expected);
    expect(matchValues(index, 'BẠCH MAI')).toEqual(expected);
  });

  it('matches a word at the start of a word only, never inside one, and every word of the search', () => {
    expect(matchValues(index, 'ach')).toEqual([]);
    expect(matchValues(index, 'mai')).toEqual([
      { column: 'facility_name', rows: 5, values: 3, examples: ['Bệnh viện Bạch Mai', 'Phòng khám Bạch Mai 2', 'Trạm y tế xã Mai Sơn'] },
    ]);
    expect(matchValues(index, 'bach ray')).toEqual([]);
  });

  it('reports each column that matches, the values with the most rows first, at most three', () => {
    expect(matchValues(index, 'bach')).toEqual([
      { column: 'facility_name', rows: 4, values: 2, examples: ['Bệnh viện Bạch Mai', 'Phòng khám Bạch Mai 2'] },
      { column: 'owner', rows: 4, values: 1, examples: ['Công ty Bạch Dương'] },
    ]);
    expect(matchValues(index, 'b')[0]!.examples).toEqual(['Bệnh viện Bạch Mai', 'Bệnh viện Chợ Rẫy', 'Phòng khám Bạch Mai 2']);
    expect(matchValues(index, '  ')).toEqual([]);
  });
});
