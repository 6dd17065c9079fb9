import { stableUuid } from '../../catalog/ids.ts';
import type { DatasetMetadata, DatasetRecord, VersionFile, VersionRecord } from '../../catalog/model.ts';
import type { CatalogEntry } from '../../catalog/queries.ts';
import { searchText } from '../../catalog/search.ts';
import { datasetApiUrl, datasetPageUrl, fileUrl } from '../../catalog/urls.ts';
import { versionDate } from '../../catalog/version-id.ts';
import { normaliseForMatch } from '../../text.ts';
import { isDataFile } from '../../catalog/formats/common.ts';

/**
 * The catalog in CKAN's shapes (CKAN 2.10 `package_show`, `organization_show`, `group_show`).
 * Built once per request from the visible catalog; pure.
 */

export interface CkanTag {
  id: string;
  name: string;
  display_name: string;
  state: 'active';
  vocabulary_id: null;
}

export interface CkanResource {
  id: string;
  package_id: string;
  name: string;
  description: string;
  url: string;
  format: string;
  mimetype: string;
  size: number;
  hash: string;
  created: string;
  last_modified: string;
  metadata_modified: string;
  position: number;
  state: 'active';
  url_type: null;
  resource_type: null;
  mimetype_inner: null;
  cache_url: null;
  datastore_active: false;
}

export interface CkanGroupRef {
  id: string;
  name: string;
  title: string;
  display_name: string;
  description: string;
  image_display_url: string;
}

export interface CkanOrganizationRef {
  id: string;
  name: string;
  title: string;
  type: 'organization';
  description: string;
  image_url: string;
  created: string;
  is_organization: true;
  approval_status: 'approved';
  state: 'active';
}

export interface CkanPackage {
  id: string;
  name: string;
  title: string;
  notes: string;
  url: string;
  version: string;
  /** `deleted`: every version withdrawn (package_show only; searches and lists leave it out). */
  state: 'active' | 'deleted';
  private: false;
  type: 'dataset';
  license_id: string;
  license_title: string;
  license_url: string;
  isopen: boolean;
  author: string;
  author_email: string;
  maintainer: string;
  maintainer_email: string;
  metadata_created: string;
  metadata_modified: string;
  creator_user_id: null;
  owner_org: string;
  organization: CkanOrganizationRef;
  groups: CkanGroupRef[];
  tags: CkanTag[];
  extras: { key: string; value: string }[];
  num_resources: number;
  num_tags: number;
  resources: CkanResource[];
  relationships_as_subject: [];
  relationships_as_object: [];
}

/** What the Action API answers from: every package with the organisations and groups it names. */
export interface CkanCatalog {
  base: string;
  /** Sorted by name (= dataset id). */
  packages: CkanPackage[];
  /** Every resource of every visible version (old resource ids keep resolving to their immutable files). */
  resources: Map<string, CkanResource>;
  organizations: CkanOrganizationRef[];
  groups: CkanGroupRef[];
  /** When each group was created: when its first dataset was first published. */
  groupCreated: Map<string, string>;
  /** Per package name: everything it is found by (catalog/search.ts's searchText), normalised. */
  searchText: Map<string, string>;
  /** Datasets whose every version was withdrawn, as CKAN shows a deleted package: tombstones, no resources. */
  deleted: CkanPackage[];
}

/** A dataset with no visible version left, and its withdrawn versions (newest first). */
export interface Tombstone {
  dataset: DatasetRecord;
  withdrawn: VersionRecord[];
}

/** CKAN's timestamps: UTC, ISO 8601 without a zone, microseconds (`2026-11-25T02:00:00.000000`). */
export const ckanTimestamp = (iso: string): string => new Date(iso).toISOString().replace(/Z$/, '000');

const publishedAt = (v: VersionRecord): string => v.publishedAt ?? versionDate(v.version);

export const slug = (s: string): string => normaliseForMatch(s).replace(/ /g, '-');

/** CKAN's own licence ids (its default licence register), so a harvesting CKAN shows the licence it knows. */
const CKAN_LICENCE_IDS: Record<string, string> = {
  'CC-BY-4.0': 'cc-by',
  'CC-BY-SA-4.0': 'cc-by-sa',
  'CC0-1.0': 'cc-zero',
  'ODbL-1.0': 'odc-odbl',
  'ODC-By-1.0': 'odc-by',
  'PDDL-1.0': 'odc-pddl',
};

