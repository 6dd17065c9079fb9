import { BadRequestError, NotFoundError } from '../errors.ts';
import type { VersionRecord } from '../catalog/model.ts';
import { isVisible } from '../catalog/model.ts';
import { versionPrefix } from '../catalog/urls.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { EdgeCache } from '../ports/edge-cache.ts';
import type { ObjectStore } from '../ports/object-store.ts';

export interface WithdrawReport {
  datasetId: string;
  version: string;
  reason: string;
  withdrawnAt: string;
  filesRemoved: number;
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
}

/**
 * Withdraws a published version (Art. 24.1): the catalog turns it into a tombstone with the
 * reason and date first (so nothing lists it as downloadable), the latest pointer moves back to the
 * previous version if it named this one, then the files leave the public bucket, then the CDN drops
 * its copies (after the delete: an edge that refetched in between would find nothing). No other
 * version is touched. Running it again finishes an interrupted withdrawal.
 */
export async function withdrawVersion(
  deps: WithdrawDeps,
  args: { datasetId: string; version: string; reason: string; now?: Date },
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

  const keys = new Set(record.files.map((f) => f.key));
  for (const o of await deps.publicFiles.list(versionPrefix(args.datasetId, args.version))) keys.add(o.key);
  if (keys.size) await deps.publicFiles.delete([...keys]);
  let edgeInvalidation: WithdrawReport['edgeInvalidation'];
  if (deps.edgeCache) {
    const paths = [`/${versionPrefix(args.datasetId, args.version)}*`];
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
    filesRemoved: keys.size,
    latestVersion,
    edgeInvalidation,
  };
}

const newestVisibleBefore = (versions: VersionRecord[], version: string): VersionRecord | undefined =>
  versions.filter((v) => v.state === 'published' && v.version < version).sort((a, b) => b.version.localeCompare(a.version))[0];
