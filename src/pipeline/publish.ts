import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { scanText } from '../gate/scan.ts';
import { IdentifierGateError, InputRefusedError, PublishBlockedError, describeLocation } from '../errors.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { UNCLASSIFIED_REASON } from '../policy/decree-102.ts';
import { closedFields, datasetMetadata } from '../catalog/metadata.ts';
import type {
  DatasetMetadata,
  DisclosureSummary,
  FileFormat,
  QualitySummary,
  StrippedField,
  VersionChanges,
  VersionFile,
  VersionRecord,
} from '../catalog/model.ts';
import { datasetPageUrl, versionPrefix } from '../catalog/urls.ts';
import { buildDataPackage, tableSchema, type PackagedTable } from '../catalog/formats/datapackage.ts';
import { digestFile } from './files.ts';
import { MEDIA_TYPES } from '../catalog/media-types.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { findProvince } from '../reference/provinces.ts';
import {
  buildVersionFiles,
  type AggregateRunLog,
  type BuildResult,
  type ProvinceReference,
  type RowProblem,
  type RunInput,
  type StagedExport,
} from './engine.ts';
import type { PartialCountFiles } from './distributed/partial-counts.ts';
import { commitVersion, renderAfterCommit, repairUnfinishedVersions } from './commit.ts';
import type { EngineSettings } from './duckdb.ts';
import { kindOf, type DatasetKind } from './kinds/index.ts';
import { selectNewestExports, type SelectedExport } from './landing.ts';
import { prepareExportFile } from './staging.ts';
import type { WithheldRow } from './withhold.ts';
import { versionId } from '../catalog/version-id.ts';
import { compareTables } from './changes.ts';
import { XLSX_MAX_ROWS, writeTableXlsx } from './xlsx.ts';
import { writeSearchIndex } from './search-index.ts';

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
  /** Renders the static catalog as a run ends, published or unchanged (src/site/publish-site.ts). */
  renderSite?: () => Promise<unknown>;
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

/**
 * Where a run's records come from: the newest exports in the landing bucket, or, on the
 * distributed path (pipeline/distributed/), the counts its map step wrote for each landing
 * partition (object keys in the landing bucket, which is private).
 */
export type PublishSource = { from: 'landing' } | { from: 'partial-counts'; partials: PartialCountFiles[] };

type RunSummary = Omit<PublishReport, 'outcome' | 'version' | 'files'>;
type Progress = (progress: PublishProgress) => void;

/**
 * One run of a dataset's publish job: read the newest exports from the landing bucket, build the
 * tables, describe the version (files, digests, metadata), pass it through the identifier gate,
 * and commit it (commit.ts: nothing half-written ever becomes visible). Content identical to the
 * latest version publishes nothing.
 */
