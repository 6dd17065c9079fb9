import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableColumn, TableSchema } from '../catalog/tables.ts';
import { ident, literal } from '../sql.ts';
import { guardFormula } from './transforms.ts';

export type { TableColumn };

/** One published table: a CSV and a Parquet file of the same rows. */
export interface BuiltTable extends TableSchema {
  /**
   * The DuckDB table the files were written from (the identifier gate scans it). It is stored in
   * file order (sorted once, when it was made): its rowid is the row's position in the files.
   */
  sqlTable: string;
  rowCount: number;
  /** Aggregates: rows whose count is suppressed. */
  suppressedCount?: number;
  csvBodyFile: string;
  parquetFile: string;
}

/**
 * Writes a DuckDB table as the CSV body (RFC 4180, CRLF, formulas defused in text cells; the BOM
 * is added by files.ts) and as ZSTD Parquet with DuckDB's column statistics, both in the
 * table's stored order (the engine runs with preserve_insertion_order, so no sort happens here).
 */
export async function writeTableFiles(
  db: DuckDBConnection,
  args: { sqlTable: string; name: string; columns: TableColumn[]; workDir: string },
): Promise<Pick<BuiltTable, 'csvBodyFile' | 'parquetFile'>> {
  const csvBodyFile = join(args.workDir, `${args.name}.body.csv`);
  const parquetFile = join(args.workDir, `${args.name}.parquet`);
  const csvSelect = args.columns.map((c) => (c.type === 'string' ? `${guardFormula(ident(c.name))} AS ${ident(c.name)}` : ident(c.name)));
  await db.run(
    `COPY (SELECT ${csvSelect.join(', ')} FROM ${ident(args.sqlTable)}) TO ${literal(csvBodyFile)}
     (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n', DATEFORMAT '%Y-%m-%d')`,
  );
  await db.run(
    `COPY (SELECT ${args.columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(args.sqlTable)}) TO ${literal(parquetFile)}
     (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  return { csvBodyFile, parquetFile };
}
