import type { DisclosureSummary, VersionChart, VersionPreview } from '../catalog/model.ts';
import type { GateHit } from '../gate/scan.ts';
import type { Province } from '../reference/provinces.ts';
import type { AggregateRunLog } from './aggregate.ts';
import type { BuiltTable } from './outputs.ts';
import type { RowProblem } from './staging.ts';
import type { WithheldRow } from './withhold.ts';

export interface ProvinceReference {
  provinces: Province[];
  aliases: { alias: string; code: string }[];
}

export interface SharedKey {
  value: string;
  rows: Record<string, string | null>[];
}

/** What a registry build adds to the quality report. */
export interface RegistryQuality {
  duplicateRowsCollapsed: number;
  /** The first 1000 values shared by different rows, with those rows. */
  sharedKeys: SharedKey[];
  /** How many values are shared in all. */
  sharedKeyCount: number;
  rowsWithoutProvince: number;
  /** Up to 1000 published rows whose province could not be told. */
  rowsWithoutProvinceListed: Record<string, string | null>[];
  /** Rows the identifier gate kept out of the files, and where each hit came from (private: for the steward). */
  withheldRows: number;
  withheld: WithheldRow[];
}

export interface StagePartial {
  rowsRead: number;
  rowsRejected: number;
  problems: RowProblem[];
  tables: BuiltTable[];
  unclassified: { file: string; fields: string[] }[];
  sources: { key: string; province?: string; rowsRead: number }[];
  registry?: RegistryQuality;
  disclosure?: DisclosureSummary;
  /** Aggregates: what the run log says of periods and protection (never published). */
  runLog?: AggregateRunLog;
  /**
   * What the identifier gate found in the tables about to be published (empty: clean). A registry
   * withholds the rows it hits instead (withhold.ts), so its list is empty.
   */
  gateHits: GateHit[];
}

export interface BuildResult extends StagePartial {
  /** The first rows of the first table, for the dataset page. */
  preview: VersionPreview;
  /** What the dataset page draws (charts.ts). */
  charts: VersionChart[];
  /** Aggregates: the days the periods of the tables cover. */
  coverage?: { start: string; end: string };
}
