import type { StoredObject } from '../ports/object-store.ts';
import { PERIOD_FORMAT } from '../policy/dataset-definition.ts';

/**
 * One export chosen from the landing bucket. Keys are `<dataset>/<file>`,
 * `<dataset>/<folder>/<file>` or `<dataset>/<province>/<YYYY-MM>/<file>` (a province's export of one
 * month); a partition whose first folder has two digits belongs to the province of that code, whose
 * Department of Health (or social-insurance office) sent the export.
 */
export interface SelectedExport {
  key: string;
  /** The folders between the dataset prefix and the file ('' at the top, `79`, `79/2026-01`). */
  partition: string;
  provinceCode?: string;
  lastModified: Date;
  size: number;
}

/** File names each source format may land under; anything else in the folder is ignored. */
const EXTENSIONS = { csv: /\.(csv|txt)(\.gz)?$/i, json: /\.(json|ndjson|jsonl)(\.gz)?$/i } as const;

/** A partition's province: its first folder when that has two digits (`79`, `79/2026-01`). */
const PROVINCE_FOLDER = /^(\d{2})(?:\/|$)/;

/**
 * Each partition (a province's folder, a province's month `79/2026-01`, or the top level) holds
 * successive full exports of one source; the newest of each is read, and together they make the
 * dataset. A re-export of a month therefore replaces that month, and only that month.
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
      provinceCode: PROVINCE_FOLDER.exec(partition)?.[1],
      lastModified: o.lastModified,
      size: o.size,
    }));
}

/** A month folder as landing keys write it: the month as the month dimension writes it. */
export const MONTH_FOLDER = PERIOD_FORMAT.month;

/**
 * Where an export for a dataset lands: in the province's folder when the province is known, and in
 * its month's folder below that (`<dataset>/79/2026-01/…`) when the export is one month's.
 */
export function landingKey(datasetId: string, fileName: string, provinceCode: string | undefined, at: Date, month?: string): string {
  if (month !== undefined && !MONTH_FOLDER.test(month)) throw new RangeError(`month "${month}" is not YYYY-MM`);
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const safeName = fileName.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return [datasetId, provinceCode, month, `${stamp}-${safeName}`].filter(Boolean).join('/');
}
