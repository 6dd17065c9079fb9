import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { scanText } from '../gate/scan.ts';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { ConcurrentPublishError, IdentifierGateError, InputRefusedError, PublishBlockedError, describeLocation } from '../errors.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { UNCLASSIFIED_REASON } from '../policy/decree-102.ts';
import { closedFields, datasetMetadata } from '../catalog/metadata.ts';
import type {
  DatasetRecord,
  DisclosureSummary,
  FileFormat,
  StrippedField,
  VersionChanges,
  VersionFile,
  VersionRecord,
} from '../catalog/model.ts';
import { datasetPageUrl, versionPrefix } from '../catalog/urls.ts';
import { buildDataPackage, tableSchema, type PackagedTable } from '../catalog/formats/datapackage.ts';
import { digestFile, digestStream, writeCsvWithBom } from './files.ts';
import { IMMUTABLE, MEDIA_TYPES } from '../catalog/media-types.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { findProvince } from '../reference/provinces.ts';
import {
  buildVersionFiles,
  type AggregateRunLog,
  type BuildResult,
  type ProvinceReference,
  type RowProblem,
  type StagedExport,
} from './engine.ts';
import { selectNewestExports } from './landing.ts';
import { prepareExportFile } from './staging.ts';
import type { WithheldRow } from './withhold.ts';
import { versionId } from '../catalog/version-id.ts';
import { compareTables, type TableToCompare } from './changes.ts';

export interface PublishDeps {
  landing: ObjectStore;
  publicFiles: ObjectStore;
  catalog: CatalogStore;
  reference: ProvinceReference;
  publicBaseUrl: string;
  workDir?: string;
  /** DuckDB's memory cap and threads (config DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS). */
  memoryLimit: string;
  threads: number;
  now?: () => Date;
  onProgress?: (progress: PublishProgress) => void;
}

export type PublishStage = 'download' | 'build' | 'compare' | 'upload' | 'verify' | 'commit';
export interface PublishProgress {
  stage: PublishStage;
  done: number;
  total: number;
}

export interface PublishReport {
  datasetId: string;
  outcome: 'published' | 'unchanged';
  /** The version published, or the latest one when nothing changed. */
  version: string;
  rowsRead: number;
  rowsRejected: number;
  rowCount: number;
  problems: RowProblem[];
  stripped: StrippedField[];
  duplicateRowsCollapsed: number;
  sharedKeys: number;
  rowsWithoutProvince: number;
  disclosure?: DisclosureSummary;
  /** Aggregates: periods and the suppression split, for the run log only (never published). */
  runLog?: AggregateRunLog;
  /**
   * Registry rows the identifier gate kept out of the files, and each hit's source file (landing
   * key), line, column and masked value: for the steward, never published.
   */
  withheldRows: number;
  withheld: WithheldRow[];
  sources: { key: string; province?: string; rowsRead: number }[];
  files: VersionFile[];
}

/** A staged version older than this belongs to a run that died (Lambda runs at most 15 minutes). */
const ABANDONED_AFTER_MS = 20 * 60 * 1000;

/**
 * One run of a dataset's publish job. The commit protocol:
 *  1. stage the version item (conditional: the id is new) before writing any file, so that a
 *     crash leaves a record of what to clean up;
 *  2. write and verify every file (size and sha256 read back from storage);
 *  3. move the dataset's latest pointer with a condition on its previous value: the commit point;
 *  4. mark the version published.
 * Readers only ever see versions that are published or named by the pointer, so a crash or a
 * concurrent run can never expose a half-written version.
 */