/**
 * CKAN refuses tag names outside letters, digits, space, `-`, `_` and `.` (2–100 characters):
 * a keyword such as "khám bệnh, chữa bệnh" is stored as "khám bệnh chữa bệnh".
 */
export const tagName = (keyword: string): string =>
  keyword
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} _.-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);

const FORMATS: Record<VersionFile['format'], { format: string; vi: string; en: string }> = {
  csv: { format: 'CSV', vi: 'dạng CSV (UTF-8 có BOM, RFC 4180)', en: 'as CSV (UTF-8 with BOM, RFC 4180)' },
  parquet: { format: 'PARQUET', vi: 'dạng Parquet (có kiểu dữ liệu, nén ZSTD)', en: 'as Parquet (typed, ZSTD-compressed)' },
  xlsx: { format: 'XLSX', vi: 'dạng Excel (XLSX, tiêu đề cột tiếng Việt)', en: 'as Excel (XLSX, Vietnamese column titles)' },
  datapackage: {
    format: 'JSON',
    vi: 'Mô tả gói dữ liệu (Frictionless Data Package v2): lược đồ, kích thước và sha256 của từng tệp',
    en: 'Data package description (Frictionless Data Package v2): schema, size and sha256 of each file',
  },
  'search-index': {
    format: 'JSON',
    vi: 'Chỉ mục tìm kiếm: các giá trị khác nhau của cột tên và số dòng của mỗi giá trị',
    en: 'Search index: the distinct values of the name columns and how many rows hold each',
  },
  'quality-report': {
    format: 'JSON',
    vi: 'Báo cáo chất lượng: dòng bị loại, dòng trùng, trường không công bố và căn cứ',
    en: 'Quality report: rejected and duplicate rows, fields not published and why',
  },
};

/** How many older versions are listed as extras (`version:<id>`); the dataset's API lists them all. */
export const OLDER_VERSION_EXTRAS = 10;

function organizationOf(m: DatasetMetadata, created: string): CkanOrganizationRef {
  const name = slug(m.publisher.name.vi);
  return {
    id: stableUuid('ckan', 'organization', name),
    name,
    title: m.publisher.name.vi,
    type: 'organization',
    description: `${m.publisher.name.en} · ${m.publisher.url}`,
    image_url: '',
    created,
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
  };
}

function groupsOf(m: DatasetMetadata): CkanGroupRef[] {
  return m.categories.map((c) => {
    const name = `category-${c.number}`;
    return {
      id: stableUuid('ckan', 'group', name),
      name,
      title: c.vi,
      display_name: c.vi,
      description: `${c.vi}: khoản ${c.number} Điều 5 Nghị định ${m.legalBasis.id}. — ${c.en}: Art. 5(${c.number}) of Decree ${m.legalBasis.id.replace(/Đ/g, 'D')}.`,
      image_display_url: '',
    };
  });
}

function resourceOf(base: string, entry: CatalogEntry, version: VersionRecord, file: VersionFile, position: number): CkanResource {
  const m = entry.dataset.metadata;
  const kind = FORMATS[file.format];
  const table = m.tables.find((t) => file.name === `${t.name}.${file.format}`);
  const description = isDataFile(file)
    ? `${table?.title ? `${table.title.vi}: ` : ''}dữ liệu ${kind.vi}. — ${table?.title ? `${table.title.en}: ` : ''}data ${kind.en}.`
    : `${kind.vi}. — ${kind.en}.`;
  const at = ckanTimestamp(publishedAt(version));
  return {
    id: stableUuid(m.id, version.version, file.name),
    package_id: stableUuid(m.id),
    name: file.name,
    description: `${description} Phiên bản / version ${version.version}.`,
    url: fileUrl(base, file.key),
    format: kind.format,
    mimetype: file.mediaType.split(';')[0]!.trim(),
    size: file.bytes,
    hash: `sha256:${file.sha256}`,
    created: at,
    last_modified: at,
    metadata_modified: at,
    position,
    state: 'active',
    url_type: null,
    resource_type: null,
    mimetype_inner: null,
    cache_url: null,
    datastore_active: false,
  };
}

