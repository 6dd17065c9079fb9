import { open } from 'node:fs/promises';
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
  /** The published CSV, byte for byte (BOM included). */
  csvFile: string;
  parquetFile: string;
}

/** UTF-8 byte-order mark: Excel then shows Vietnamese intact; pandas, DuckDB, R and csv-parse skip it. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Writes a DuckDB table as the published CSV (UTF-8 BOM, RFC 4180, CRLF, formulas defused in text
 * cells) and as ZSTD Parquet with DuckDB's column statistics, both in the table's stored order (the
 * engine runs with preserve_insertion_order, so no sort happens here).
 *
 * The BOM is the first character of the first column's name in the header, which DuckDB writes
 * unquoted: the file is written once, where adding the BOM in front of DuckDB's file meant copying
 * it (a 1M-row registry CSV: 0.6 s). Checked after writing, so a header that came out quoted fails.
 */
export async function writeTableFiles(
  db: DuckDBConnection,
  args: { sqlTable: string; name: string; columns: TableColumn[]; workDir: string },
): Promise<Pick<BuiltTable, 'csvFile' | 'parquetFile'>> {
  const csvFile = join(args.workDir, `${args.name}.csv`);
  const parquetFile = join(args.workDir, `${args.name}.parquet`);
  const csvSelect = args.columns.map((c, i) => {
    const header = ident(i === 0 ? `${UTF8_BOM.toString('utf8')}${c.name}` : c.name);
    return `${c.type === 'string' ? guardFormula(ident(c.name)) : ident(c.name)} AS ${header}`;
  });
  await db.run(
    `COPY (SELECT ${csvSelect.join(', ')} FROM ${ident(args.sqlTable)}) TO ${literal(csvFile)}
     (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n', DATEFORMAT '%Y-%m-%d')`,
  );
  await expectBom(csvFile);
  await db.run(
    `COPY (SELECT ${args.columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(args.sqlTable)}) TO ${literal(parquetFile)}
     (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  return { csvFile, parquetFile };
}

async function expectBom(file: string): Promise<void> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(UTF8_BOM.length), 0, UTF8_BOM.length, 0);
    if (bytesRead !== UTF8_BOM.length || !buffer.equals(UTF8_BOM)) throw new Error(`${file} does not start with the UTF-8 BOM`);
  } finally {
    await handle.close();
  }
}