export async function publishDataset(definition: DatasetDefinition, deps: PublishDeps): Promise<PublishReport> {
  const now = deps.now ?? (() => new Date());
  const progress = deps.onProgress ?? (() => {});
  const startedAt = now();
  await repairUnfinishedVersions(definition.id, deps, startedAt);

  const selected = selectNewestExports(definition.id, await deps.landing.list(`${definition.id}/`), definition.source.format);
  if (selected.length === 0) {
    throw new InputRefusedError({ file: `${deps.landing.bucket}/${definition.id}/` }, 'no export has landed for this dataset');
  }

  const workDir = deps.workDir ?? tmpdir();
  await mkdir(workDir, { recursive: true });
  const runDir = await mkdtemp(join(workDir, `publish-${definition.id}-`));
  try {
    const staged: StagedExport[] = [];
    for (const [i, s] of selected.entries()) {
      progress({ stage: 'download', done: i, total: selected.length });
      const province = s.provinceCode === undefined ? undefined : findProvince(s.provinceCode);
      if (s.provinceCode !== undefined && !province) {
        throw new InputRefusedError({ file: s.key }, `the landing folder "${s.partition}" is not a province code in force`);
      }
      const file = join(runDir, `export-${i}.csv`);
      await deps.landing.downloadToFile(s.key, file);
      staged.push({ key: s.key, file: await prepareExportFile(file, s.key), province });
    }
    progress({ stage: 'download', done: selected.length, total: selected.length });

    // An aggregate's published periods are final: the build copies them from the latest version.
    const latestBefore = await deps.catalog.getDataset(definition.id);
    const previousVersion = latestBefore?.latestVersion
      ? await deps.catalog.getVersion(definition.id, latestBefore.latestVersion)
      : undefined;
    // A registry's previous files are only needed to describe a change: fetched after the build.
    let previousTables =
      previousVersion && definition.kind === 'aggregate' ? await downloadPreviousTables(previousVersion, deps, runDir) : undefined;

    progress({ stage: 'build', done: 0, total: 1 });
    const built = await buildVersionFiles(definition, staged, deps.reference, {
      workDir: runDir,
      memoryLimit: deps.memoryLimit,
      threads: deps.threads,
      release: { asOf: startedAt, previous: previousTables },
    });
    progress({ stage: 'build', done: 1, total: 1 });
    checkGates(definition, built);

    const metadata = datasetMetadata(definition);
    const version = versionId(startedAt);
    const prefix = versionPrefix(definition.id, version);
    const localFiles = new Map<string, string>();
    const packaged: PackagedTable[] = [];
    for (const table of built.tables) {
      const csvFile = join(runDir, `${table.name}.csv`);
      await writeCsvWithBom(table.csvBodyFile, csvFile);
      const csv = await describeFile(csvFile, 'csv', `${table.name}.csv`, prefix);
      const parquet = await describeFile(table.parquetFile, 'parquet', `${table.name}.parquet`, prefix);
      localFiles.set(csv.key, csvFile).set(parquet.key, table.parquetFile);
      packaged.push({ schema: metadata.tables.find((t) => t.name === table.name)!, csv, parquet });
    }
    // What the version *says*: the data and the schema. Unchanged content publishes nothing.
    const contentHash = sha256(JSON.stringify(packaged.map((t) => ({ schema: tableSchema(t.schema), csv: t.csv.sha256 }))));

    await deps.catalog.saveDatasetMetadata(metadata, startedAt.toISOString());
    const dataset = await deps.catalog.getDataset(definition.id);
    const stripped = strippedFields(definition, built);
    const summary: Omit<PublishReport, 'outcome' | 'version' | 'files'> = {
      datasetId: definition.id,
      rowsRead: built.rowsRead,
      rowsRejected: built.rowsRejected,
      rowCount: built.tables.reduce((sum, t) => sum + t.rowCount, 0),
      problems: built.problems,
      stripped,
      duplicateRowsCollapsed: built.registry?.duplicateRowsCollapsed ?? 0,
      sharedKeys: built.registry?.sharedKeyCount ?? 0,
      rowsWithoutProvince: built.registry?.rowsWithoutProvince ?? 0,
      withheldRows: built.registry?.withheldRows ?? 0,
      withheld: built.registry?.withheld ?? [],
      disclosure: built.disclosure,
      runLog: built.runLog,
      sources: built.sources.map(({ key, province, rowsRead }) => ({ key, province, rowsRead })),
    };
    // A withdrawn version's content never comes back on its own: the source must be corrected first.
    const withdrawnTwin = (await deps.catalog.listVersions(definition.id)).find(
      (v) => v.state === 'withdrawn' && v.contentHash === contentHash,
    );
    if (withdrawnTwin) {
      throw new PublishBlockedError(
        `the content is identical to version ${withdrawnTwin.version}, withdrawn on ${withdrawnTwin.withdrawal?.at.slice(0, 10)} (${withdrawnTwin.withdrawal?.reason}); correct the source export first. Nothing was published.`,
      );
    }
    // Read again only if another run moved the pointer since the build began.
    const previous =
      dataset?.latestVersion === previousVersion?.version
        ? previousVersion
        : dataset?.latestVersion
          ? await deps.catalog.getVersion(definition.id, dataset.latestVersion)
          : undefined;
    if (dataset?.latestVersion && dataset.latestContentHash === contentHash) {
      return { ...summary, outcome: 'unchanged', version: dataset.latestVersion, files: previous?.files ?? [] };
    }

    let changes: VersionChanges | undefined;
    if (previous) {
      progress({ stage: 'compare', done: 0, total: 1 });
      if (previous !== previousVersion) previousTables = undefined;
      previousTables ??= await downloadPreviousTables(previous, deps, runDir);
      changes = await changesSince(definition, built, previous, previousTables, runDir, deps);
      progress({ stage: 'compare', done: 1, total: 1 });
    }

    const qualityFile = join(runDir, 'quality-report.json');
    await writeFile(
      qualityFile,
      JSON.stringify(
        qualityReport(
          definition.id,
          version,
          built,
          stripped,
          definition.kind === 'registry' ? definition.identifierAllow.map((a) => a.column) : [],
        ),
        null,
        2,
      ),
    );
    const quality = await describeFile(qualityFile, 'quality-report', 'quality-report.json', prefix);
    const datapackageFile = join(runDir, 'datapackage.json');
    const datapackage = buildDataPackage({
      metadata,
      version,
      created: startedAt.toISOString(),
      datasetUrl: datasetPageUrl(deps.publicBaseUrl, definition.id),
      tables: packaged,
    });
    await writeFile(datapackageFile, JSON.stringify(datapackage, null, 2));
    const dp = await describeFile(datapackageFile, 'datapackage', 'datapackage.json', prefix);
    localFiles.set(dp.key, datapackageFile).set(quality.key, qualityFile);
    const files = [...packaged.flatMap((t) => [t.csv, t.parquet]), dp, quality];
    await identifierGate(definition, built, files, localFiles);

    const record: VersionRecord = {
      datasetId: definition.id,
      version,
      state: 'staged',
      createdAt: startedAt.toISOString(),
      contentHash,
      rowCount: summary.rowCount,
      files,
      stripped,
      unclassified: [...new Set(built.unclassified.flatMap((u) => u.fields))],
      sources: definition.kind === 'registry' ? summary.sources : summary.sources.map(({ key, province }) => ({ key, province })),
      quality: built.registry
        ? {
            rowsRead: built.rowsRead,
            rowsRejected: built.rowsRejected,
            duplicateRowsCollapsed: built.registry.duplicateRowsCollapsed,
            sharedKeys: built.registry.sharedKeyCount,
            rowsWithoutProvince: built.registry.rowsWithoutProvince,
          }
        : { rowsRejectedAtMost: roundUp(built.rowsRejected) },
      disclosure: built.disclosure,
      previousVersion: dataset?.latestVersion,
      preview: built.preview,
      changes,
    };
    await deps.catalog.stageVersion(record);
    try {
      for (const [i, f] of files.entries()) {
        progress({ stage: 'upload', done: i, total: files.length });
        await deps.publicFiles.uploadFile(f.key, localFiles.get(f.key)!, {
          contentType: f.mediaType,
          contentDisposition: `attachment; filename="${downloadName(definition.id, version, f.name)}"`,
          cacheControl: IMMUTABLE,
        });
      }
      for (const [i, f] of files.entries()) {
        progress({ stage: 'verify', done: i, total: files.length });
        await verifyStored(deps.publicFiles, f);
      }
      progress({ stage: 'commit', done: 0, total: 1 });
      await deps.catalog.moveLatest(definition.id, dataset?.latestVersion, record, now().toISOString());
    } catch (error) {
      // A lost response can hide a commit that happened (the retry then fails its condition):
      // if the pointer names this version, it is published and its files must stay.
      const committed = await pointerNames(deps, definition.id, version);
      if (committed) {
        await deps.catalog.markPublished(definition.id, version, now().toISOString());
        return { ...summary, outcome: 'published', version, files };
      }
      // Unknown (the catalog cannot be read): leave the staged version for the next run's repair.
      if (committed === undefined) throw error;
      await discardVersion(deps, record);
      if (error instanceof ConcurrentPublishError) return await afterLostRace(definition.id, contentHash, summary, deps, error);
      throw error;
    }
    await deps.catalog.markPublished(definition.id, version, now().toISOString());
    progress({ stage: 'commit', done: 1, total: 1 });
    return { ...summary, outcome: 'published', version, files };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

/** The previous version's table files (Parquet), downloaded once: by table name (file stem). */
async function downloadPreviousTables(previous: VersionRecord, deps: PublishDeps, runDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of previous.files.filter((f) => f.format === 'parquet')) {
    const stem = file.name.replace(/\.parquet$/, '');
    const path = join(runDir, `previous-${stem}.parquet`);
    await deps.publicFiles.downloadToFile(file.key, path);
    files.set(stem, path);
  }
  return files;
}

/**
 * What changed since the previous version. A registry: rows added, removed and changed per table.
 * An aggregate: only the periods added, never a count of cells (a change of one cell would tell of
 * one person); that nothing else moved is checked here, and a difference fails the publish.
 */
async function changesSince(
  definition: DatasetDefinition,
  built: BuildResult,
  previous: VersionRecord,
  previousTables: Map<string, string>,
  runDir: string,
  deps: PublishDeps,
): Promise<VersionChanges> {
  const tables: TableToCompare[] = built.tables.map((table) => {
    const columns = table.columns.map((c) => c.name);
    const keyColumns =
      definition.kind === 'registry'
        ? definition.quality.duplicateKey
          ? [definition.quality.duplicateKey]
          : columns
        : columns.filter((c) => c !== 'count' && c !== 'count_status');
    return { name: table.name, keyColumns, columns, current: table.parquetFile, previous: previousTables.get(table.name) };
  });
  const compared = await compareTables(tables, { memoryLimit: deps.memoryLimit, threads: deps.threads, workDir: runDir });
  if (definition.kind === 'registry') return { since: previous.version, tables: compared };
  const kept = built.runLog?.periodsKept.length ?? 0;
  const revised = compared.filter((t) => t.changed > 0 || t.removed > 0);
  if (kept > 0 && revised.length > 0) {
    throw new PublishBlockedError(
      `published periods of ${revised.map((t) => t.name).join(', ')} would change; they are final. Nothing was published.`,
    );
  }
  return { since: previous.version, tables: [], periodsAdded: built.runLog?.periodsAdded ?? [] };
}

/**
 * Every byte about to be published: the tables (scanned in the engine), the JSON metadata and
 * every file name. The publisher's official contact address is the one identifier meant to be there.
 */
async function identifierGate(
  definition: DatasetDefinition,
  built: BuildResult,
  files: VersionFile[],
  localFiles: Map<string, string>,
): Promise<void> {
  const hits = [...built.gateHits];
  for (const f of files) {
    hits.push(...scanText(f.key, f.key));
    if (f.format === 'datapackage' || f.format === 'quality-report') {
      const text = blankMachineIdentifiers(await readFile(localFiles.get(f.key)!, 'utf8'));
      hits.push(...scanText(f.name, text, [definition.publisher.email]));
    }
  }
  if (hits.length) throw new IdentifierGateError(definition.id, hits);
}

/**
 * Digests (sha256 hex) and UUIDs that the pipeline itself writes into metadata hold digit runs that
 * can look like phone or ID numbers; they are blanked (same length, so line numbers hold) before
 * the scan. Nothing from a source export has that shape.
 */
export const blankMachineIdentifiers = (text: string): string =>
  text
    .replace(/\b[0-9a-f]{32,}\b/gi, (m) => '#'.repeat(m.length))
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (m) => '#'.repeat(m.length));