function extrasOf(base: string, entry: CatalogEntry): { key: string; value: string }[] {
  const m = entry.dataset.metadata;
  const extras: [string, string | undefined][] = [
    ['title_en', m.title.en],
    ['language', 'vi'],
    ['legal_basis', `${m.legalBasis.title.vi} (${m.legalBasis.title.en})`],
    ['decree_art5_categories', m.categories.map((c) => String(c.number)).join(', ')],
    ['decree_art14_scope', m.scope.join(', ')],
    ['update_frequency', `${m.updateFrequency.vi} (${m.updateFrequency.en})`],
    ['source', `${m.source.vi} (${m.source.en})`],
    ['publisher_url', m.publisher.url],
    ['dataset_kind', m.kind],
    ['license_spdx', m.licence.id],
    ['disclosure_k', m.disclosureK === undefined ? undefined : String(m.disclosureK)],
    ['disclosure_rule', entry.latest.disclosure?.rule],
    ['closed_fields', m.closedFields.map((f) => `${f.field} (${f.provision})`).join('; ') || undefined],
    ['latest_version', entry.latest.version],
    ['api_url', datasetApiUrl(base, m.id)],
    ...entry.versions
      .filter((v) => v.version !== entry.latest.version)
      .slice(0, OLDER_VERSION_EXTRAS)
      .map((v): [string, string] => {
        const described = v.files.find((f) => f.format === 'datapackage') ?? v.files[0];
        return [`version:${v.version}`, described ? fileUrl(base, described.key) : datasetApiUrl(base, m.id)];
      }),
    // Withdrawn versions (Art. 24.1): when and why, newest first; their files are gone.
    ...entry.withdrawn
      .slice(0, OLDER_VERSION_EXTRAS)
      .map((v): [string, string] => [`withdrawn:${v.version}`, `${v.withdrawal?.at.slice(0, 10) ?? ''}: ${v.withdrawal?.reason ?? ''}`]),
  ];
  return extras.filter((e): e is [string, string] => e[1] !== undefined).map(([key, value]) => ({ key, value }));
}

/** The withdrawals a reader of the package must see, at the end of its notes (the extras name them too). */
function withdrawalNotes(entry: CatalogEntry): string {
  if (entry.withdrawn.length === 0) return '';
  const lines = entry.withdrawn.map((v) => `- ${v.version} (${v.withdrawal?.at.slice(0, 10) ?? '?'}): ${v.withdrawal?.reason ?? ''}`);
  return `\n\n**Phiên bản đã rút / Withdrawn versions:**\n${lines.join('\n')}`;
}

function packageOf(base: string, entry: CatalogEntry, organization: CkanOrganizationRef): CkanPackage {
  const m = entry.dataset.metadata;
  const seen = new Set<string>();
  const tags: CkanTag[] = [];
  for (const keyword of [...m.keywords.vi, ...m.keywords.en]) {
    const name = tagName(keyword);
    if (name.length < 2 || seen.has(name)) continue;
    seen.add(name);
    tags.push({ id: stableUuid('ckan', 'tag', name), name, display_name: name, state: 'active', vocabulary_id: null });
  }
  const resources = entry.latest.files.map((f, i) => resourceOf(base, entry, entry.latest, f, i));
  const oldest = entry.versions[entry.versions.length - 1] ?? entry.latest;
  const licenceId = CKAN_LICENCE_IDS[m.licence.id] ?? m.licence.id;
  return {
    id: stableUuid(m.id),
    name: m.id,
    title: m.title.vi,
    notes: `${m.description.vi}\n\n*English:* ${m.title.en}. ${m.description.en}${withdrawalNotes(entry)}`,
    url: datasetPageUrl(base, m.id),
    version: entry.latest.version,
    state: 'active',
    private: false,
    type: 'dataset',
    license_id: licenceId,
    license_title: m.licence.title,
    license_url: m.licence.url,
    isopen: true,
    author: m.publisher.name.vi,
    author_email: m.publisher.email,
    maintainer: m.publisher.name.vi,
    maintainer_email: m.publisher.email,
    metadata_created: ckanTimestamp(publishedAt(oldest)),
    // Every new version and every withdrawal moves this forward: what harvesters ask for with fq=metadata_modified:[since TO *].
    metadata_modified: ckanTimestamp(latestOf(publishedAt(entry.latest), entry.dataset.changedAt)),
    creator_user_id: null,
    owner_org: organization.id,
    organization,
    groups: groupsOf(m),
    tags,
    extras: extrasOf(base, entry),
    num_resources: resources.length,
    num_tags: tags.length,
    resources,
    relationships_as_subject: [],
    relationships_as_object: [],
  };
}