export async function publishDataset(
  definition: DatasetDefinition,
  deps: PublishDeps,
  source: PublishSource = { from: 'landing' },
): Promise<PublishReport> {
  const now = deps.now ?? (() => new Date());
  const progress: Progress = deps.onProgress ?? (() => {});
  const startedAt = now();
  const kind = kindOf(definition);
  await repairUnfinishedVersions(definition.id, { ...deps, now });

  return inRunDirectory(deps.workDir, definition.id, async (runDir) => {
    const input =
      source.from === 'landing'
        ? { exports: await readLanding(definition, deps.landing, runDir, progress) }
        : await readPartialCounts(source, deps.landing, runDir, progress);
    const latest = await latestVersion(deps.catalog, definition.id);
    let previousTables = kind.buildsOnPreviousVersion && latest ? await downloadTables(latest, deps.publicFiles, runDir) : undefined;
    const built = await build(definition, input, deps, { asOf: startedAt, previous: previousTables }, runDir, progress);

    const version = versionId(startedAt);
    const tables = await describeTables(built, versionPrefix(definition.id, version));
    const quality = kind.quality(built);
    const summary = runSummary(definition, built, quality);
    const metadata = datasetMetadata(definition);
    await deps.catalog.saveDatasetMetadata(metadata, startedAt.toISOString());
    await refuseWithdrawnContent(deps.catalog, definition.id, tables.contentHash);
    const dataset = await deps.catalog.getDataset(definition.id);
    // Another run may have moved the pointer since the build began: what it names now.
    const previous =
      dataset?.latestVersion === latest?.version
        ? latest
        : dataset?.latestVersion
          ? await deps.catalog.getVersion(definition.id, dataset.latestVersion)
          : undefined;
    if (dataset?.latestVersion && dataset.latestContentHash === tables.contentHash) {
      // Nothing to commit; the static catalog may still lag (a crash after an earlier commit, or a
      // withdrawal that did not finish): every run that ends well renders it.
      await renderAfterCommit(deps, { datasetId: definition.id, version: dataset.latestVersion });
      return { ...summary, outcome: 'unchanged', version: dataset.latestVersion, files: previous?.files ?? [] };
    }
    if (previous !== latest) previousTables = undefined;
    const changes = previous ? await describeChanges(kind, built, previous, previousTables, deps, runDir, progress) : undefined;

    const qualityReport = kind.qualityReport(version, built, quality, summary.stripped);
    const written = [
      ...(await describeWorkbooks(metadata, version, startedAt, built, deps, runDir)),
      ...(await describeMetadataFiles(metadata, version, startedAt, tables, qualityReport, deps, runDir)),
      ...(await describeSearchIndex(definition, version, built, deps, runDir)),
    ];
    const files = [...tables.packaged.flatMap((t) => [t.csv, t.parquet]), ...written.map((w) => w.file)];
    const localFiles = new Map([...tables.localFiles, ...written.map((w): [string, string] => [w.file.key, w.path])]);
    await identifierGate(definition, built, files, localFiles);

    const record: VersionRecord = {
      datasetId: definition.id,
      version,
      state: 'staged',
      createdAt: startedAt.toISOString(),
      contentHash: tables.contentHash,
      rowCount: summary.rowCount,
      files,
      stripped: summary.stripped,
      unclassified: [...new Set(built.unclassified.flatMap((u) => u.fields))],
      quality,
      sources: kind.sources(built),
      disclosure: built.disclosure,
      previousVersion: dataset?.latestVersion,
      preview: built.preview,
      charts: built.charts,
      ...(built.coverage ? { coverage: built.coverage } : {}),
      changes,
    };
    const committed = await commitVersion(record, localFiles, dataset?.latestVersion, {
      ...deps,
      now,
      onStep: (stage, done, total) => progress({ stage, done, total }),
    });
    return committed.outcome === 'published' ? { ...summary, outcome: 'published', version, files } : { ...summary, ...committed };
  });
}

export const engineSettings = (deps: PublishDeps): EngineSettings => ({
  memoryLimit: deps.memoryLimit,
  threads: deps.threads,
  workDir: deps.workDir ?? tmpdir(),
});