function checkGates(definition: DatasetDefinition, built: BuildResult): void {
  const limit = definition.quality.maxRejectedRatio;
  if (built.rowsRejected > built.rowsRead * limit) {
    const first = built.problems.slice(0, 5).map((p) => `${describeLocation(p)}: ${p.message}`);
    throw new PublishBlockedError(
      `${built.rowsRejected} of ${built.rowsRead} rows were rejected, more than the ${(limit * 100).toFixed(1)}% this dataset allows; nothing was published. ` +
        `First problems: ${first.join('; ')}`,
    );
  }
  if (built.rowsRead - built.rowsRejected <= 0) throw new PublishBlockedError('no valid row remains; nothing was published');
}

/** Classified closed fields and unclassified ones that the exports carried, each with its reason. */
function strippedFields(definition: DatasetDefinition, built: BuildResult): StrippedField[] {
  const closed = closedFields(definition);
  const unclassified = [...new Set(built.unclassified.flatMap((u) => u.fields))].map((field) => ({
    field,
    class: 'unclassified',
    provision: UNCLASSIFIED_REASON.provision,
    reason: { vi: UNCLASSIFIED_REASON.vi, en: UNCLASSIFIED_REASON.en },
  }));
  return [...closed, ...unclassified];
}

/**
 * The public quality report. For an aggregate it holds no row counts or row numbers: the number
 * of valid rows is the grand total of every table, which would narrow suppressed cells.
 */
