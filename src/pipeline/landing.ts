import type { StoredObject } from '../ports/object-store.ts';

/**
 * One export chosen from the landing bucket. Keys are `<dataset>/<file>` or
 * `<dataset>/<folder>/<file>`; a two-digit folder is the code of the province whose Department of
 * Health sent the export.
 */
export interface SelectedExport {
  key: string;
  /** The folder between the dataset prefix and the file ('' at the top). */
  partition: string;
  provinceCode?: string;
  lastModified: Date;
  size: number;
}

/** File names each source format may land under; anything else in the folder is ignored. */
const EXTENSIONS = { csv: /\.(csv|txt)(\.gz)?$/i, json: /\.(json|ndjson|jsonl)(\.gz)?$/i } as const;

/**
 * Each partition (a province's folder, or the top level) holds successive full exports of one
 * source; the newest of each is read, and together they make the dataset.
 */
export function selectNewestExports(datasetId: string, objects: StoredObject[], format: 'csv' | 'json' = 'csv'): SelectedExport[] {
  const prefix = `${datasetId}/`;
  const newest = new Map<string, StoredObject>();
  for (const o of objects) {
    if (!o.key.startsWith(prefix) || o.key.endsWith('/')) continue;
    const rest = o.key.slice(prefix.length);
    const fileName = rest.split('/').pop() ?? '';
    if (fileName.startsWith('.') || !EXTENSIONS[format].test(fileName)) continue;
    const partition = rest.includes('/') ? rest.slice(0, rest.lastIndexOf('/')) : '';
    const current = newest.get(partition);
    if (!current || o.lastModified > current.lastModified || (+o.lastModified === +current.lastModified && o.key > current.key)) {
      newest.set(partition, o);
    }
  }
  return [...newest]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partition, o]) => ({
      key: o.key,
      partition,
      provinceCode: /^\d{2}$/.test(partition) ? partition : undefined,
      lastModified: o.lastModified,
      size: o.size,
    }));
}

/** Where an export for a dataset lands: in the province's folder when the province is known. */
export function landingKey(datasetId: string, fileName: string, provinceCode: string | undefined, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const safeName = fileName.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return [datasetId, provinceCode, `${stamp}-${safeName}`].filter(Boolean).join('/');
}
