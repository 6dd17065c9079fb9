/**
 * The identifier gate over what is about to be published: a DuckDB table (the rows of a CSV/Parquet
 * file) and text documents (JSON metadata, file names). A hit names where it is and the masked
 * value, never the value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, literalList, type Sql } from '../sql.ts';
import {
  CONTEXT_GAP,
  findIdentifiers,
  IDENTIFIER_KINDS,
  kindsNamedBy,
  locateIdentifiers,
  mayHoldIdentifier,
  maskIdentifier,
  PASSPORT_CONTEXT_GAP,
  sqlBlanked,
  sqlFolded,
  sqlPatterns,
  significantCharacters,
  sqlQuickPattern,
  type IdentifierKind,
} from './identifiers.ts';
import { fold } from './normalise.ts';

export interface GateHit {
  file: string;
  column?: string;
  /** CSV line (header = 1) for a table, line number for a text document. */
  row?: number;
  /** Line (or JSON record) in a source export, when `file` names one. */
  line?: number;
  kind: IdentifierKind;
  masked: string;
}

/**
 * A hit of one of `kinds` is allowed when the letters and digits of the value found (as
 * significantCharacters reads it: `028 3855 4269` → `02838554269`) match `pattern` whole. The
 * pattern must mean the same in JavaScript (`u` flag) and is applied in JavaScript only: the SQL
 * pre-filter still passes such cells, which are then excused here.
 */
export interface ValueAllowance {
  kinds: readonly IdentifierKind[];
  pattern: string;
}

export interface ScanTableArgs {
  /** Name of the table (quoted here). */
  table: string;
  /** Name reported in hits, e.g. the published file's key. */
  file: string;
  /** Columns to scan, in file order; non-text columns are scanned as they print (cast to VARCHAR). */
  columns: string[];
  /**
   * ORDER BY expression that gives the file's row order (SQL built in code, never a plain string).
   * Without it the table is in file order as stored: a row's rowid is its position (no sort).
   */
  orderBy?: Sql;
  /** Column name → kinds its dataset definition allows in it, whatever the value. */
  allow?: Record<string, IdentifierKind[]>;
  /**
   * Column name → kinds allowed in it only when the value found matches a pattern (see
   * ValueAllowance), e.g. a column of organisations' switchboard landlines.
   */
  allowMatching?: Record<string, ValueAllowance[]>;
  limit?: number;
  /**
   * A table with at most this many cells to scan is read whole and checked in JS: compiling the
   * SQL patterns costs far more than the recogniser on a small table (an aggregate's grid; README,
   * "Performance"). Larger tables get the SQL pre-filter.
   */
  inMemoryCells?: number;
  /**
   * A larger table whose columns hold at most this many distinct values in all (an aggregate's
   * count table: a few province names, categories and counts repeated) is scanned value by value:
   * each distinct value once in JS, then only the rows that hold a hit are read.
   */
  inMemoryValues?: number;
  /** The table's row count, when the caller already knows it (one query fewer). */
  rowCount?: number;
}

const DEFAULT_LIMIT = 100;
const DEFAULT_IN_MEMORY_CELLS = 200_000;
const DEFAULT_IN_MEMORY_VALUES = 50_000;
/**
 * Distinct values are counted only up to here: a larger table is a register, with free text in
 * most columns, and counting would be one more pass over it (a year of encounters, all its count
 * tables together, is about 40,000 rows).
 */
const MAX_ROWS_BY_VALUE = 250_000;
/** More values than this that hit (a column of phone numbers) are read back by the SQL pre-filter instead. */
const MAX_HIT_VALUES = 1_000;

/**
 * Scans the header and every cell of `columns`. Header names are reported at row 1; a cell at
 * position n (1-based) of `orderBy`, or of the stored order, is CSV row n + 1.
 *
 * A small table is read whole into JS, and a table of few distinct values (a count table) is read
 * value by value (inMemoryCells, inMemoryValues): the SQL patterns take about a quarter of a second
 * to compile. Otherwise one query: each cell is tested in DuckDB with the patterns of the kinds not
 * allowed in its column (sqlPatterns), in the pass that also numbers the rows; only matching rows
 * reach JS, at most `limit` of them. JS then finds, confirms and masks the hits in those cells. A
 * column whose name carries a context word (`so_cmnd`, `Mã số BHXH`) gives that context to each of
 * its cells, in SQL and in JS alike.
 */
