import type { Localized } from '../../policy/dataset-definition.ts';
import { versionDate } from '../version-id.ts';
import { stableUuid } from '../ids.ts';
import type { DatasetMetadata, FileFormat, VersionFile, VersionRecord } from '../model.ts';
import { datasetPageUrl } from '../urls.ts';

/** What the harvestable catalog says about itself: the portal, run by the Ministry of Health. */
export interface Portal {
  title: Localized;
  description: Localized;
  publisher: DatasetMetadata['publisher'];
}

export const PORTAL: Portal = {
  title: { vi: 'Dữ liệu mở ngành y tế Việt Nam', en: 'Viet Nam open health data' },
  description: {
    vi: 'Danh mục dữ liệu mở ngành y tế công bố theo Nghị định 102/2025/NĐ-CP. Chỉ dữ liệu mở: dữ liệu cá nhân, bí mật kinh doanh, bí mật đời sống riêng tư và bí mật gia đình không bao giờ được công bố.',
    en: 'Catalog of open health data published under Decree 102/2025/ND-CP. Open data only: personal data and business, private-life and family secrets are never published.',
  },
  publisher: {
    name: { vi: 'Bộ Y tế', en: 'Ministry of Health of Viet Nam' },
    url: 'https://moh.gov.vn',
    email: 'opendata@moh.gov.vn',
  },
};

/**
 * IRIs of what the catalog describes. Datasets and versions are fragments of the dataset page, so
 * each IRI opens the human description of the thing it names.
 */
export const catalogIris = (base: string) => ({
  catalog: `${base}/#catalog`,
  dataset: (id: string) => `${datasetPageUrl(base, id)}#dataset`,
  version: (id: string, version: string) => `${datasetPageUrl(base, id)}#version-${version}`,
  distribution: (id: string, version: string, file: string) => `${datasetPageUrl(base, id)}#version-${version}-${encodeURIComponent(file)}`,
  organization: (url: string) => `${base}/#organization-${stableUuid('organization', url)}`,
  categoryScheme: `${base}/vocab/decree-102-2025/categories`,
  category: (n: number) => `${base}/vocab/decree-102-2025/categories/${n}`,
  legislation: `${base}/vocab/legislation/decree-102-2025`,
});

/** `dct:identifier` / data.json `identifier` / schema.org `identifier`: the same stable UUIDs everywhere. */
export const datasetIdentifier = (id: string): string => stableUuid('dataset', id);
export const versionIdentifier = (id: string, version: string): string => stableUuid('dataset', id, 'version', version);

export const publishedAt = (v: VersionRecord): string => v.publishedAt ?? versionDate(v.version);

/** `text/csv; charset=utf-8` → `text/csv` (IANA registry names carry no parameters). */
export const bareMediaType = (mediaType: string): string => mediaType.split(';')[0]!.trim();

/** Text a spreadsheet would run as a formula gets a leading `'`, as in the published CSVs. */
export const defuse = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export const isDataFile = (file: VersionFile): boolean => file.format === 'csv' || file.format === 'parquet' || file.format === 'xlsx';

interface FileKind {
  label: string;
  /** EU file-type authority table code. */
  euFileType: string;
  description: Localized;
  conformsTo?: { iri: string; title: string };
}

export const FILE_KINDS: Record<FileFormat, FileKind> = {
  csv: {
    label: 'CSV',
    euFileType: 'CSV',
    description: {
      vi: 'CSV: UTF-8 có BOM, RFC 4180, CRLF, có dòng tiêu đề',
      en: 'CSV: UTF-8 with BOM, RFC 4180, CRLF, header row',
    },
    conformsTo: { iri: 'https://www.rfc-editor.org/rfc/rfc4180', title: 'RFC 4180: Common Format and MIME Type for CSV Files' },
  },
  parquet: {
    label: 'Parquet',
    euFileType: 'PARQUET',
    description: { vi: 'Apache Parquet: có kiểu dữ liệu, nén ZSTD', en: 'Apache Parquet: typed, ZSTD-compressed' },
  },
  xlsx: {
    label: 'Excel',
    euFileType: 'XLSX',
    description: {
      vi: 'Excel (XLSX): tiêu đề cột tiếng Việt, mã giữ dạng văn bản, trang giới thiệu và từ điển dữ liệu',
      en: 'Excel (XLSX): Vietnamese column titles, codes kept as text, an about sheet and a data dictionary',
    },
    conformsTo: { iri: 'https://www.iso.org/standard/71691.html', title: 'ISO/IEC 29500-1:2016 Office Open XML File Formats' },
  },
  datapackage: {
    label: 'Data Package',
    euFileType: 'JSON',
    description: {
      vi: 'Frictionless Data Package v2: lược đồ, kích thước và sha256 của từng tệp',
      en: 'Frictionless Data Package v2: schema, byte size and sha256 of each file',
    },
    conformsTo: { iri: 'https://datapackage.org/standard/data-package/', title: 'Data Package (v2)' },
  },
  'search-index': {
    label: 'JSON',
    euFileType: 'JSON',
    description: {
      vi: 'Chỉ mục tìm kiếm: các giá trị khác nhau của cột tên và số dòng của mỗi giá trị',
      en: 'Search index: the distinct values of the name columns and how many rows hold each',
    },
  },
  'quality-report': {
    label: 'JSON',
    euFileType: 'JSON',
    description: {
      vi: 'Báo cáo chất lượng: dòng bị loại, dòng trùng, trường bị loại bỏ và lý do',
      en: 'Quality report: rejected rows, duplicates, stripped fields and why',
    },
  },
};

