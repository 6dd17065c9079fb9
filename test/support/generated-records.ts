import type { DatasetGenerator, GeneratorOptions } from '../../datasets/generators/index.ts';

/**
 * A CSV generator's records as the cells of its CSV text (every cell a string, empty when absent),
 * straight from the generator: what parsing its export gives (test/unit/generators.test.ts checks
 * that they are the same), without writing and parsing tens of thousands of lines.
 */
export async function generatedRecords(g: DatasetGenerator, opts: GeneratorOptions): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const record of g.rows(opts)) {
    const cells: Record<string, string> = {};
    for (const column of g.columns) {
      const value = record[column] ?? '';
      if (typeof value !== 'string') throw new Error(`${g.id}: ${column} is a ${typeof value}, not the text a CSV cell holds`);
      cells[column] = value;
    }
    rows.push(cells);
  }
  return rows;
}
