import { BadRequestError, NotFoundError } from '../errors.ts';
import type { VersionRecord } from './model.ts';
import { isVisible } from './model.ts';
import { versionPrefix } from './urls.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { EdgeCache } from '../ports/edge-cache.ts';
import type { Erasure, ObjectStore } from '../ports/object-store.ts';

export interface WithdrawReport {
  datasetId: string;
  version: string;
  reason: string;
  withdrawnAt: string;
  /** Files that left the bucket (for a purge: keys that had any stored copy left). */
  filesRemoved: number;
  /** With `purge`: when every stored copy was erased (the first purge's date), and what this run erased. */
  purge?: { purgedAt: string; objectVersions: number; deleteMarkers: number };
  /** The latest version after the withdrawal (it moves back when the latest is withdrawn). */
  latestVersion?: string;
  /** The CDN's copies dropped after the files left the bucket; none where there is no CDN (locally). */
  edgeInvalidation?: { cache: string; id: string; paths: string[] };
}

export interface WithdrawDeps {
  catalog: CatalogStore;
  publicFiles: ObjectStore;
  /** The CDN in front of the public bucket (CloudFront on AWS); absent locally. */
  edgeCache?: EdgeCache;
  /** Brings the static catalog up to the catalog (src/site/publish-site.ts); absent: no static site. */
  renderSite?: () => Promise<unknown>;
}

/**
 * Withdraws a published version (Art. 24.1): the catalog turns it into a tombstone with the
 * reason and date first (so nothing lists it as downloadable), the latest pointer moves back to the
 * previous version if it named this one, the static catalog is rendered again (the version's page
 * entry becomes a tombstone, its JSON answers 410 through the API), then the files leave the
 * public bucket, then the CDN drops its copies (after the delete: an edge that refetched in
 * between would find nothing). No other
 * version is touched. Running it again finishes an interrupted withdrawal.
 *
 * `purge` (personal data published by mistake) erases every stored copy instead: every object
 * version and delete marker of everything under the version's folder, which a versioned bucket
 * would otherwise keep for good; only then does the tombstone say so (`purgedAt`). It may follow an
 * earlier plain withdrawal of the same version. Running it again finishes an interrupted purge, and
 * erases nothing once it is done.
 */
export async function withdrawVersion(
  deps: WithdrawDeps,
  args: { datasetId: string; version: string; reason: string; now?: Date; purge?: boolean },
): Promise<WithdrawReport> {
  const reason = args.reason.trim();
  if (reason.length < 10) throw new BadRequestError('a withdrawal needs a reason of at least 10 characters; it is published');
  const dataset = await deps.catalog.getDataset(args.datasetId);
  if (!dataset) throw new NotFoundError(`No dataset "${args.datasetId}"`);
  const record = await deps.catalog.getVersion(args.datasetId, args.version);
  if (!record || (record.state !== 'withdrawn' && !isVisible(record, dataset))) {
    throw new NotFoundError(`No published version "${args.version}" of "${args.datasetId}"`);
  }
  const at = (args.now ?? new Date()).toISOString();
  await deps.catalog.markWithdrawn(args.datasetId, args.version, { at, reason });

  let latestVersion = dataset.latestVersion;
  if (dataset.latestVersion === args.version) {
    const previous = newestVisibleBefore(await deps.catalog.listVersions(args.datasetId), args.version);
    await deps.catalog.moveLatestBack(args.datasetId, args.version, previous, at);
    latestVersion = previous?.version;
  }

  // The pages stop offering the files before they go: a page never links to a missing file.
  await deps.renderSite?.();

  const prefix = versionPrefix(args.datasetId, args.version);
  let filesRemoved: number;
  let erased: Erasure | undefined;
  if (args.purge) {
    erased = await eraseVersion(deps.publicFiles, prefix, args.version);
    await deps.catalog.markPurged(args.datasetId, args.version, at);
    // The tombstone now says every copy is erased.
    await deps.renderSite?.();
    filesRemoved = erased.keys.length;
  } else {
    const keys = new Set(record.files.map((f) => f.key));
    for (const o of await deps.publicFiles.list(prefix)) keys.add(o.key);
    if (keys.size) await deps.publicFiles.delete([...keys]);
    filesRemoved = keys.size;
  }
  let edgeInvalidation: WithdrawReport['edgeInvalidation'];
  if (deps.edgeCache) {
    const paths = [`/${prefix}*`];
    try {
      edgeInvalidation = { cache: deps.edgeCache.name, paths, ...(await deps.edgeCache.invalidate(paths)) };
    } catch (error) {
      throw new Error(
        `version ${args.version} is withdrawn and its files have left the bucket, but ${deps.edgeCache.name} did not take the invalidation of ${paths.join(', ')}: run the withdrawal again`,
        { cause: error },
      );
    }
  }
  const withdrawn = await deps.catalog.getVersion(args.datasetId, args.version);
  return {
    datasetId: args.datasetId,
    version: args.version,
    reason: withdrawn?.withdrawal?.reason ?? reason,
    withdrawnAt: withdrawn?.withdrawal?.at ?? at,
    filesRemoved,
    purge: erased && {
      purgedAt: withdrawn?.withdrawal?.purgedAt ?? at,
      objectVersions: erased.objectVersions,
      deleteMarkers: erased.deleteMarkers,
    },
    latestVersion,
    edgeInvalidation,
  };
}

/** Every stored copy under the version's folder, where the publish writes all of its files (and nothing else). */
async function eraseVersion(store: ObjectStore, prefix: string, version: string): Promise<Erasure> {
  try {
    return await store.eraseEveryVersion({ prefix });
  } catch (error) {
    throw new Error(
      `version ${version} is withdrawn, but not every stored copy of its files was erased (${(error as Error).message}): run the purge again, on AWS with the purge role (docs/deploy.md)`,
      { cause: error },
    );
  }
}

const newestVisibleBefore = (versions: VersionRecord[], version: string): VersionRecord | undefined =>
  versions.filter((v) => v.state === 'published' && v.version < version).sort((a, b) => b.version.localeCompare(a.version))[0];