/** A file's title: the table it holds (or the dataset), then its format. */
export function fileTitle(metadata: DatasetMetadata, file: VersionFile): Localized {
  const table = metadata.tables.find((t) => file.name === `${t.name}.${file.format}`);
  const label = FILE_KINDS[file.format].label;
  if (file.format === 'datapackage') return { vi: `Mô tả gói dữ liệu (${label})`, en: `Data package descriptor (${label})` };
  if (file.format === 'quality-report') return { vi: 'Báo cáo chất lượng (JSON)', en: 'Quality report (JSON)' };
  const title = (lang: keyof Localized) => (table?.title ? `${metadata.title[lang]} — ${table.title[lang]}` : metadata.title[lang]);
  return { vi: `${title('vi')} (${label})`, en: `${title('en')} (${label})` };
}

const number = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

/** "1.020 dòng. So với phiên bản …: bảng …: thêm 3, bớt 1, đổi 2." — for the feed and `adms:versionNotes`. */
export function versionSummary(v: VersionRecord): Localized {
  const rows = { vi: `${number.vi.format(v.rowCount)} dòng.`, en: `${number.en.format(v.rowCount)} rows.` };
  if (!v.changes) {
    if (v.previousVersion) return rows;
    return { vi: `${rows.vi} Phiên bản đầu tiên.`, en: `${rows.en} First version.` };
  }
  if (v.changes.periodsAdded) {
    const periods = v.changes.periodsAdded.join(', ') || '—';
    return {
      vi: `${rows.vi} Thêm kỳ so với phiên bản ${v.changes.since}: ${periods}; các kỳ đã công bố không đổi.`,
      en: `${rows.en} Periods added since version ${v.changes.since}: ${periods}; published periods unchanged.`,
    };
  }
  const tables = v.changes.tables;
  const vi = tables.map((t) => `${t.name}: thêm ${t.added}, bớt ${t.removed}, đổi ${t.changed}`).join('; ');
  const en = tables.map((t) => `${t.name}: ${t.added} added, ${t.removed} removed, ${t.changed} changed`).join('; ');
  return {
    vi: `${rows.vi} Thay đổi so với phiên bản ${v.changes.since}: ${vi}.`,
    en: `${rows.en} Changes since version ${v.changes.since}: ${en}.`,
  };
}

/** EU frequency authority table codes, from the definition's English update frequency. */
const FREQUENCIES: Record<string, { eu: string; iso: string }> = {
  daily: { eu: 'DAILY', iso: 'R/P1D' },
  weekly: { eu: 'WEEKLY', iso: 'R/P1W' },
  monthly: { eu: 'MONTHLY', iso: 'R/P1M' },
  quarterly: { eu: 'QUARTERLY', iso: 'R/P3M' },
  annual: { eu: 'ANNUAL', iso: 'R/P1Y' },
  yearly: { eu: 'ANNUAL', iso: 'R/P1Y' },
};
export const frequencyOf = (metadata: DatasetMetadata): { eu: string; iso: string } | undefined =>
  FREQUENCIES[metadata.updateFrequency.en.trim().toLowerCase()];

/** The period the catalog can vouch for: from the first visible version to the given one (dates). */
function publicationPeriod(versions: VersionRecord[], until: VersionRecord): { start: string; end: string } {
  const first = versions.reduce((a, b) => (a.version <= b.version ? a : b), until);
  return { start: publishedAt(first).slice(0, 10), end: publishedAt(until).slice(0, 10) };
}

/**
 * The days the data cover (temporal coverage), up to version `until` of the series `versions`: an
 * aggregate's periods, from the earliest first day to the latest last day of the versions
 * (`VersionRecord.coverage`); a register, which has no periods, the span of its versions' dates.
 */
export function temporalCoverage(versions: VersionRecord[], until: VersionRecord): { start: string; end: string } {
  const covered = [until, ...versions.filter((v) => v.version < until.version)].flatMap((v) => (v.coverage ? [v.coverage] : []));
  if (covered.length === 0) return publicationPeriod(versions, until);
  return {
    start: covered.map((c) => c.start).sort()[0]!,
    end: covered
      .map((c) => c.end)
      .sort()
      .at(-1)!,
  };
}
