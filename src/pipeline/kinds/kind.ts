import type { DuckDBConnection } from '@duckdb/node-api';
import type { QualitySummary, SourceExport, StrippedField, VersionChanges } from '../../catalog/model.ts';
import type { TableSchema } from '../../catalog/tables.ts';
import type { AggregateRelease } from '../aggregate.ts';
import type { BuildResult, ProvinceReference, StagePartial } from '../engine-types.ts';
import type { StagedExport } from '../staging.ts';
import type { PartialCountFiles } from '../distributed/partial-counts.ts';

export interface BuildInput {
  exports: StagedExport[];
  /** The distributed path: the landing partitions already counted (aggregates only), instead of exports. */
  partialCounts?: PartialCountFiles[];
  reference: ProvinceReference;
  workDir: string;
  release: AggregateRelease;
}

/**
 * Everything that differs between kinds of dataset (a registry publishes rows, an aggregate
 * counts), bound to one definition. The pipeline asks the kind and never branches on it; a new
 * kind is one new object.
 */
export interface DatasetKind {
  /**
   * Whether the build reads the latest version's tables (aggregates copy their published periods
   * byte for byte); otherwise they are fetched only to describe a change.
   */
  readonly buildsOnPreviousVersion: boolean;
  /** The version's tables from the staged exports, and what the run learnt about them. */
  build(db: DuckDBConnection, input: BuildInput): Promise<StagePartial>;
  /** The columns that identify a row when two versions are compared. */
  keyColumns(table: TableSchema): string[];
  /** The public summary of what changed, from the row comparison; refuses changes the kind forbids. */
  changes(compared: VersionChanges['tables'], built: BuildResult, since: string): VersionChanges;
  /**
   * The version's quality figures, computed once: the catalog stores them (the API shows them), the
   * quality report and the run's summary repeat them.
   */
  quality(built: BuildResult): QualitySummary;
  /** The sources the catalog keeps (never published with their landing keys). */
  sources(built: BuildResult): SourceExport[];
  /** The public quality-report.json. */
  qualityReport(version: string, built: BuildResult, quality: QualitySummary, stripped: StrippedField[]): object;
}

/** Rounded up to a power-of-ten step so that a published figure does not pin a number of rows. */
export const roundUp = (n: number): number => {
  if (n <= 0) return 0;
  const step = 10 ** Math.max(1, Math.floor(Math.log10(n)));
  return Math.ceil(n / step) * step;
};
