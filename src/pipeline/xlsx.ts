import { writeWorkbook, type TextRow, type WorkbookArgs } from '../catalog/formats/xlsx.ts';
import { ident, literal } from '../sql.ts';
import { connectEngine, type EngineSettings } from './duckdb.ts';

/**
 * Tables up to this many rows also get an XLSX file. Excel's sheet holds 1,048,576 rows, but
 * writing one that full takes ~25 s and ~450 MiB here; a register that large is read in DuckDB or
 * pandas, or downloaded a province at a time (the filtered download).
 */
export const XLSX_MAX_ROWS = 200_000;

export interface XlsxArgs extends WorkbookArgs {
  /** The table's published Parquet file: the rows, in file order. */
  parquetFile: string;
  out: string;
  engine: EngineSettings;
}

/** A published table's workbook, written beside its CSV and Parquet file (publish.ts). */
export async function writeTableXlsx(args: XlsxArgs): Promise<void> {
  const db = await connectEngine(args.engine);
  try {
    // Every value as text: the cell type comes from the column's declared type, not the engine's.
    const select = args.table.columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR) AS ${ident(c.name)}`).join(', ');
    const result = await db.stream(`SELECT ${select} FROM read_parquet(${literal(args.parquetFile)})`);
    async function* rows(): AsyncGenerator<TextRow> {
      for await (const chunk of result.yieldRowsJs()) yield* chunk as (string | null)[][];
    }
    await writeWorkbook({ filename: args.out }, args, rows());
  } finally {
    db.closeSync();
  }
}