/** A private working directory for one run, removed afterwards whatever happens. */
export async function inRunDirectory<T>(workDir: string | undefined, datasetId: string, run: (runDir: string) => Promise<T>): Promise<T> {
  const parent = workDir ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const runDir = await mkdtemp(join(parent, `publish-${datasetId}-`));
  try {
    return await run(runDir);
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

/** Downloads the newest export of the dataset (one per province folder, or one national). */
async function readLanding(
  definition: DatasetDefinition,
  landing: ObjectStore,
  runDir: string,
  progress: Progress,
): Promise<StagedExport[]> {
  const selected = await selectExports(definition, landing);
  const staged: StagedExport[] = [];
  for (const [i, s] of selected.entries()) {
    progress({ stage: 'download', done: i, total: selected.length });
    staged.push(await stageExport(landing, s, join(runDir, `export-${i}.csv`)));
  }
  progress({ stage: 'download', done: selected.length, total: selected.length });
  return staged;
}

/** The newest export of each landing partition; refused when nothing has landed. */
export async function selectExports(definition: DatasetDefinition, landing: ObjectStore): Promise<SelectedExport[]> {
  const selected = selectNewestExports(definition.id, await landing.list(`${definition.id}/`), definition.source.format);
  if (selected.length === 0) {
    throw new InputRefusedError({ file: `${landing.bucket}/${definition.id}/` }, 'no export has landed for this dataset');
  }
  return selected;
}

/** One selected export on local disk, ready for the parser, with the province its folder names. */
export async function stageExport(
  landing: ObjectStore,
  selected: Pick<SelectedExport, 'key' | 'partition' | 'provinceCode'>,
  file: string,
): Promise<StagedExport> {
  const province = selected.provinceCode === undefined ? undefined : findProvince(selected.provinceCode);
  if (selected.provinceCode !== undefined && !province) {
    throw new InputRefusedError({ file: selected.key }, `the landing folder "${selected.partition}" is not a province code in force`);
  }
  await landing.downloadToFile(selected.key, file);
  return { key: selected.key, file: await prepareExportFile(file, selected.key), province };
}

/** Downloads the partitions' counts written by the distributed path's map step. */
async function readPartialCounts(
  source: Extract<PublishSource, { from: 'partial-counts' }>,
  landing: ObjectStore,
  runDir: string,
  progress: Progress,
): Promise<RunInput> {
  const partialCounts: PartialCountFiles[] = [];
  for (const [i, keys] of source.partials.entries()) {
    progress({ stage: 'download', done: i, total: source.partials.length });
    const files = { parquet: join(runDir, `partial-${i}.parquet`), json: join(runDir, `partial-${i}.json`) };
    await landing.downloadToFile(keys.parquet, files.parquet);
    await landing.downloadToFile(keys.json, files.json);
    partialCounts.push(files);
  }
  progress({ stage: 'download', done: source.partials.length, total: source.partials.length });
  return { exports: [], partialCounts };
}

const latestVersion = async (catalog: CatalogStore, datasetId: string): Promise<VersionRecord | undefined> => {
  const latest = (await catalog.getDataset(datasetId))?.latestVersion;
  return latest ? catalog.getVersion(datasetId, latest) : undefined;
};

/** The version's tables, refused when too many rows were rejected or none is left. */
async function build(
  definition: DatasetDefinition,
  input: RunInput,
  deps: PublishDeps,
  release: { asOf: Date; previous?: Map<string, string> },
  runDir: string,
  progress: Progress,
): Promise<BuildResult> {
  progress({ stage: 'build', done: 0, total: 1 });
  const built = await buildVersionFiles(definition, input, deps.reference, { workDir: runDir, engine: engineSettings(deps), release });
  progress({ stage: 'build', done: 1, total: 1 });
  const limit = definition.quality.maxRejectedRatio;
  if (built.rowsRejected > built.rowsRead * limit) {
    const first = built.problems.slice(0, 5).map((p) => `${describeLocation(p)}: ${p.message}`);
    throw new PublishBlockedError(
      `${built.rowsRejected} of ${built.rowsRead} rows were rejected, more than the ${(limit * 100).toFixed(1)}% this dataset allows; nothing was published. ` +
        `First problems: ${first.join('; ')}`,
    );
  }
  if (built.rowsRead - built.rowsRejected <= 0) throw new PublishBlockedError('no valid row remains; nothing was published');
  return built;
}

/** What the run tells the operator (the CLI and the logs): exact figures, kept private. */
function runSummary(definition: DatasetDefinition, built: BuildResult, quality: QualitySummary): RunSummary {
  return {
    datasetId: definition.id,
    rowsRead: built.rowsRead,
    rowsRejected: built.rowsRejected,
    rowCount: built.tables.reduce((sum, t) => sum + t.rowCount, 0),
    problems: built.problems,
    stripped: strippedFields(definition, built),
    duplicateRowsCollapsed: quality.duplicateRowsCollapsed ?? 0,
    sharedKeys: quality.sharedKeys ?? 0,
    rowsWithoutProvince: quality.rowsWithoutProvince ?? 0,
    withheldRows: built.registry?.withheldRows ?? 0,
    withheld: built.registry?.withheld ?? [],
    disclosure: built.disclosure,
    runLog: built.runLog,
    sources: built.sources.map(({ key, province, rowsRead }) => ({ key, province, rowsRead })),
  };
}

interface DescribedTables {
  packaged: PackagedTable[];
  /** What the version *says*: the data and the schema. */
  contentHash: string;
  /** Object key → file on disk. */
  localFiles: Map<string, string>;
}

/** Each table as a CSV (with BOM) and a Parquet file, with sizes and digests. */
async function describeTables(built: BuildResult, prefix: string): Promise<DescribedTables> {
  const localFiles = new Map<string, string>();
  const packaged: PackagedTable[] = [];
  for (const table of built.tables) {
    const csv = await describeFile(table.csvFile, 'csv', `${table.name}.csv`, prefix);
    const parquet = await describeFile(table.parquetFile, 'parquet', `${table.name}.parquet`, prefix);
    localFiles.set(csv.key, table.csvFile).set(parquet.key, table.parquetFile);
    packaged.push({ schema: table, csv, parquet });
  }
  const contentHash = sha256(JSON.stringify(packaged.map((t) => ({ schema: tableSchema(t.schema), csv: t.csv.sha256 }))));
  return { packaged, contentHash, localFiles };
}

/** A withdrawn version's content never comes back on its own: the source must be corrected first. */
async function refuseWithdrawnContent(catalog: CatalogStore, datasetId: string, contentHash: string): Promise<void> {
  const twin = (await catalog.listVersions(datasetId)).find((v) => v.state === 'withdrawn' && v.contentHash === contentHash);
  if (twin) {
    throw new PublishBlockedError(
      `the content is identical to version ${twin.version}, withdrawn on ${twin.withdrawal?.at.slice(0, 10)} (${twin.withdrawal?.reason}); correct the source export first. Nothing was published.`,
    );
  }
}

/** What changed since the previous version, in the kind's terms (see DatasetKind.changes). */
async function describeChanges(
  kind: DatasetKind,
  built: BuildResult,
  previous: VersionRecord,
  previousTables: Map<string, string> | undefined,
  deps: PublishDeps,
  runDir: string,
  progress: Progress,
): Promise<VersionChanges> {
  progress({ stage: 'compare', done: 0, total: 1 });
  const before = previousTables ?? (await downloadTables(previous, deps.publicFiles, runDir));
  const compared = await compareTables(
    built.tables.map((table) => ({
      name: table.name,
      keyColumns: kind.keyColumns(table),
      columns: table.columns.map((c) => c.name),
      current: table.parquetFile,
      previous: before.get(table.name),
    })),
    engineSettings(deps),
  );
  const changes = kind.changes(compared, built, previous.version);
  progress({ stage: 'compare', done: 1, total: 1 });
  return changes;
}

/** A version's table files (Parquet), downloaded: by table name (file stem). */
async function downloadTables(version: VersionRecord, store: ObjectStore, runDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of version.files.filter((f) => f.format === 'parquet')) {
    const stem = file.name.replace(/\.parquet$/, '');
    const path = join(runDir, `previous-${stem}.parquet`);
    await store.downloadToFile(file.key, path);
    files.set(stem, path);
  }
  return files;
}

/** The version's datapackage.json and quality-report.json, written for upload. */
async function describeMetadataFiles(
  metadata: DatasetMetadata,
  version: string,
  createdAt: Date,
  tables: DescribedTables,
  qualityReport: object,
  deps: PublishDeps,
  runDir: string,
): Promise<WrittenFile[]> {
  const prefix = versionPrefix(metadata.id, version);
  const qualityFile = join(runDir, 'quality-report.json');
  await writeFile(qualityFile, JSON.stringify(qualityReport, null, 2));
  const datapackageFile = join(runDir, 'datapackage.json');
  const datapackage = buildDataPackage({
    metadata,
    version,
    created: createdAt.toISOString(),
    datasetUrl: datasetPageUrl(deps.publicBaseUrl, metadata.id),
    tables: tables.packaged,
  });
  await writeFile(datapackageFile, JSON.stringify(datapackage, null, 2));
  return [
    await describeWritten(datapackageFile, 'datapackage', 'datapackage.json', prefix),
    await describeWritten(qualityFile, 'quality-report', 'quality-report.json', prefix),
  ];
}

/** An XLSX file of each table small enough for a spreadsheet (xlsx.ts), written for upload. */
async function describeWorkbooks(
  metadata: DatasetMetadata,
  version: string,
  createdAt: Date,
  built: BuildResult,
  deps: PublishDeps,
  runDir: string,
): Promise<WrittenFile[]> {
  const prefix = versionPrefix(metadata.id, version);
  const written: WrittenFile[] = [];
  for (const table of built.tables.filter((t) => t.rowCount <= XLSX_MAX_ROWS)) {
    const out = join(runDir, `${table.name}.xlsx`);
    await writeTableXlsx({
      parquetFile: table.parquetFile,
      table,
      metadata,
      version,
      publishedAt: createdAt.toISOString(),
      pageUrl: datasetPageUrl(deps.publicBaseUrl, metadata.id),
      out,
      engine: engineSettings(deps),
    });
    written.push(await describeWritten(out, 'xlsx', `${table.name}.xlsx`, prefix));
  }
  return written;
}

/** A register's search-index.json (search-index.ts), when its definition names columns to search by. */
async function describeSearchIndex(
  definition: DatasetDefinition,
  version: string,
  built: BuildResult,
  deps: PublishDeps,
  runDir: string,
): Promise<WrittenFile[]> {
  const table = built.tables[0];
  if (definition.kind !== 'registry' || definition.searchBy.length === 0 || !table) return [];
  const out = join(runDir, 'search-index.json');
  await writeSearchIndex({ parquetFile: table.parquetFile, columns: definition.searchBy, out, engine: engineSettings(deps) });
  return [await describeWritten(out, 'search-index', 'search-index.json', versionPrefix(definition.id, version))];
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
    if (f.format === 'datapackage' || f.format === 'quality-report' || f.format === 'search-index') {
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

/** A file written in the run directory for upload: its description, and where it lies. */
interface WrittenFile {
  file: VersionFile;
  path: string;
}

const describeWritten = async (path: string, format: FileFormat, name: string, prefix: string): Promise<WrittenFile> => ({
  file: await describeFile(path, format, name, prefix),
  path,
});

async function describeFile(file: string, format: FileFormat, name: string, prefix: string): Promise<VersionFile> {
  const { sha256, bytes } = await digestFile(file);
  return { name, format, key: `${prefix}${name}`, mediaType: MEDIA_TYPES[format], bytes, sha256 };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
