import { stringify } from 'csv-stringify/sync';
import type { VersionFile } from '../model.ts';
import type { CatalogEntry } from '../queries.ts';
import { fileUrl } from '../urls.ts';
import { defuse, publishedAt } from './common.ts';

/**
 * `/catalog.csv`: the whole catalog, one row per dataset, written like the published CSVs (UTF-8
 * with BOM, RFC 4180, CRLF, text that a spreadsheet would run as a formula gets a leading `'`).
 * An aggregate publishes one CSV and one Parquet file per table: their URLs are joined with a
 * space (URLs never contain one).
 */

export const CATALOG_CSV_COLUMNS = [
  'id',
  'title_vi',
  'title_en',
  'categories',
  'latest_version',
  'modified',
  'rows',
  'csv_url',
  'parquet_url',
  'datapackage_url',
  'licence',
] as const;

export function catalogCsv(entries: CatalogEntry[], base: string): string {
  const urls = (files: VersionFile[], format: VersionFile['format']) =>
    files
      .filter((f) => f.format === format)
      .map((f) => fileUrl(base, f.key))
      .join(' ');
  const rows = entries.map(({ dataset, latest }) => {
    const m = dataset.metadata;
    return [
      m.id,
      defuse(m.title.vi),
      defuse(m.title.en),
      m.categories.map((c) => `${c.number}: ${c.vi}`).join('; '),
      latest.version,
      publishedAt(latest),
      String(latest.rowCount),
      urls(latest.files, 'csv'),
      urls(latest.files, 'parquet'),
      urls(latest.files, 'datapackage'),
      m.licence.id,
    ];
  });
  return stringify([[...CATALOG_CSV_COLUMNS], ...rows], { bom: true, record_delimiter: '\r\n' });
}
