import type { DatasetRecord, VersionFile, VersionRecord } from './model.ts';
import { isVisible } from './model.ts';
import { datasetApiUrl, datasetPageUrl, fileUrl } from './urls.ts';
import { versionDate } from './version-id.ts';
import { assertPageExists, provinceCoverage, searchDatasets, type SearchQuery } from './search.ts';
import type { ValueMatch } from './value-search.ts';

/** The public JSON shapes of the catalog. Pure: records in, plain objects out. */

export const visibleVersions = (dataset: DatasetRecord, versions: VersionRecord[]): VersionRecord[] =>
  versions.filter((v) => isVisible(v, dataset)).sort((a, b) => b.version.localeCompare(a.version));

export function fileView(base: string, file: VersionFile) {
  return {
    name: file.name,
    format: file.format,
    mediaType: file.mediaType,
    bytes: file.bytes,
    sha256: file.sha256,
    url: fileUrl(base, file.key),
  };
}

export function versionView(base: string, v: VersionRecord) {
  return {
    version: v.version,
    publishedAt: v.publishedAt ?? versionDate(v.version),
    rowCount: v.rowCount,
    previousVersion: v.previousVersion ?? null,
    files: v.files.map((f) => fileView(base, f)),
    stripped: v.stripped,
    unclassified: v.unclassified,
    quality: v.quality,
    disclosure: v.disclosure ?? null,
    changes: v.changes ?? null,
    preview: v.preview ?? null,
    charts: v.charts ?? [],
  };
}

export function datasetSummaryView(base: string, dataset: DatasetRecord, latest: VersionRecord | undefined) {
  const m = dataset.metadata;
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    categories: m.categories,
    licence: m.licence,
    latestVersion: latest?.version ?? null,
    updatedAt: latest?.publishedAt ?? dataset.updatedAt,
    rowCount: latest?.rowCount ?? null,
    latestFiles: latest ? latest.files.map((f) => fileView(base, f)) : [],
    links: { api: datasetApiUrl(base, m.id), page: datasetPageUrl(base, m.id) },
  };
}

export function datasetDetailView(base: string, dataset: DatasetRecord, versions: VersionRecord[]) {
  const visible = visibleVersions(dataset, versions);
  const latest = visible.find((v) => v.version === dataset.latestVersion);
  return {
    ...datasetSummaryView(base, dataset, latest),
    keywords: dataset.metadata.keywords,
    scope: dataset.metadata.scope,
    legalBasis: dataset.metadata.legalBasis,
    publisher: dataset.metadata.publisher,
    source: dataset.metadata.source,
    updateFrequency: dataset.metadata.updateFrequency,
    tables: dataset.metadata.tables,
    disclosureK: dataset.metadata.disclosureK ?? null,
    closedFields: dataset.metadata.closedFields,
    versions: visible.map((v) => versionView(base, v)),
    withdrawn: versions
      .filter((v) => v.state === 'withdrawn')
      .sort((a, b) => b.version.localeCompare(a.version))
      .map((v) => ({
        version: v.version,
        withdrawnAt: v.withdrawal?.at ?? null,
        reason: v.withdrawal?.reason ?? null,
        // Every stored copy erased (personal data published by mistake), and when.
        purged: v.withdrawal?.purgedAt !== undefined,
        purgedAt: v.withdrawal?.purgedAt ?? null,
      })),
  };
}

/** `/api/datasets`: one page of the datasets `query` finds, with paging links. */
export function datasetListView(
  base: string,
  all: { dataset: DatasetRecord; latest?: VersionRecord }[],
  query: SearchQuery,
  valueMatches: ReadonlyMap<string, ValueMatch[]> = new Map(),
) {
  const { total, results } = searchDatasets(all, (d) => d.dataset.metadata, query, {
    updatedOf: (d) => (d.latest ? (d.latest.publishedAt ?? versionDate(d.latest.version)) : ''),
    valueMatches,
    provincesOf: (d) => provinceCoverage(d.latest?.sources),
  });
  assertPageExists(query, total);
  const page = (n: number) =>
    `${base}/api/datasets?${new URLSearchParams({
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: String(query.category) } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.frequency ? { frequency: query.frequency } : {}),
      ...(query.province ? { province: query.province } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
      page: String(n),
      per_page: String(query.perPage),
    })}`;
  return {
    total,
    page: query.page,
    perPage: query.perPage,
    datasets: results.map(({ dataset, latest }) => datasetSummaryView(base, dataset, latest)),
    // Why a dataset was found in its data rather than its description: the column, rows and a few values.
    ...(results.some(({ dataset }) => valueMatches.has(dataset.id))
      ? {
          matches: Object.fromEntries(
            results
              .filter(({ dataset }) => valueMatches.has(dataset.id))
              .map(({ dataset }) => [dataset.id, valueMatchViews(dataset, valueMatches.get(dataset.id)!)]),
          ),
        }
      : {}),
    links: {
      next: query.page * query.perPage < total ? page(query.page + 1) : null,
      prev: query.page > 1 ? page(query.page - 1) : null,
    },
  };
}

/** `/api/datasets/<id>/versions`: the visible versions, newest first. */
export const versionListView = (base: string, dataset: DatasetRecord, versions: VersionRecord[]) => ({
  dataset: dataset.id,
  latestVersion: dataset.latestVersion,
  versions: visibleVersions(dataset, versions).map((v) => versionView(base, v)),
});

/** A dataset's value matches with each column's title, as the API and the home page show them. */
export const valueMatchViews = (dataset: DatasetRecord, matches: readonly ValueMatch[]) =>
  matches.map((match) => {
    const column = dataset.metadata.tables.flatMap((t) => t.columns).find((c) => c.name === match.column);
    return { ...match, title: column?.title ?? { vi: match.column, en: match.column } };
  });
