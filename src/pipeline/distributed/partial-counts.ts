import { readFile, writeFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregateDefinition } from '../../policy/dataset-definition.ts';
import { ident, literal, literalList } from '../../sql.ts';
import { countedDimensions, type RecordCounts } from '../aggregate.ts';
import { listedProblems } from '../engine.ts';

/**
 * A landing partition's counts (see writePartialCounts): a Parquet and a JSON file, named by their
 * paths on disk or their keys in the landing bucket.
 */
export interface PartialCountFiles {
  parquet: string;
  json: string;
}

/**
 * One landing partition's counts (the TEMP table `counted` of countRecords) as two files: the
 * counts as Parquet, and what counting learnt (rows read and rejected, problems, sources) as JSON.
 * Private: a partial count of 1 is exactly what disclosure control exists to hide.
 */
export async function writePartialCounts(db: DuckDBConnection, counts: RecordCounts, files: PartialCountFiles): Promise<void> {
  await db.run(`COPY counted TO ${literal(files.parquet)} (FORMAT parquet, COMPRESSION zstd)`);
  // A partition lists its first problems only: the run lists the first of all, by file and row.
  await writeFile(files.json, JSON.stringify({ ...counts, problems: listedProblems(counts.problems) }));
}

/**
 * The partitions' counts summed into the TEMP table `counted`, and what they learnt merged in
 * partition order: what countRecords leaves after reading every partition's export itself.
 */
export async function loadPartialCounts(
  db: DuckDBConnection,
  definition: AggregateDefinition,
  partials: PartialCountFiles[],
): Promise<RecordCounts> {
  const dims = countedDimensions(definition).map(ident).join(', ');
  await db.run(
    `CREATE TEMP TABLE counted AS SELECT ${dims}, sum(n)::BIGINT AS n FROM read_parquet([${literalList(partials.map((p) => p.parquet))}]) GROUP BY ALL`,
  );
  const merged: RecordCounts = { rowsRead: 0, rowsRejected: 0, problems: [], unclassified: [], sources: [] };
  for (const partial of partials) {
    const counts = JSON.parse(await readFile(partial.json, 'utf8')) as RecordCounts;
    merged.rowsRead += counts.rowsRead;
    merged.rowsRejected += counts.rowsRejected;
    merged.problems.push(...counts.problems);
    merged.unclassified.push(...counts.unclassified);
    merged.sources.push(...counts.sources);
  }
  return merged;
}
