import { GoneError, NotFoundError } from '../errors.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { DatasetRecord, VersionFile, VersionRecord } from './model.ts';
import { visibleVersions } from './views.ts';
import { isDatasetId } from './ids.ts';
import { VERSION_PATTERN } from './version-id.ts';

/** Read-side questions the API and pages ask; each answers only with what is visible. */

export async function listPublishedDatasets(catalog: CatalogStore): Promise<{ dataset: DatasetRecord; latest?: VersionRecord }[]> {
  const datasets = await catalog.listDatasets();
  const withLatest = await Promise.all(
    datasets.map(async (dataset) => ({
      dataset,
      latest: dataset.latestVersion ? await catalog.getVersion(dataset.id, dataset.latestVersion) : undefined,
    })),
  );
  return withLatest.filter((d) => d.latest).sort((a, b) => a.dataset.id.localeCompare(b.dataset.id));
}

/** A published dataset with its visible versions, newest first, and its withdrawn ones (tombstones). */
export interface CatalogEntry {
  dataset: DatasetRecord;
  latest: VersionRecord;
  versions: VersionRecord[];
  withdrawn: VersionRecord[];
}

export const goneError = (record: VersionRecord): GoneError =>
  new GoneError(
    `Version ${record.version} of "${record.datasetId}" was withdrawn on ${record.withdrawal?.at.slice(0, 10) ?? '?'}: ${record.withdrawal?.reason ?? ''}`,
  );

/** The whole visible catalog (what DCAT, data.json, CKAN and the feed describe), sorted by id. */
export async function loadCatalog(catalog: CatalogStore): Promise<CatalogEntry[]> {
  const datasets = (await catalog.listDatasets()).filter((d) => d.latestVersion);
  const entries = await Promise.all(
    datasets.map(async (dataset) => {
      const all = await catalog.listVersions(dataset.id);
      const versions = visibleVersions(dataset, all);
      const latest = versions.find((v) => v.version === dataset.latestVersion);
      const withdrawn = all.filter((v) => v.state === 'withdrawn').sort((a, b) => b.version.localeCompare(a.version));
      return latest ? { dataset, latest, versions, withdrawn } : undefined;
    }),
  );
  return entries.filter((e): e is CatalogEntry => e !== undefined).sort((a, b) => a.dataset.id.localeCompare(b.dataset.id));
}

/** For the file origin: the withdrawal notice of the version a public file key belongs to, if withdrawn. */
export async function withdrawalOfFile(catalog: CatalogStore, key: string): Promise<string | undefined> {
  const match = /^datasets\/([^/]+)\/([^/]+)\//.exec(key);
  if (!match || !isDatasetId(match[1]!) || !VERSION_PATTERN.test(match[2]!)) return undefined;
  const record = await catalog.getVersion(match[1]!, match[2]!);
  return record?.state === 'withdrawn' ? goneError(record).message : undefined;
}

/**
 * A dataset with a visible latest version, and all its version records. One whose every version
 * was withdrawn is gone (410, with the latest withdrawal's date and reason), not unknown (404).
 */
/** Datasets whose every version was withdrawn: each with its withdrawn versions, newest first. */
export async function loadTombstones(catalog: CatalogStore): Promise<{ dataset: DatasetRecord; withdrawn: VersionRecord[] }[]> {
  const gone = (await catalog.listDatasets()).filter((d) => !d.latestVersion);
  const tombstones = await Promise.all(
    gone.map(async (dataset) => ({
      dataset,
      withdrawn: (await catalog.listVersions(dataset.id))
        .filter((v) => v.state === 'withdrawn')
        .sort((a, b) => b.version.localeCompare(a.version)),
    })),
  );
  return tombstones.filter((t) => t.withdrawn.length > 0);
}

export async function getDatasetWithVersions(catalog: CatalogStore, id: string) {
  if (!isDatasetId(id)) throw new NotFoundError(`No dataset "${id.slice(0, 64)}"`);
  const dataset = await catalog.getDataset(id);
  if (!dataset) throw new NotFoundError(`No dataset "${id}"`);
  if (!dataset.latestVersion) {
    const withdrawn = (await catalog.listVersions(id))
      .filter((v) => v.state === 'withdrawn')
      .sort((a, b) => b.version.localeCompare(a.version));
    if (withdrawn[0]) throw goneError(withdrawn[0]);
    throw new NotFoundError(`No dataset "${id}"`);
  }
  return { dataset, versions: await catalog.listVersions(id) };
}

export async function findVersionFile(
  catalog: CatalogStore,
  id: string,
  version: string,
  fileName: string,
): Promise<{ version: VersionRecord; file: VersionFile }> {
  if (!isDatasetId(id)) throw new NotFoundError(`No dataset "${id.slice(0, 64)}"`);
  const dataset = await catalog.getDataset(id);
  if (!dataset?.latestVersion) throw new NotFoundError(`No dataset "${id}"`);
  const wanted = version === 'latest' ? dataset.latestVersion : version;
  if (!VERSION_PATTERN.test(wanted)) throw new NotFoundError(`No version "${version}" of "${id}"`);
  const record = await catalog.getVersion(id, wanted);
  if (record?.state === 'withdrawn') throw goneError(record);
  const visible = record ? visibleVersions(dataset, [record])[0] : undefined;
  if (!visible) throw new NotFoundError(`No version "${version}" of "${id}"`);
  const file = visible.files.find((f) => f.name === fileName);
  if (!file) throw new NotFoundError(`Version ${visible.version} of "${id}" has no file "${fileName}"`);
  return { version: visible, file };
}