function qualityReport(datasetId: string, version: string, built: BuildResult, stripped: StrippedField[], allowedColumns: string[]) {
  if (!built.registry) {
    const byReason = new Map<string, number>();
    for (const p of built.problems)
      byReason.set(`${p.field ?? ''}: ${p.message}`, (byReason.get(`${p.field ?? ''}: ${p.message}`) ?? 0) + 1);
    return {
      dataset: datasetId,
      version,
      rejectedRowsAtMost: roundUp(built.rowsRejected),
      rejectionReasons: [...byReason.keys()].sort(),
      disclosure: built.disclosure,
      stripped,
    };
  }
  // Columns allowed to hold identifier-like values stay in the data files only, not in row copies here.
  const omit = new Set(allowedColumns);
  const trim = (row: Record<string, string | null>) => Object.fromEntries(Object.entries(row).filter(([k]) => !omit.has(k)));
  // Sources by number and province: a landing key holds the uploader's own file name, which is
  // for the steward's report, not the public one.
  const sourceNumber = new Map(built.sources.map((s, i) => [s.key, i + 1]));
  return {
    dataset: datasetId,
    version,
    rowsRead: built.rowsRead,
    rowsRejected: built.rowsRejected,
    rejectedRows: built.problems.map(({ file, ...rest }) => ({ source: sourceNumber.get(file) ?? null, ...rest })),
    duplicateRowsCollapsed: built.registry.duplicateRowsCollapsed,
    rowsWithoutProvince: built.registry.rowsWithoutProvince,
    rowsWithoutProvinceListed: built.registry.rowsWithoutProvinceListed.map(trim),
    // How many rows the identifier gate withheld, rounded like rejectedRowsAtMost: where they
    // came from and what was in them is for the steward only.
    withheldRowsAtMost: built.registry.withheldRows > 0 ? roundUp(built.registry.withheldRows) : 0,
    sharedKeyCount: built.registry.sharedKeyCount,
    sharedKeys: built.registry.sharedKeys.map(({ value, rows }) => ({ value, rows: rows.map(trim) })),
    sources: built.sources.map((s, i) => ({ source: i + 1, province: s.province ?? null, rowsRead: s.rowsRead })),
    stripped,
  };
}