export async function scanTable(db: DuckDBConnection, args: ScanTableArgs): Promise<GateHit[]> {
  const {
    table,
    file,
    columns,
    orderBy,
    allow = {},
    allowMatching = {},
    limit = DEFAULT_LIMIT,
    inMemoryCells = DEFAULT_IN_MEMORY_CELLS,
    inMemoryValues = DEFAULT_IN_MEMORY_VALUES,
  } = args;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const hits: GateHit[] = [];
  for (const column of columns) {
    for (const h of findIdentifiers(column)) hits.push({ file, column, row: 1, kind: h.kind, masked: h.masked });
  }

  const plans = columns
    .map((column) => {
      const allowed = new Set(allow[column] ?? []);
      const named = kindsNamedBy(column);
      const exact = sqlPatterns(named).filter((p) => !allowed.has(p.kind));
      const matching = (allowMatching[column] ?? []).map((a) => ({
        kinds: new Set(a.kinds),
        pattern: new RegExp(`^(?:${a.pattern})$`, 'u'),
      }));
      // The same value recurs down a column (a province, a category): recognised once.
      const seen = new Map<string, FoundIdentifier[]>();
      const find = (value: string): FoundIdentifier[] => {
        let found = seen.get(value);
        if (!found) {
          found = locateIdentifiers(value, allowed, named)
            .filter((h) => !matching.some((m) => m.kinds.has(h.kind) && m.pattern.test(significantCharacters(h.value).join(''))))
            .map((h) => ({ kind: h.kind, masked: maskIdentifier(h.value) }));
          seen.set(value, found);
        }
        return found;
      };
      return { column, named, find, exact };
    })
    .filter((p) => p.exact.length > 0);
  if (plans.length === 0) return hits.slice(0, limit);

  const count = args.rowCount ?? Number(((await db.runAndReadAll(`SELECT count(*) FROM ${ident(table)}`)).getRows()[0] as [bigint])[0]);
  if (count * plans.length <= inMemoryCells) {
    const rows = (
      await db.runAndReadAll(
        `SELECT ${plans.map((p) => `CAST(${ident(p.column)} AS VARCHAR)`).join(', ')} FROM ${ident(table)} ORDER BY ${orderBy ?? 'rowid'}`,
      )
    ).getRows();
    for (const [index, values] of rows.entries()) {
      if (hits.length >= limit) break;
      for (const [i, value] of values.entries()) {
        if (typeof value !== 'string') continue;
        const plan = plans[i]!;
        // Row 1 is the header.
        for (const h of plan.find(value)) hits.push({ file, column: plan.column, row: index + 2, kind: h.kind, masked: h.masked });
      }
    }
    return hits.slice(0, limit);
  }
  if (Number(count) <= MAX_ROWS_BY_VALUE && (await distinctValues(db, table, plans)) <= inMemoryValues) {
    const byValue = await scanByValue(db, { table, file, orderBy, limit }, plans);
    if (byValue) return [...hits, ...byValue].slice(0, limit);
  }

  for (let offset = 0; hits.length < limit && plans.length > 0; offset += limit) {
    // Cells are tested below the window, so the sort that numbers the rows carries only the
    // (mostly NULL) matching cells and the ORDER BY columns. Each step is one projection, so that
    // a cell is folded and blanked once: the quick pre-test (one fast automaton that rules out
    // nearly every cell), the folded and the blanked reading, then each kind's exact pattern
    // (context patterns joined would make RE2 fall back to its slow engine, so one by one).
    const cells = plans.map((_, i) => `__gate_${i}`);
    const keep = orderBy ? '*' : 'rowid AS __gate_rowid';
    const quick = plans.map((p, i) => {
      const value = `CAST(${ident(p.column)} AS VARCHAR)`;
      return `CASE WHEN regexp_matches(${value}, ${literal(sqlQuickPattern(p.named))}) THEN ${value} END AS __gate_raw_${i}`;
    });
    const folded = plans.map((_, i) => `${sqlFolded(`__gate_raw_${i}`)} AS __gate_folded_${i}`);
    const blanked = plans.map((_, i) => `${sqlBlanked(`__gate_folded_${i}`)} AS __gate_blanked_${i}`);
    const tested = plans.map((p, i) => {
      const exact = p.exact.map((e) => `regexp_matches(__gate_${e.on}_${i}, ${literal(e.pattern)})`).join(' OR ');
      return `CASE WHEN ${exact} THEN __gate_raw_${i} END AS __gate_${i}`;
    });
    const reading = `SELECT *, ${tested.join(', ')} FROM (
        SELECT *, ${blanked.join(', ')} FROM (
          SELECT *, ${folded.join(', ')} FROM (
            SELECT ${keep}, ${quick.join(', ')} FROM ${ident(table)})))`;
    // Stored order: the position is rowid + 1 and only the matching rows are sorted.
    const numbered = orderBy
      ? `SELECT row_number() OVER (ORDER BY ${orderBy}) AS __gate_row, ${cells.join(', ')} FROM (${reading})`
      : `SELECT __gate_rowid + 1 AS __gate_row, ${cells.join(', ')} FROM (${reading})`;
    const sql = `
      SELECT __gate_row, ${cells.join(', ')} FROM (${numbered})
      WHERE ${cells.map((c) => `${c} IS NOT NULL`).join(' OR ')}
      ORDER BY __gate_row
      LIMIT ${limit} OFFSET ${offset}`;
    const rows = (await db.runAndReadAll(sql)).getRows();
    for (const [position, ...values] of rows) {
      for (const [i, value] of values.entries()) {
        if (typeof value !== 'string') continue;
        const plan = plans[i]!;
        for (const h of plan.find(value))
          hits.push({ file, column: plan.column, row: Number(position) + 1, kind: h.kind, masked: h.masked });
      }
    }
    // The SQL patterns mean what the JS rules mean, so a fetched row almost always yields a hit;
    // another page is read only if some did not and more rows may follow.
    if (rows.length < limit) break;
  }
  return hits.slice(0, limit);
}