/**
 * A withdrawn dataset as CKAN shows a deleted package: its description and, in the notes and
 * extras, every withdrawal with its date and reason; no resources (the files are gone).
 */
function deletedPackageOf(base: string, tombstone: Tombstone): CkanPackage {
  const newest = tombstone.withdrawn[0]!;
  const entry: CatalogEntry = {
    dataset: tombstone.dataset,
    latest: { ...newest, files: [] },
    versions: [],
    withdrawn: tombstone.withdrawn,
  };
  const m = tombstone.dataset.metadata;
  const pkg = packageOf(base, entry, organizationOf(m, ckanTimestamp(newest.createdAt)));
  return {
    ...pkg,
    state: 'deleted',
    metadata_modified: ckanTimestamp(latestOf(newest.withdrawal?.at ?? newest.createdAt, tombstone.dataset.changedAt)),
    extras: pkg.extras.filter((e) => e.key !== 'latest_version' && e.key !== 'disclosure_rule'),
    resources: [],
    num_resources: 0,
  };
}

export function ckanCatalog(entries: CatalogEntry[], base: string, tombstones: Tombstone[] = []): CkanCatalog {
  const sorted = [...entries].sort((a, b) => a.dataset.id.localeCompare(b.dataset.id));
  const firstPublished = (e: CatalogEntry) => ckanTimestamp(publishedAt(e.versions[e.versions.length - 1] ?? e.latest));
  // An organisation or a group exists since its first dataset was first published.
  const orgCreated = new Map<string, string>();
  const groupCreated = new Map<string, string>();
  const note = (created: Map<string, string>, name: string, at: string) => {
    const before = created.get(name);
    if (!before || at < before) created.set(name, at);
  };
  for (const e of sorted) {
    note(orgCreated, slug(e.dataset.metadata.publisher.name.vi), firstPublished(e));
    for (const c of e.dataset.metadata.categories) note(groupCreated, `category-${c.number}`, firstPublished(e));
  }
  const organizations = new Map<string, CkanOrganizationRef>();
  const groups = new Map<string, CkanGroupRef>();
  const resources = new Map<string, CkanResource>();
  const packages = sorted.map((e) => {
    const m = e.dataset.metadata;
    const org = organizationOf(m, orgCreated.get(slug(m.publisher.name.vi))!);
    if (!organizations.has(org.name)) organizations.set(org.name, org);
    const pkg = packageOf(base, e, organizations.get(org.name)!);
    for (const g of pkg.groups) groups.set(g.name, g);
    for (const v of e.versions) v.files.forEach((f, i) => resources.set(stableUuid(m.id, v.version, f.name), resourceOf(base, e, v, f, i)));
    return pkg;
  });
  return {
    base,
    packages,
    resources,
    organizations: [...organizations.values()].sort((a, b) => a.name.localeCompare(b.name)),
    groups: [...groups.values()].sort((a, b) => groupNumber(a.name) - groupNumber(b.name)),
    groupCreated,
    searchText: new Map(sorted.map((e) => [e.dataset.id, searchText(e.dataset.metadata)])),
    deleted: tombstones.filter((t) => t.withdrawn.length > 0).map((t) => deletedPackageOf(base, t)),
  };
}

const groupNumber = (name: string): number => Number(name.replace('category-', ''));

/** The later of two ISO timestamps (the second may be missing). */
const latestOf = (a: string, b: string | undefined): string => (b && Date.parse(b) > Date.parse(a) ? b : a);
