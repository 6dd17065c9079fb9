import type { Localized } from '../../policy/dataset-definition.ts';
import type { DatasetMetadata, VersionFile } from '../model.ts';
import type { TableSchema } from '../tables.ts';
import { DEFAULT_K } from '../../disclosure/types.ts';

const FRICTIONLESS_TYPES: Record<string, string> = { string: 'string', date: 'date', integer: 'integer' };

/** The Frictionless Table Schema (v2) shared by a table's CSV and Parquet resources. */
export function tableSchema(table: TableSchema) {
  return {
    fields: table.columns.map((c) => ({
      name: c.name,
      type: FRICTIONLESS_TYPES[c.type] ?? 'string',
      ...(c.type === 'date' ? { format: 'default' } : {}),
      title: c.title.vi,
      description: `${c.description.vi} / ${c.description.en}`,
      ...(c.constraints ? { constraints: c.constraints } : {}),
    })),
    missingValues: [''],
    ...(table.primaryKey ? { primaryKey: table.primaryKey } : {}),
  };
}

export interface PackagedTable {
  schema: TableSchema;
  csv: VersionFile;
  parquet: VersionFile;
}

/** Frictionless Data Package v2 descriptor of one version: schema, sizes and sha256 of each file. */
export function buildDataPackage(args: {
  metadata: DatasetMetadata;
  version: string;
  created: string;
  datasetUrl: string;
  tables: PackagedTable[];
}) {
  const { metadata, version, created, datasetUrl, tables } = args;
  const notes = [CSV_NOTE, ...(metadata.kind === 'aggregate' ? [suppressionNote(metadata.disclosureK ?? DEFAULT_K)] : [])];
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: metadata.id,
    id: datasetUrl,
    title: metadata.title.vi,
    description: [metadata.description.vi, metadata.description.en, ...notes].join('\n\n'),
    homepage: datasetUrl,
    version,
    created,
    keywords: [...metadata.keywords.vi, ...metadata.keywords.en],
    licenses: [{ name: metadata.licence.id, path: metadata.licence.url, title: metadata.licence.title }],
    contributors: [
      { title: metadata.publisher.name.vi, path: metadata.publisher.url, email: metadata.publisher.email, roles: ['publisher'] },
    ],
    sources: [{ title: metadata.source.vi }],
    resources: tables.flatMap(({ schema, csv, parquet }) => {
      const table = tableSchema(schema);
      const title = schema.title ? { title: schema.title.vi } : {};
      return [
        {
          name: `${schema.name}-csv`,
          path: csv.name,
          type: 'table',
          ...title,
          format: 'csv',
          mediatype: 'text/csv',
          encoding: 'utf-8',
          bytes: csv.bytes,
          hash: `sha256:${csv.sha256}`,
          dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
          schema: table,
        },
        {
          name: `${schema.name}-parquet`,
          path: parquet.name,
          type: 'table',
          ...title,
          format: 'parquet',
          mediatype: 'application/vnd.apache.parquet',
          bytes: parquet.bytes,
          hash: `sha256:${parquet.sha256}`,
          schema: table,
        },
      ];
    }),
  };
}

const CSV_NOTE =
  'CSV: UTF-8 có BOM, RFC 4180; ô văn bản bắt đầu bằng =, +, -, @ được thêm dấu nháy đơn phía trước để bảng tính không chạy như công thức (tệp Parquet giữ nguyên giá trị). / ' +
  'CSV: UTF-8 with BOM, RFC 4180; text cells starting with =, +, -, @ carry a leading apostrophe so spreadsheets do not run them as formulas (the Parquet file keeps the original value).';

/** What suppression means, in each language (the page and the workbook show one or both). */
export const suppressionNotes = (k: number): Localized => ({
  vi: `Số liệu được công bố là 0 hoặc từ ${k} trở lên. Ô có count_status = "suppressed" để trống count: số nhỏ hơn ${k} (ẩn sơ cấp) hoặc ô được ẩn thêm để không thể suy ra số nhỏ từ tổng hay từ các bảng khác (ẩn bổ sung); hai loại không được phân biệt.`,
  en: `Published counts are 0 or at least ${k}. Rows with count_status = "suppressed" have an empty count: below ${k} (primary) or hidden so that no small count can be derived from totals or other tables (complementary); the two are not told apart.`,
});

/** The same, "vi / en", for the data package's description. */
export const suppressionNote = (k: number): string => `${suppressionNotes(k).vi} / ${suppressionNotes(k).en}`;
