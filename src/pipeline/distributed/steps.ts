import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AggregateDefinition } from '../../policy/dataset-definition.ts';
import { versionId } from '../../catalog/version-id.ts';
import { countRecords } from '../aggregate.ts';
import { connectEngine } from '../duckdb.ts';
import {
  engineSettings,
  inRunDirectory,
  publishDataset,
  selectExports,
  stageExport,
  type PublishDeps,
  type PublishReport,
} from '../publish.ts';
import { writePartialCounts, type PartialCountFiles } from './partial-counts.ts';

import { RUNS_PREFIX } from './state-machine.ts';

/**
 * The distributed path of an aggregate (`execution: 'distributed'` in its definition): a Step
 * Functions state machine (state-machine.ts) plans the run, counts each landing partition in its
 * own function (a Distributed Map), and finishes with one publish from the summed counts, through
 * the same tabulation, disclosure control, gate, writers and commit protocol as the single-function
 * path. The partial counts stay in the landing bucket (private) under RUNS_PREFIX.
 */

/** One landing partition to count: its newest export. */
export interface PartitionJob {
  index: number;
  key: string;
  partition: string;
  provinceCode?: string;
  size: number;
}

/** What the plan step hands the map and the finish step (small: a state's payload is capped at 256 KB). */
export interface PlannedRun {
  datasetId: string;
  /** Names the run's folder of partial counts. */
  runId: string;
  /** When the run started: decides the periods due, and names the version. */
  asOf: string;
  partitions: PartitionJob[];
}

const runPrefix = (datasetId: string, runId: string): string => `${RUNS_PREFIX}${datasetId}/${runId}/`;

/** Plan: the newest export of each landing partition, as the single-function path selects them. */
export async function planRun(definition: AggregateDefinition, deps: Pick<PublishDeps, 'landing' | 'now'>): Promise<PlannedRun> {
  const asOf = (deps.now ?? (() => new Date()))();
  const selected = await selectExports(definition, deps.landing);
  return {
    datasetId: definition.id,
    runId: `${versionId(asOf)}-${randomUUID().slice(0, 8)}`,
    asOf: asOf.toISOString(),
    partitions: selected.map((s, index) => ({ index, key: s.key, partition: s.partition, provinceCode: s.provinceCode, size: s.size })),
  };
}

/** Map: one partition's export read, validated and counted; the counts written beside the run. */
export async function countPartition(
  definition: AggregateDefinition,
  run: Pick<PlannedRun, 'runId' | 'asOf'>,
  job: PartitionJob,
  deps: PublishDeps,
): Promise<PartialCountFiles> {
  return inRunDirectory(deps.workDir, `${definition.id}-count`, async (runDir) => {
    const staged = await stageExport(deps.landing, job, join(runDir, 'export.csv'));
    const files = { parquet: join(runDir, 'counts.parquet'), json: join(runDir, 'counts.json') };
    const db = await connectEngine(engineSettings(deps));
    try {
      const counts = await countRecords(db, definition, [staged], deps.reference, new Date(run.asOf));
      await writePartialCounts(db, counts, files);
    } finally {
      db.closeSync();
    }
    const name = `${runPrefix(definition.id, run.runId)}${String(job.index).padStart(6, '0')}`;
    const keys = { parquet: `${name}.parquet`, json: `${name}.json` };
    await deps.landing.uploadFile(keys.parquet, files.parquet);
    await deps.landing.uploadFile(keys.json, files.json);
    return keys;
  });
}

/**
 * Finish: one publish from the partitions' counts, in plan order. The run's counts are deleted
 * after it, published or refused: unprotected small counts do not stay longer than the run needs
 * them (a run whose map failed leaves them to the landing bucket's 7-day expiry).
 */
export async function finishRun(
  definition: AggregateDefinition,
  run: Pick<PlannedRun, 'runId' | 'asOf'>,
  partials: PartialCountFiles[],
  deps: PublishDeps,
): Promise<PublishReport> {
  try {
    return await publishDataset(definition, { ...deps, now: () => new Date(run.asOf) }, { from: 'partial-counts', partials });
  } finally {
    const written = await deps.landing.list(runPrefix(definition.id, run.runId));
    if (written.length) await deps.landing.delete(written.map((o) => o.key));
  }
}