interface FoundIdentifier {
  kind: IdentifierKind;
  masked: string;
}

interface ColumnPlan {
  column: string;
  find: (value: string) => FoundIdentifier[];
}

/** How many distinct values the columns hold in all (HyperLogLog: an estimate, within a few per cent). */
async function distinctValues(db: DuckDBConnection, table: string, plans: ColumnPlan[]): Promise<number> {
  const counts = plans.map((p) => `approx_count_distinct(CAST(${ident(p.column)} AS VARCHAR))`);
  const [row] = (await db.runAndReadAll(`SELECT ${counts.join(', ')} FROM ${ident(table)}`)).getRows();
  return (row ?? []).reduce<number>((sum, n) => sum + Number(n), 0);
}

/**
 * Each column's distinct values through the recogniser, then the rows that hold a value that hit,
 * in file order, at most `limit` of them; undefined when too many values hit to list them in a
 * query (the caller scans with the SQL pre-filter instead).
 */
async function scanByValue(
  db: DuckDBConnection,
  where: { table: string; file: string; orderBy?: Sql; limit: number },
  plans: ColumnPlan[],
): Promise<GateHit[] | undefined> {
  const hitValues: string[][] = [];
  for (const plan of plans) {
    const values = (await db.runAndReadAll(`SELECT DISTINCT CAST(${ident(plan.column)} AS VARCHAR) FROM ${ident(where.table)}`)).getRows();
    hitValues.push(values.flatMap(([v]) => (typeof v === 'string' && plan.find(v).length > 0 ? [v] : [])));
  }
  const total = hitValues.reduce((sum, values) => sum + values.length, 0);
  if (total === 0) return [];
  if (total > MAX_HIT_VALUES) return undefined;
  const cells = plans.map((p, i) => `CAST(${ident(p.column)} AS VARCHAR) AS __gate_${i}`);
  const position = where.orderBy ? `row_number() OVER (ORDER BY ${where.orderBy})` : 'rowid + 1';
  const holding = hitValues.flatMap((values, i) => (values.length > 0 ? [`__gate_${i} IN (${literalList(values)})`] : []));
  const rows = (
    await db.runAndReadAll(
      `SELECT * FROM (SELECT ${position} AS __gate_row, ${cells.join(', ')} FROM ${ident(where.table)})
       WHERE ${holding.join(' OR ')} ORDER BY __gate_row LIMIT ${where.limit}`,
    )
  ).getRows();
  const hits: GateHit[] = [];
  for (const [position, ...values] of rows) {
    for (const [i, value] of values.entries()) {
      if (typeof value !== 'string') continue;
      // Row 1 is the header.
      for (const h of plans[i]!.find(value)) hits.push({ file: where.file, column: plans[i]!.column, row: Number(position) + 1, ...h });
    }
  }
  return hits;
}

/**
 * Scans a text document (JSON metadata, a file name) as one string, so that a context word on the
 * line before a number still counts; `row` is the line of the hit. `allowValues`: exact values meant
 * to be published (a publisher's official contact address), compared after NFC; a hit is excused
 * only when it is exactly one of them.
 */
export function scanText(file: string, text: string, allowValues: readonly string[] = []): GateHit[] {
  const normalised = text.normalize('NFC');
  // Hits are values as read (folded): compare them with the allowed values read the same way.
  const allowed = new Set(allowValues.map((v) => fold(v.normalize('NFC')).text));
  const lineStarts = [0];
  for (let i = normalised.indexOf('\n'); i >= 0; i = normalised.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  // The full recogniser runs only on lines that could hold an identifier, with enough of the text
  // before them for a context word: on a large metadata file that keeps the scan fast.
  const hits: GateHit[] = [];
  for (let line = 0; line < lineStarts.length; line += 1) {
    const start = lineStarts[line]!;
    const end = lineStarts[line + 1] ?? normalised.length;
    if (!mayHoldIdentifier(normalised.slice(start, end), EVERY_KIND)) continue;
    const from = Math.max(0, start - CONTEXT_WINDOW);
    for (const h of locateIdentifiers(normalised.slice(from, end))) {
      const index = from + h.index;
      if (index < start || allowed.has(h.value)) continue;
      hits.push({ file, row: lineOf(index), kind: h.kind, masked: maskIdentifier(h.value) });
    }
  }
  return hits;
}

/** Every context given: the line pre-test must not need a context word, which may be on an earlier line. */
const EVERY_KIND: ReadonlySet<IdentifierKind> = new Set(IDENTIFIER_KINDS);
/** Longest context phrase plus the longest context gap, with room to spare. */
const CONTEXT_WINDOW = Math.max(CONTEXT_GAP, PASSPORT_CONTEXT_GAP) + 100;
