import type { DuckDBConnection } from '@duckdb/node-api';
import { IdentifierGateError } from '../errors.ts';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../gate/identifiers.ts';
import { scanTable, type GateHit, type ScanTableArgs, type ValueAllowance } from '../gate/scan.ts';
import type { RegistryDefinition } from '../policy/dataset-definition.ts';
import { physicalLines } from './source-lines.ts';
import { fileRow, type LoadedExports, type StagedExport } from './staging.ts';

/** Columns of `final` that name each row's source (export index, record number); never published. */
export const SOURCE_COLUMNS = ['__export', '__record'] as const;

/** A registry row kept out of the files because the identifier gate found something in it. */
export interface WithheldRow {
  /** The export's landing key. */
  file: string;
  /** CSV: the physical line the row starts on (header = line 1). JSON: the record number. */
  line: number;
  column: string;
  kind: IdentifierKind;
  masked: string;
}

/** A definition's identifierAllow as scanTable takes it: kinds allowed whatever the value, and those allowed by pattern. */
export function allowedIdentifiers(entries: RegistryDefinition['identifierAllow']): Pick<ScanTableArgs, 'allow' | 'allowMatching'> {
  const allow: Record<string, IdentifierKind[]> = {};
  const allowMatching: Record<string, ValueAllowance[]> = {};
  for (const { column, kinds, pattern } of entries) {
    if (pattern === undefined) allow[column] = [...(allow[column] ?? []), ...kinds];
    else allowMatching[column] = [...(allowMatching[column] ?? []), { kinds, pattern }];
  }
  return { allow, allowMatching };
}

/**
 * Runs the identifier gate over `final` (the registry's published rows, in file order, with
 * SOURCE_COLUMNS) and deletes the rows it hits, so that one identifier typed into a national
 * register holds back one row, not the whole version. The steward learns where each came from
 * (source file and line, column, masked value); nothing of it is published.
 *
 * Throws IdentifierGateError, publishing nothing, when the hits are in a column name, or in more
 * rows than `quality.maxWithheldRatio` of the rows read: then the export itself is wrong.
 */
export async function withholdIdentifierRows(
  db: DuckDBConnection,
  definition: RegistryDefinition,
  exports: StagedExport[],
  loaded: LoadedExports,
): Promise<{ rows: number; withheld: WithheldRow[] }> {
  const columns = definition.columns.map((c) => c.name);
  const mostRows = Math.floor(loaded.rowsRead * definition.quality.maxWithheldRatio);
  // Enough hits to see one row more than may be withheld, each row hit in every column and kind.
  const limit = Math.min(1_000_000, (mostRows + 1) * columns.length * IDENTIFIER_KINDS.length + columns.length);
  const hits = await scanTable(db, {
    table: 'final',
    file: `${definition.id}.csv`,
    columns,
    limit,
    ...allowedIdentifiers(definition.identifierAllow),
  });
  if (hits.length === 0) return { rows: 0, withheld: [] };
  const header = hits.filter((h) => h.row === 1);
  if (header.length > 0) throw new IdentifierGateError(definition.id, header);

  // A hit's row is its CSV row in a freshly made `final`: rowid + 2.
  const rowids = [...new Set(hits.map((h) => h.row! - 2))];
  const sources = await sourcesOf(db, definition, exports, loaded, rowids);
  // In source order, as the steward will look them up (stable: a row's hits stay in column order).
  const located = hits
    .map((h): WithheldRow => ({ ...sources.get(h.row! - 2)!, column: h.column!, kind: h.kind, masked: h.masked }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  if (rowids.length > mostRows) {
    throw new IdentifierGateError(
      definition.id,
      located.map(({ file, column, line, kind, masked }): GateHit => ({ file, column, line, kind, masked })),
      `${hits.length >= limit ? 'at least ' : ''}${rowids.length} of ${loaded.rowsRead} rows, more than the ${(definition.quality.maxWithheldRatio * 100).toFixed(2)} % this dataset may withhold`,
    );
  }
  await db.run(`DELETE FROM final WHERE rowid IN (${rowids.join(', ')})`);
  return { rows: rowids.length, withheld: located };
}

/** The source file (landing key) and line of rows of `final`, by rowid. */
async function sourcesOf(
  db: DuckDBConnection,
  definition: RegistryDefinition,
  exports: StagedExport[],
  loaded: LoadedExports,
  rowids: number[],
): Promise<Map<number, { file: string; line: number }>> {
  const rows = (
    await db.runAndReadAll(`SELECT rowid, ${SOURCE_COLUMNS.join(', ')} FROM final WHERE rowid IN (${rowids.join(', ')})`)
  ).getRows() as [bigint, number, bigint][];
  const sources = new Map<number, { file: string; line: number }>();
  if (definition.source.format !== 'csv') {
    for (const [rowid, i, record] of rows) sources.set(Number(rowid), { file: exports[i]!.key, line: Number(record) });
    return sources;
  }
  for (const [i, staged] of exports.entries()) {
    const mine = rows
      .filter(([, e]) => e === i)
      .map(([rowid, , record]) => ({ rowid, row: fileRow(record, loaded.rejectedLines.get(i) ?? []) }));
    if (mine.length === 0) continue;
    const lines = await physicalLines(
      staged.file,
      mine.map((m) => m.row),
    );
    for (const m of mine) sources.set(Number(m.rowid), { file: staged.key, line: lines.get(m.row) ?? m.row });
  }
  return sources;
}
