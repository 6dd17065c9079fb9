import type { RegistryDefinition } from '../../policy/dataset-definition.ts';
import { roundUp } from './kind.ts';
import { buildRegistry } from '../registry.ts';
import type { DatasetKind } from './kind.ts';

/** A registry publishes one row per source row; its quality report lists rows for the steward to fix. */
export function registryKind(definition: RegistryDefinition): DatasetKind {
  const key = definition.quality.duplicateKey;
  // Columns allowed to hold identifier-like values stay in the data files only, not in row copies
  // in the quality report.
  const omit = new Set(definition.identifierAllow.map((a) => a.column));
  const trim = (row: Record<string, string | null>) => Object.fromEntries(Object.entries(row).filter(([k]) => !omit.has(k)));
  return {
    buildsOnPreviousVersion: false,
    build: (db, { exports, partialCounts, reference, workDir }) => {
      if (partialCounts) throw new Error(`${definition.id} is a registry: it publishes rows and has no partial counts`);
      return buildRegistry(db, definition, exports, reference, workDir);
    },
    keyColumns: (table) => (key ? [key] : table.columns.map((c) => c.name)),
    changes: (compared, _built, since) => ({ since, tables: compared }),
    quality: (built) => ({
      rowsRead: built.rowsRead,
      rowsRejected: built.rowsRejected,
      duplicateRowsCollapsed: built.registry!.duplicateRowsCollapsed,
      sharedKeys: built.registry!.sharedKeyCount,
      rowsWithoutProvince: built.registry!.rowsWithoutProvince,
    }),
    sources: (built) => built.sources.map(({ key, province, rowsRead }) => ({ key, province, rowsRead })),
    qualityReport: (version, built, quality, stripped) => {
      const registry = built.registry!;
      // Sources by number and province: a landing key holds the uploader's own file name, which is
      // for the steward's report, not the public one.
      const sourceNumber = new Map(built.sources.map((s, i) => [s.key, i + 1]));
      return {
        dataset: definition.id,
        version,
        rowsRead: quality.rowsRead,
        rowsRejected: quality.rowsRejected,
        rejectedRows: built.problems.map(({ file, ...rest }) => ({ source: sourceNumber.get(file) ?? null, ...rest })),
        duplicateRowsCollapsed: quality.duplicateRowsCollapsed,
        rowsWithoutProvince: quality.rowsWithoutProvince,
        rowsWithoutProvinceListed: registry.rowsWithoutProvinceListed.map(trim),
        // How many rows the identifier gate withheld, rounded like rejectedRowsAtMost: where they
        // came from and what was in them is for the steward only.
        withheldRowsAtMost: registry.withheldRows > 0 ? roundUp(registry.withheldRows) : 0,
        sharedKeyCount: quality.sharedKeys,
        sharedKeys: registry.sharedKeys.map(({ value, rows }) => ({ value, rows: rows.map(trim) })),
        sources: built.sources.map((s, i) => ({ source: i + 1, province: s.province ?? null, rowsRead: s.rowsRead })),
        stripped,
      };
    },
  };
}