/** Rounded up to a power-of-ten step so that the report does not pin the number of rows. */
const roundUp = (n: number): number => {
  if (n <= 0) return 0;
  const step = 10 ** Math.max(1, Math.floor(Math.log10(n)));
  return Math.ceil(n / step) * step;
};

/** `<table>-<version>.<ext>`, or `<dataset>-<version>-<name>` for the version's metadata files. */
export function downloadName(datasetId: string, version: string, fileName: string): string {
  const match = /^(.*)\.(csv|parquet)$/.exec(fileName);
  return match ? `${match[1]}-${version}.${match[2]}` : `${datasetId}-${version}-${fileName}`;
}

async function describeFile(file: string, format: FileFormat, name: string, prefix: string): Promise<VersionFile> {
  const { sha256, bytes } = await digestFile(file);
  return { name, format, key: `${prefix}${name}`, mediaType: MEDIA_TYPES[format], bytes, sha256 };
}

/** Reads the object back from storage: what readers will download must be what we hashed. */
async function verifyStored(store: ObjectStore, file: VersionFile): Promise<void> {
  const response = await store.get(file.key);
  if (response.status === 304 || response.status === 416) throw new Error(`unexpected ${response.status} for ${file.key}`);
  const { sha256, bytes } = await digestStream(response.body);
  if (sha256 !== file.sha256 || bytes !== file.bytes) {
    throw new PublishBlockedError(`stored ${file.key} differs from what was written (${bytes} bytes, sha256 ${sha256.slice(0, 12)}…)`);
  }
}

