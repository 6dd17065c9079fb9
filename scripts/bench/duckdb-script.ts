/**
 * What the two DuckDB reference children (minimal-child.ts, duckdb-child.ts) share: one DuckDB
 * instance, named steps timed as they run, and the end of every script: each output table `COPY`
 * to CSV and to ZSTD Parquet, sizes and row counts, the process's usage.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../../src/sql.ts';
import { round, usageNow, usageSince, type ChildUsage } from './lib.ts';

export interface DuckdbScriptResult extends ChildUsage {
  dataset: string;
  seconds: number;
  rowsOut: number;
  csvBytes: number;
  parquetBytes: number;
  /** Seconds per step (read and project or group, each COPY). */
  steps: Record<string, number>;
}

/** A table the script made, and the file stem it is written under. */
export interface ScriptOutput {
  table: string;
  name: string;
}

export interface DuckdbScript {
  db: DuckDBConnection;
  /** Runs one statement, adding its time to the step `name`; a failure names the step. */
  step(name: string, statement: string): Promise<void>;
  /** Writes every output as CSV and Parquet into `workDir`, closes DuckDB, and reports. */
  finish(outputs: ScriptOutput[]): Promise<DuckdbScriptResult>;
}

/** Opens DuckDB with `config` (none: DuckDB's defaults); the clock and usage start here. */
export async function openDuckdbScript(
  label: string,
  dataset: string,
  workDir: string,
  config: Record<string, string> = {},
): Promise<DuckdbScript> {
  await mkdir(workDir, { recursive: true });
  const start = usageNow();
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:', config);
  const db = await instance.connect();
  const steps: Record<string, number> = {};
  const step = async (name: string, statement: string) => {
    const t = performance.now();
    try {
      await db.run(statement);
    } catch (error) {
      throw new Error(`${label} DuckDB step "${name}" failed: ${(error as Error).message}`);
    }
    steps[name] = round((steps[name] ?? 0) + (performance.now() - t) / 1000, 3);
  };
  const finish = async (outputs: ScriptOutput[]): Promise<DuckdbScriptResult> => {
    let csvBytes = 0;
    let parquetBytes = 0;
    let rowsOut = 0;
    for (const { table, name } of outputs) {
      const csv = join(workDir, `${name}.csv`);
      const parquet = join(workDir, `${name}.parquet`);
      await step('COPY csv', `COPY ${ident(table)} TO ${literal(csv)} (FORMAT csv, HEADER true)`);
      await step('COPY parquet', `COPY ${ident(table)} TO ${literal(parquet)} (FORMAT parquet, COMPRESSION zstd)`);
      csvBytes += (await stat(csv)).size;
      parquetBytes += (await stat(parquet)).size;
      rowsOut += Number((await db.runAndReadAll(`SELECT count(*) FROM ${ident(table)}`)).getRows()[0]![0] as bigint);
    }
    db.closeSync();
    instance.closeSync();
    return { dataset, seconds: round((performance.now() - t0) / 1000, 3), rowsOut, csvBytes, parquetBytes, steps, ...usageSince(start) };
  };
  return { db, step, finish };
}
