import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import type { AggregateRelease } from './aggregate.ts';
import type { BuildResult, ProvinceReference } from './engine-types.ts';
import { versionCharts } from './charts.ts';
import { versionPreview } from './preview.ts';
import { periodDates } from './periods.ts';
import { connectEngine, type EngineSettings } from './duckdb.ts';
import { kindOf, type BuildInput } from './kinds/index.ts';
import type { RowProblem, StagedExport } from './staging.ts';

export type { BuildResult, ProvinceReference, SharedKey, RegistryQuality } from './engine-types.ts';
export type { AggregateRelease, AggregateRunLog } from './aggregate.ts';
export type { RowProblem, StagedExport } from './staging.ts';
export { fileRow } from './staging.ts';

/** What a build reads: the staged exports, or on the distributed path the partitions' counts. */
export type RunInput = Pick<BuildInput, 'exports' | 'partialCounts'>;

const MAX_LISTED_PROBLEMS = 1000;

/** The problems a run lists (report, quality report): the first ones by file and row. */
export const listedProblems = (problems: RowProblem[]): RowProblem[] =>
  [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row).slice(0, MAX_LISTED_PROBLEMS);

/**
 * Turns staged exports into the version's tables with DuckDB: the dataset's kind reads them with
 * explicit text columns and a reject table, validates, then projects a registry's open columns or
 * counts an aggregate's grids under disclosure control, and writes CSV (body) and Parquet per
 * table. The same SQL can run on a distributed engine when a source outgrows one machine.
 */
export async function buildVersionFiles(
  definition: DatasetDefinition,
  input: RunInput,
  reference: ProvinceReference,
  options: { workDir: string; engine: EngineSettings; release: AggregateRelease },
): Promise<BuildResult> {
  const db = await connectEngine(options.engine);
  try {
    const built = await kindOf(definition).build(db, { ...input, reference, workDir: options.workDir, release: options.release });
    const charts = await versionCharts(db, definition, built.tables);
    // An aggregate's periods in order: the bars of its over-time chart (every table has the same periods).
    const periods = charts.find((c) => c.id === 'over-time')?.bars.map((b) => b.code) ?? [];
    return {
      ...built,
      preview: await versionPreview(db, definition, built.tables[0]!, periods.at(-1)),
      charts,
      // The days the data cover: the first period's first day to the last period's last day.
      ...(periods.length ? { coverage: { start: periodDates(periods[0]!).start, end: periodDates(periods.at(-1)!).end } } : {}),
      problems: listedProblems(built.problems),
    };
  } finally {
    db.closeSync();
  }
}
