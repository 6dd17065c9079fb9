import { PublishBlockedError } from '../../errors.ts';
import { scanTable, type GateHit } from '../../gate/scan.ts';
import type { AggregateDefinition } from '../../policy/dataset-definition.ts';
import { countRecords, tabulate } from '../aggregate.ts';
import { loadPartialCounts } from '../distributed/partial-counts.ts';
import { roundUp, type DatasetKind } from './kind.ts';

/**
 * An aggregate publishes counts under disclosure control. Its published periods are final, so a
 * change summary names the periods added and never counts changed cells (one cell's change could
 * tell of one person); its quality report holds no row counts (the number of valid rows is the
 * grand total of every table, which would narrow suppressed cells).
 */
export function aggregateKind(definition: AggregateDefinition): DatasetKind {
  return {
    buildsOnPreviousVersion: true,
    build: async (db, { exports, partialCounts, reference, workDir, release }) => {
      const counts = partialCounts
        ? await loadPartialCounts(db, definition, partialCounts)
        : await countRecords(db, definition, exports, reference, release.asOf);
      const built = await tabulate(db, definition, counts, reference, workDir, release);
      // Any identifier-like value in a count table blocks the version (there is no row to withhold).
      const gateHits: GateHit[] = [];
      for (const table of built.tables) {
        const columns = table.columns.map((c) => c.name);
        gateHits.push(...(await scanTable(db, { table: table.sqlTable, file: `${table.name}.csv`, columns, rowCount: table.rowCount })));
      }
      return { ...built, gateHits };
    },
    keyColumns: (table) => table.columns.map((c) => c.name).filter((c) => c !== 'count' && c !== 'count_status'),
    changes: (compared, built, since) => {
      const revised = compared.filter((t) => t.changed > 0 || t.removed > 0);
      if ((built.runLog?.periodsKept.length ?? 0) > 0 && revised.length > 0) {
        throw new PublishBlockedError(
          `published periods of ${revised.map((t) => t.name).join(', ')} would change; they are final. Nothing was published.`,
        );
      }
      return { since, tables: [], periodsAdded: built.runLog?.periodsAdded ?? [] };
    },
    quality: (built) => ({ rowsRejectedAtMost: roundUp(built.rowsRejected) }),
    sources: (built) => built.sources.map(({ key, province }) => ({ key, province })),
    qualityReport: (version, built, quality, stripped) => {
      const reasons = new Set(built.problems.map((p) => `${p.field ?? ''}: ${p.message}`));
      return {
        dataset: definition.id,
        version,
        rejectedRowsAtMost: quality.rowsRejectedAtMost,
        rejectionReasons: [...reasons].sort(),
        disclosure: built.disclosure,
        stripped,
      };
    },
  };
}
