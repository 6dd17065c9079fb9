import type { DatasetMetadata, VersionFile } from '../catalog/model.ts';

const FRICTIONLESS_TYPES: Record<string, string> = { string: 'string', date: 'date', integer: 'integer' };

/** The table schema shared by the CSV and the Parquet resource (Frictionless Table Schema v2). */
export function tableSchema(metadata: DatasetMetadata) {
  return {
    fields: metadata.columns.map((c) => ({
      name: c.name,
      type: FRICTIONLESS_TYPES[c.type] ?? 'string',
      ...(c.type === 'date' ? { format: 'default' } : {}),
      title: c.title.vi,
      description: `${c.description.vi} / ${c.description.en}`,
    })),
    missingValues: [''],
  };
}

/** Frictionless Data Package v2 descriptor of one version: schema, sizes and sha256 of each file. */
export function buildDataPackage(args: {
  metadata: DatasetMetadata;
  version: string;
  created: string;
  datasetUrl: string;
  csv: VersionFile;
  parquet: VersionFile;
}) {
  const { metadata, version, created, datasetUrl, csv, parquet } = args;
  const schema = tableSchema(metadata);
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: metadata.id,
    id: datasetUrl,
    title: metadata.title.vi,
    description: `${metadata.description.vi}\n\n${metadata.description.en}\n\n${CSV_NOTE}`,
    homepage: datasetUrl,
    version,
    created,
    keywords: [...metadata.keywords.vi, ...metadata.keywords.en],
    licenses: [{ name: metadata.licence.id, path: metadata.licence.url, title: metadata.licence.title }],
    contributors: [{ title: metadata.publisher.name.vi, path: metadata.publisher.url, email: metadata.publisher.email, roles: ['publisher'] }],
    sources: [{ title: metadata.source.vi }],
    resources: [
      {
        name: `${metadata.id}-csv`,
        path: csv.name,
        type: 'table',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: csv.bytes,
        hash: `sha256:${csv.sha256}`,
        dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
        schema,
      },
      {
        name: `${metadata.id}-parquet`,
        path: parquet.name,
        type: 'table',
        format: 'parquet',
        mediatype: 'application/vnd.apache.parquet',
        bytes: parquet.bytes,
        hash: `sha256:${parquet.sha256}`,
        schema,
      },
    ],
  };
}

const CSV_NOTE =
  'CSV: UTF-8 có BOM, RFC 4180; ô văn bản bắt đầu bằng =, +, -, @ được thêm dấu nháy đơn phía trước để bảng tính không chạy như công thức (tệp Parquet giữ nguyên giá trị). / ' +
  'CSV: UTF-8 with BOM, RFC 4180; text cells starting with =, +, -, @ carry a leading apostrophe so spreadsheets do not run them as formulas (the Parquet file keeps the original value).';
