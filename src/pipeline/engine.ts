import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { scanTable, type GateHit } from '../gate/scan.ts';
import type { VersionPreview } from '../catalog/model.ts';
import { ident } from '../sql.ts';
import { buildAggregate, type AggregateRelease } from './aggregate.ts';
import type { ProvinceReference, StagePartial } from './engine-types.ts';
import { buildRegistry } from './registry.ts';
import type { RowProblem, StagedExport } from './staging.ts';

export type { ProvinceReference, SharedKey, RegistryQuality } from './engine-types.ts';
export type { AggregateRelease, AggregateRunLog } from './aggregate.ts';
export type { RowProblem, StagedExport } from './staging.ts';
export { fileRow } from './staging.ts';

export interface BuildResult extends StagePartial {
  /** At most MAX_LISTED_PROBLEMS of the rejected rows, in file order. */
  problems: RowProblem[];
  /** What the identifier gate found in the tables about to be published (empty: clean). */
  gateHits: GateHit[];
  /** The first rows of the first table, for the dataset page. */
  preview: VersionPreview;
}

const PREVIEW_ROWS = 10;

const MAX_LISTED_PROBLEMS = 1000;

/**
 * Turns staged exports into the version's tables with DuckDB: read with explicit text columns and
 * a reject table, validate, then either project the registry's open columns or count the
 * aggregate's grids under disclosure control, and write CSV (body) and Parquet per table. The
 * same SQL can run on a distributed engine when a source outgrows one machine.
 */
export async function buildVersionFiles(
  definition: DatasetDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  options: { workDir: string; memoryLimit: string; threads: number; release: AggregateRelease },
): Promise<BuildResult> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit,
    threads: String(options.threads),
    temp_directory: join(options.workDir, 'duckdb-spill'),
    preserve_insertion_order: 'true',
  });
  const db = await instance.connect();
  try {
    const built =
      definition.kind === 'registry'
        ? await buildRegistry(db, definition, exports, reference, options.workDir)
        : await buildAggregate(db, definition, exports, reference, options.workDir, options.release);
    // A registry ran the gate itself, withholding the rows it hit (withhold.ts); an aggregate's
    // tables are scanned here, and any hit blocks the version.
    const gateHits: GateHit[] = [];
    if (definition.kind === 'aggregate') {
      for (const table of built.tables) {
        const columns = table.columns.map((c) => c.name);
        gateHits.push(...(await scanTable(db, { table: table.sqlTable, file: `${table.name}.csv`, columns })));
      }
    }
    const first = built.tables[0]!;
    const previewRows = (
      await db.runAndReadAll(
        `SELECT ${first.columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR)`).join(', ')} FROM ${ident(first.sqlTable)} ORDER BY rowid LIMIT ${PREVIEW_ROWS}`,
      )
    ).getRows();
    const preview: VersionPreview = {
      table: first.name,
      columns: first.columns.map((c) => c.name),
      rows: previewRows.map((row) => row.map((v) => (v === null ? null : String(v)))),
    };
    return {
      ...built,
      preview,
      problems: built.problems.sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row).slice(0, MAX_LISTED_PROBLEMS),
      gateHits,
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
