import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface EngineSettings {
  /** DuckDB's memory cap and worker threads (config DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS). */
  memoryLimit: string;
  threads: number;
  /** Where the instance's spill directory is made (one per instance, so processes never share one). */
  workDir: string;
}

const instances = new Map<string, Promise<DuckDBInstance>>();

/**
 * A new connection to the process's DuckDB instance for these settings. Everything a build makes
 * is a TEMP table, which belongs to its connection and goes when the connection is closed, so runs
 * share the instance without seeing each other; starting and closing an instance cost more than a
 * small dataset's whole build (README, "Performance"). The caller closes the connection.
 *
 * The instance outlives its builds, so its allocator must give memory back once a statement is
 * done: background purge threads and a low flush threshold. Without them the memory a build
 * used stayed with the process through the upload, and the 10M-row registry publish peaked at
 * 603 MiB instead of under 512.
 */
export async function connectEngine(settings: EngineSettings): Promise<DuckDBConnection> {
  const key = JSON.stringify([settings.memoryLimit, settings.threads, settings.workDir]);
  let instance = instances.get(key);
  if (!instance) {
    instance = (async () =>
      DuckDBInstance.create(':memory:', {
        memory_limit: settings.memoryLimit,
        threads: String(settings.threads),
        temp_directory: join(await mkdtemp(join(settings.workDir, 'duckdb-spill-')), 'spill'),
        preserve_insertion_order: 'true',
        allocator_background_threads: 'true',
        allocator_flush_threshold: '8MB',
      }))();
    instances.set(key, instance);
    instance.catch(() => instances.delete(key));
  }
  return (await instance).connect();
}
