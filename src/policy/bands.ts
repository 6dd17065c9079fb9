/**
 * The labels of a definition's age or value bands (lower bounds, ascending): `0`, `1-4`, …,
 * `85-89`, `90+`; a first band from 0 to n reads `<n`.
 */
export function bandLabels(bands: number[]): string[] {
  return bands.map((lo, i) => {
    const next = bands[i + 1];
    if (next === undefined) return `${lo}+`;
    if (lo === 0 && next > 1 && i === 0 && bands.length > 2 && next >= 15) return `<${next}`;
    return next - 1 === lo ? `${lo}` : `${lo}-${next - 1}`;
  });
}
