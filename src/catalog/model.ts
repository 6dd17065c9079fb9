import type { Localized } from '../policy/dataset-definition.ts';
import type { TableSchema } from './tables.ts';

/** What the catalog stores about a dataset: the public description, copied from its definition on every run. */
export interface DatasetMetadata {
  id: string;
  title: Localized;
  description: Localized;
  keywords: { vi: string[]; en: string[] };
  categories: { number: number; vi: string; en: string }[];
  scope: string[];
  legalBasis: { id: string; title: Localized };
  licence: { id: string; title: string; url: string };
  publisher: { name: Localized; url: string; email: string };
  source: Localized;
  updateFrequency: Localized;
  kind: 'registry' | 'aggregate';
  /** The tables each version publishes (one CSV and one Parquet file each). */
  tables: TableSchema[];
  /** Aggregates only: the disclosure-control threshold. */
  disclosureK?: number;
  /** Source fields that are never published, with the provision that keeps them closed. */
  closedFields: StrippedField[];
}

export interface DatasetRecord {
  id: string;
  metadata: DatasetMetadata;
  latestVersion?: string;
  latestContentHash?: string;
  /** When a version was last published or withdrawn: what harvesters compare. */
  changedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface StrippedField {
  field: string;
  class: string;
  provision: string;
  reason: Localized;
  /**
   * Aggregates: the dimensions this field is counted by (e.g. `sex`): it never leaves the landing
   * area row by row, but the tables count by it. Absent: the field is dropped and used for nothing.
   */
  countedAs?: string[];
}

export type FileFormat = 'csv' | 'parquet' | 'xlsx' | 'datapackage' | 'quality-report' | 'search-index';

export interface VersionFile {
  name: string;
  format: FileFormat;
  key: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export interface SourceExport {
  key: string;
  province?: string;
  /** Registries only (see QualitySummary.rowsRead). */
  rowsRead?: number;
}

export interface QualitySummary {
  /** Registries only: an aggregate's row total would be a published total that narrows suppressed cells. */
  rowsRead?: number;
  /** Registries only: aggregates publish the rounded figure below, the same as their quality report. */
  rowsRejected?: number;
  /** Aggregates: rejected rows rounded up to a power-of-ten step. */
  rowsRejectedAtMost?: number;
  duplicateRowsCollapsed?: number;
  /** Values of the dataset's duplicate key held by more than one (different) published row. */
  sharedKeys?: number;
  rowsWithoutProvince?: number;
}

/**
 * The public audit of an aggregate version: the rule, k, and how many cells are suppressed. Never
 * the split into primary and complementary suppressions: "0 complementary" would prove every
 * suppressed cell small. The split stays in the run log.
 */
export interface DisclosureSummary {
  rule: string;
  k: number;
  cells: number;
  suppressed: number;
}

/**
 * `staged`: files written, not yet visible. It becomes visible when the dataset's latest pointer
 * names it (the commit point) and is then marked `published`. `withdrawn` (Art. 24.1): its files
 * have left the public bucket; the record stays as a tombstone with the reason and date (and, after
 * a purge, the date every stored copy was erased).
 */
export type VersionState = 'staged' | 'published' | 'withdrawn';

export interface Withdrawal {
  at: string;
  reason: string;
  /**
   * When every stored copy of the version's files was erased (`npm run withdraw -- … --purge`,
   * personal data published by mistake): every object version, not only the current objects.
   */
  purgedAt?: string;
}

export interface VersionRecord {
  datasetId: string;
  version: string;
  state: VersionState;
  createdAt: string;
  publishedAt?: string;
  contentHash: string;
  rowCount: number;
  files: VersionFile[];
  stripped: StrippedField[];
  unclassified: string[];
  sources: SourceExport[];
  quality: QualitySummary;
  disclosure?: DisclosureSummary;
  previousVersion?: string;
  /** Rows of the first table for the dataset page (preview.ts; values as in the Parquet file, the page escapes them). */
  preview?: VersionPreview;
  /** What changed since the previous version, per table (rows keyed as described in VersionChanges). */
  changes?: VersionChanges;
  /** The numbers the dataset page draws (src/pipeline/charts.ts), computed when the version was built. */
  charts?: VersionChart[];
  /**
   * Aggregates: the days the version's data cover, from its first period's first day to its last
   * period's last day (ISO dates): the catalog's temporal coverage. Registers have none: a version
   * is the register as of its date.
   */
  coverage?: { start: string; end: string };
  withdrawal?: Withdrawal;
}

/**
 * A bar of a chart: one category (a period, a province, a column's value). An aggregate's bar is
 * the sum of the category's published cells; `hiddenCells` of them are suppressed, so the true
 * total is at least `value` (all of them: nothing is known). A registry's bar counts rows.
 */
export interface ChartBar {
  code: string;
  /** The category's name, where the table has one (a province's). */
  label?: string;
  value: number;
  hiddenCells: number;
}

/** A chart of a version: `over-time` (an aggregate's periods, whole country) or `by-<column>`. */
export interface VersionChart {
  id: string;
  /** The table the numbers come from, and the column whose values the bars are. */
  table: string;
  column: string;
  /** By province on an aggregate: the period shown (the latest). */
  period?: string;
  /** Periods in order; other categories largest first, `*` last for the rest. */
  bars: ChartBar[];
  /** How many categories the `*` bar sums. */
  otherCategories?: number;
}

export interface VersionPreview {
  table: string;
  columns: string[];
  rows: (string | null)[][];
  /** Aggregates: the latest period, whose largest counts the rows are (codes left out, names kept). */
  period?: string;
}

/**
 * Rows added, removed and changed since `since`. A row's key is the dataset's duplicate key
 * (registries) or its dimension codes (aggregates); "changed" = same key, different values.
 */
export interface VersionChanges {
  since: string;
  /** Registries: per table. Aggregates: empty (a count of changed cells could tell of one person). */
  tables: { name: string; added: number; removed: number; changed: number }[];
  /** Aggregates: the periods this version adds; earlier periods are never revised. */
  periodsAdded?: string[];
}

/** A version is public when it is marked published or is what the latest pointer names. */
export const isVisible = (version: VersionRecord, dataset: DatasetRecord | undefined): boolean =>
  version.state !== 'withdrawn' && (version.state === 'published' || dataset?.latestVersion === version.version);
