import { createHash } from 'node:crypto';
import { loadCatalog } from '../catalog/queries.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { SITE_PREFIX } from './paths.ts';
import { renderSite, type SiteFile } from './render.ts';

export interface SiteDeps {
  catalog: CatalogStore;
  publicFiles: ObjectStore;
  publicBaseUrl: string;
}

export interface SiteReport {
  /** Files the site has now. */
  files: number;
  /** Files written (new or changed) and removed (no longer answered: a withdrawn version, a dataset gone). */
  written: string[];
  removed: string[];
  /** Passes over the catalog until the bucket matched it (1 when nothing had changed). */
  rounds: number;
}

/** Writes at once, per group; S3 takes them in parallel. */
const CONCURRENCY = 8;
/** A catalog that changes under every pass (publishes of other datasets committing meanwhile) is left to them. */
const MAX_ROUNDS = 4;

/**
 * Brings the static site in the public bucket (`site/`) up to the catalog: renders every file,
 * writes those whose bytes differ from the stored object (S3's ETag of a single PUT is the MD5 of
 * its bytes), then removes objects the site no longer has; then looks again, until a pass finds
 * nothing to do.
 *
 * Called after the commit point (src/pipeline/commit.ts) and after a withdrawal, never before, so
 * a page never names a version whose files are not all stored and verified. Each object is
 * replaced whole (a PUT is atomic), so a reader gets the old or the new file, never part of one;
 * a crash between two writes leaves some pages one version behind, and the next run's pass
 * finishes them. Two publishes of different datasets may render at once from different snapshots:
 * each ends with a pass that re-reads the catalog and finds the bucket matching it, so the last
 * one to finish leaves the site as the catalog stands.
 */
export async function publishSite(deps: SiteDeps): Promise<SiteReport> {
  const written = new Set<string>();
  const removed = new Set<string>();
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const entries = await loadCatalog(deps.catalog);
    // Nothing published, no site: the API answers every URL (an empty catalog) until there is.
    const files = entries.length ? renderSite(entries, deps.publicBaseUrl) : [];
    const stored = new Map((await deps.publicFiles.list(SITE_PREFIX)).map((o) => [o.key, o.etag?.replace(/"/g, '')]));
    const changed = files.filter((f) => stored.get(f.key) !== md5(f.body));
    const wanted = new Set(files.map((f) => f.key));
    const stale = [...stored.keys()].filter((key) => !wanted.has(key));
    if (changed.length === 0 && stale.length === 0) {
      return { files: files.length, written: [...written].sort(), removed: [...removed].sort(), rounds: round };
    }
    await writeAll(
      deps.publicFiles,
      changed.filter((f) => f.scope === 'dataset'),
    );
    await writeAll(
      deps.publicFiles,
      changed.filter((f) => f.scope === 'catalog'),
    );
    if (stale.length) await deps.publicFiles.delete(stale);
    for (const f of changed) written.add(f.key);
    for (const key of stale) removed.add(key);
  }
  throw new Error(`the catalog changed under each of ${MAX_ROUNDS} passes over the static site: the next run renders it again`);
}

async function writeAll(store: ObjectStore, files: SiteFile[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await store.put(f.key, f.body, f.headers);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
}

const md5 = (body: string): string => createHash('md5').update(body).digest('hex');
