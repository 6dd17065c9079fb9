import { describe, expect, it } from 'vitest';
import { loadProvinces } from '../../src/reference/provinces.ts';
import { PROVINCE_TILES } from '../../src/web/province-tiles.ts';

describe('the tile map of the provinces', () => {
  it('places every province in force exactly once, each on a square of its own, with a distinct short name', () => {
    expect(Object.keys(PROVINCE_TILES).sort()).toEqual(
      loadProvinces()
        .map((p) => p.code)
        .sort(),
    );
    const squares = Object.values(PROVINCE_TILES).map((t) => `${t.row},${t.col}`);
    expect(new Set(squares).size).toBe(squares.length);
    const shorts = Object.values(PROVINCE_TILES).map((t) => t.short);
    expect(new Set(shorts).size).toBe(shorts.length);
  });

  it('runs north to south: Hà Nội above Huế above Thành phố Hồ Chí Minh above Cà Mau', () => {
    const row = (code: string) => PROVINCE_TILES[code]!.row;
    expect(row('01')).toBeLessThan(row('46'));
    expect(row('46')).toBeLessThan(row('79'));
    expect(row('79')).toBeLessThan(row('96'));
  });
});