async function discardVersion(deps: PublishDeps, record: Pick<VersionRecord, 'datasetId' | 'version' | 'files'>): Promise<void> {
  await deps.publicFiles.delete(record.files.map((f) => f.key));
  const leftovers = await deps.publicFiles.list(versionPrefix(record.datasetId, record.version));
  if (leftovers.length) await deps.publicFiles.delete(leftovers.map((o) => o.key));
  await deps.catalog.deleteVersion(record.datasetId, record.version);
}

/** Whether the dataset's latest pointer names `version` (read again); undefined when it cannot be read. */
async function pointerNames(deps: PublishDeps, datasetId: string, version: string): Promise<boolean | undefined> {
  try {
    return (await deps.catalog.getDataset(datasetId))?.latestVersion === version;
  } catch {
    return undefined;
  }
}

/** Another run moved the pointer first. If it published the same content, this run changed nothing. */
async function afterLostRace(
  datasetId: string,
  contentHash: string,
  summary: Omit<PublishReport, 'outcome' | 'version' | 'files'>,
  deps: PublishDeps,
  error: ConcurrentPublishError,
): Promise<PublishReport> {
  const dataset: DatasetRecord | undefined = await deps.catalog.getDataset(datasetId);
  if (dataset?.latestVersion && dataset.latestContentHash === contentHash) {
    const latest = await deps.catalog.getVersion(datasetId, dataset.latestVersion);
    return { ...summary, outcome: 'unchanged', version: dataset.latestVersion, files: latest?.files ?? [] };
  }
  throw error;
}

/**
 * Finishes what a crashed run left: a staged version that the pointer names is published (the
 * crash hit between commit and mark); one it does not name, older than any live run, is removed
 * with its files, which no reader could ever see.
 */
async function repairUnfinishedVersions(datasetId: string, deps: PublishDeps, now: Date): Promise<void> {
  const staged = (await deps.catalog.listVersions(datasetId)).filter((v) => v.state === 'staged');
  if (staged.length === 0) return;
  const dataset = await deps.catalog.getDataset(datasetId);
  for (const v of staged) {
    if (dataset?.latestVersion === v.version) {
      await deps.catalog.markPublished(datasetId, v.version, now.toISOString());
    } else if (now.getTime() - Date.parse(v.createdAt) > ABANDONED_AFTER_MS) {
      await discardVersion(deps, v);
    }
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
