import { ConcurrentPublishError, PublishBlockedError } from '../errors.ts';
import type { VersionFile, VersionRecord } from '../catalog/model.ts';
import { versionPrefix } from '../catalog/urls.ts';
import { digestStream } from './files.ts';
import { IMMUTABLE } from '../catalog/media-types.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';

/**
 * The commit protocol, so that a crash or a concurrent run can never expose a half-written
 * version:
 *  1. stage the version item (conditional: the id is new) before writing any file, so that a
 *     crash leaves a record of what to clean up;
 *  2. write and verify every file (size and sha256 read back from storage);
 *  3. move the dataset's latest pointer with a condition on its previous value: the commit point;
 *  4. mark the version published;
 *  5. render the static catalog (src/site/publish-site.ts), which now names the version.
 * Readers only ever see versions that are published or named by the pointer. A crash before step 5
 * leaves the previous catalog pages; the next run renders them as it ends, published or unchanged.
 */

export interface CommitDeps {
  publicFiles: ObjectStore;
  catalog: CatalogStore;
  now: () => Date;
  onStep?: (stage: 'upload' | 'verify' | 'commit', done: number, total: number) => void;
  /** Brings the static catalog up to the catalog store (src/site/publish-site.ts); absent: no static site. */
  renderSite?: () => Promise<unknown>;
}

export type CommitOutcome =
  | { outcome: 'published' }
  /** Another run published the same content first: this run changed nothing. */
  | { outcome: 'unchanged'; version: string; files: VersionFile[] };

/** A staged version older than this belongs to a run that died (Lambda runs at most 15 minutes). */
const ABANDONED_AFTER_MS = 20 * 60 * 1000;

/**
 * Stages `record`, uploads and verifies its files (`localFiles`: key → path on disk), and commits
 * it over `previousLatest` (the version the pointer named when the run read it).
 */
export async function commitVersion(
  record: VersionRecord,
  localFiles: ReadonlyMap<string, string>,
  previousLatest: string | undefined,
  deps: CommitDeps,
): Promise<CommitOutcome> {
  const step = deps.onStep ?? (() => {});
  const { datasetId, version, files } = record;
  await deps.catalog.stageVersion(record);
  try {
    for (const [i, f] of files.entries()) {
      step('upload', i, files.length);
      await deps.publicFiles.uploadFile(f.key, localFiles.get(f.key)!, {
        contentType: f.mediaType,
        contentDisposition: `attachment; filename="${downloadName(datasetId, version, f.name)}"`,
        cacheControl: IMMUTABLE,
      });
    }
    for (const [i, f] of files.entries()) {
      step('verify', i, files.length);
      await verifyStored(deps.publicFiles, f);
    }
    step('commit', 0, 1);
    await deps.catalog.moveLatest(datasetId, previousLatest, record, deps.now().toISOString());
  } catch (error) {
    // A lost response can hide a commit that happened (the retry then fails its condition):
    // if the pointer names this version, it is published and its files must stay.
    const committed = await pointerNames(deps.catalog, datasetId, version);
    if (committed) {
      await deps.catalog.markPublished(datasetId, version, deps.now().toISOString());
      await renderAfterCommit(deps, record);
      return { outcome: 'published' };
    }
    // Unknown (the catalog cannot be read): leave the staged version for the next run's repair.
    if (committed === undefined) throw error;
    await discardVersion(deps, record);
    if (error instanceof ConcurrentPublishError) return await afterLostRace(deps.catalog, datasetId, record.contentHash, error);
    throw error;
  }
  await deps.catalog.markPublished(datasetId, version, deps.now().toISOString());
  await renderAfterCommit(deps, record);
  step('commit', 1, 1);
  return { outcome: 'published' };
}

/** The version is committed whatever happens here: a failure says so, and the next run renders the site. */
export async function renderAfterCommit(
  deps: Pick<CommitDeps, 'renderSite'>,
  record: Pick<VersionRecord, 'datasetId' | 'version'>,
): Promise<void> {
  if (!deps.renderSite) return;
  try {
    await deps.renderSite();
  } catch (error) {
    throw new Error(
      `version ${record.version} of ${record.datasetId} is published, but the static catalog was not rendered (${(error as Error).message}): the next run renders it`,
      { cause: error },
    );
  }
}

/**
 * Finishes what a crashed run left: a staged version that the pointer names is published (the
 * crash hit between commit and mark); one it does not name, older than any live run, is removed
 * with its files, which no reader could ever see. (The static catalog is brought up to the catalog
 * as the run ends: renderAfterCommit, or publish.ts for a run that changes nothing.)
 */
export async function repairUnfinishedVersions(datasetId: string, deps: Omit<CommitDeps, 'onStep'>): Promise<void> {
  const staged = (await deps.catalog.listVersions(datasetId)).filter((v) => v.state === 'staged');
  if (staged.length === 0) return;
  const now = deps.now();
  const dataset = await deps.catalog.getDataset(datasetId);
  for (const v of staged) {
    if (dataset?.latestVersion === v.version) {
      await deps.catalog.markPublished(datasetId, v.version, now.toISOString());
    } else if (now.getTime() - Date.parse(v.createdAt) > ABANDONED_AFTER_MS) {
      await discardVersion(deps, v);
    }
  }
}

/** `<table>-<version>.<ext>`, or `<dataset>-<version>-<name>` for the version's metadata files. */
export function downloadName(datasetId: string, version: string, fileName: string): string {
  const match = /^(.*)\.(csv|parquet)$/.exec(fileName);
  return match ? `${match[1]}-${version}.${match[2]}` : `${datasetId}-${version}-${fileName}`;
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

async function discardVersion(
  deps: Pick<CommitDeps, 'publicFiles' | 'catalog'>,
  record: Pick<VersionRecord, 'datasetId' | 'version' | 'files'>,
): Promise<void> {
  await deps.publicFiles.delete(record.files.map((f) => f.key));
  const leftovers = await deps.publicFiles.list(versionPrefix(record.datasetId, record.version));
  if (leftovers.length) await deps.publicFiles.delete(leftovers.map((o) => o.key));
  await deps.catalog.deleteVersion(record.datasetId, record.version);
}

/** Whether the dataset's latest pointer names `version` (read again); undefined when it cannot be read. */
async function pointerNames(catalog: CatalogStore, datasetId: string, version: string): Promise<boolean | undefined> {
  try {
    return (await catalog.getDataset(datasetId))?.latestVersion === version;
  } catch {
    return undefined;
  }
}

/** Another run moved the pointer first. If it published the same content, this run changed nothing. */
async function afterLostRace(
  catalog: CatalogStore,
  datasetId: string,
  contentHash: string,
  error: ConcurrentPublishError,
): Promise<CommitOutcome> {
  const dataset = await catalog.getDataset(datasetId);
  if (dataset?.latestVersion && dataset.latestContentHash === contentHash) {
    const latest = await catalog.getVersion(datasetId, dataset.latestVersion);
    return { outcome: 'unchanged', version: dataset.latestVersion, files: latest?.files ?? [] };
  }
  throw error;
}
