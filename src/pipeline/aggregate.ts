import type { DuckDBConnection } from '@duckdb/node-api';
import type { CellStatus } from '../disclosure/index.ts';
import type { AggregateDefinition, Dimension, DimensionSource } from '../policy/dataset-definition.ts';
import { dimensionFields } from '../policy/dataset-definition.ts';
import { loadIcd10Chapters } from '../reference/icd10.ts';
import { bandLabels } from '../policy/bands.ts';
import type { ProvinceReference, StagePartial } from './engine-types.ts';
import type { DisclosureSummary } from '../catalog/model.ts';
import { duePeriods } from './periods.ts';
import { protectWithGroups } from '../disclosure/index.ts';
import { AggregateGrid, type Category } from './aggregate-grid.ts';
import { writeTableFiles, type BuiltTable } from './outputs.ts';
import { datasetTables, dimensionCategories, hasName, type TableSchema } from '../catalog/tables.ts';
import { provinceTableStatement } from './province-match.ts';
import { ident, literal, literalList, sql, type Sql } from '../sql.ts';
import {
  cleanColumn,
  createFieldDictionaries,
  errorList,
  loadExports,
  rawValueChecks,
  rawValueColumnNames,
  countedRowsWithoutErrors,
  type FieldDerivation,
  type RowCheck,
  type RowProblem,
  type StagedExport,
} from './staging.ts';
import { parseDate } from './transforms.ts';

export const SUPPRESSED = 'suppressed';
export const PUBLISHED = 'published';

/** What a build needs to know about time and about what is already published. */
export interface AggregateRelease {
  /** When the run happens: decides which periods have closed (or which snapshot is due). */
  asOf: Date;
  /** The latest published version's Parquet file of each table, by table name (file stem). */
  previous?: Map<string, string>;
}

/** What the run log (never the public files) says about a build's periods and protection. */
export interface AggregateRunLog {
  /** Periods computed by this run (none: the version repeats the previous one). */
  periodsAdded: string[];
  /** Periods copied unchanged from the previous version. */
  periodsKept: string[];
  /** Valid rows of periods already published (they wait for a revision), not yet due, or before the first period. */
  rowsLate: number;
  rowsNotYetDue: number;
  rowsBeforeFirst: number;
  primarySuppressions: number;
  secondarySuppressions: number;
  /** Groups suppressed whole because one value of the sensitive dimension held all their members. */
  groupsSuppressed: number;
}

/** What counting an aggregate's exports learnt besides the counts (which are in `counted`). */
export interface RecordCounts {
  rowsRead: number;
  rowsRejected: number;
  problems: RowProblem[];
  unclassified: { file: string; fields: string[] }[];
  sources: { key: string; province?: string; rowsRead: number }[];
}

/** The columns of `counted` besides `n`: the dimensions read from fields, in definition order. */
export const countedDimensions = (definition: AggregateDefinition): string[] => usedDimensions(definition).jointDims.map((d) => d.name);

/** The dimensions an aggregate's tables use, and the finer ones their groups are made of. */
function usedDimensions(definition: AggregateDefinition): { dimensions: Dimension[]; jointDims: Dimension[] } {
  const inTables = new Set(definition.tables.flatMap((t) => t.dimensions));
  for (const d of definition.dimensions) if (inTables.has(d.name) && d.source.kind === 'group') inTables.add(d.source.of);
  const dimensions = definition.dimensions.filter((d) => inTables.has(d.name));
  // The joint table is over the dimensions read from fields; a group dimension is a sum of them.
  return { dimensions, jointDims: dimensions.filter((d) => d.source.kind !== 'group') };
}

/**
 * Aggregate datasets never publish a row per person: person-level rows become counts over fixed
 * category grids (every combination published, zeros included). Versions follow the release
 * calendar: each table starts with the period; the periods of the previous version are copied
 * unchanged, and only periods that became due are counted, so the difference between two versions
 * is whole new periods, each protected like any table. Event periods get primary, complementary
 * and sensitive-group suppression; snapshots are rounded.
 *
 * Two steps: counting the valid records (`countRecords`, into the TEMP table `counted`) and
 * tabulating those counts (`tabulate`). The distributed path runs the first per landing partition,
 * each in its own function, and sums the partitions' counts before the second (distributed/).
 *
 * Here, the first: the valid records of the exports counted by every dimension read from a field,
 * period included, into the TEMP table `counted` (one column per such dimension, then `n`); rows
 * that fail a check are reported, not counted.
 */
export async function countRecords(
  db: DuckDBConnection,
  definition: AggregateDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  asOf: Date,
): Promise<RecordCounts> {
  const { jointDims } = usedDimensions(definition);
  const used = [...new Set(jointDims.flatMap((d) => dimensionFields(d.source)))];
  const loaded = await loadExports(db, definition, exports, used);
  const due = duePeriods(definition, asOf);

  await db.run(provinceTableStatement(reference.provinces));
  // Each field is cleaned, checked and read into dimension codes once per distinct value (its
  // dictionary, createFieldDictionaries); a row only joins them and finishes what needs two fields
  // or its folder (dimensionSql). A row whose dimension has no category is rejected.
  const checks: RowCheck[] = [
    ...rawValueChecks(used),
    ...jointDims.map((d) => ({ ...dimensionCheck(d.source), failed: sql`${ident(d.name)} IS NULL` })),
  ];
  const dims = jointDims.map((d) => ident(d.name)).join(', ');
  // The province folders of this run's exports that name a province in force: a row whose value
  // names no province takes its folder's.
  const inForce = new Set(reference.provinces.map((p) => p.code));
  const folders = [...new Set(exports.map((e) => e.province?.code ?? ''))].filter((code) => inForce.has(code));
  const folderProvince = folders.length ? `CASE WHEN __partition IN (${literalList(folders)}) THEN __partition END` : 'NULL';
  const dimensions = jointDims.map((d) => ({ name: d.name, ...dimensionSql(d.name, d.source, due, folderProvince) }));
  const perValue = dimensions.flatMap((d) => d.perValue);
  const cleaned = await createFieldDictionaries(db, exports, used, perValue);
  const inner = [...dimensions.map((d) => `${d.row} AS ${ident(d.name)}`), ...rawValueColumnNames(used)];
  const typedRows = `SELECT __export, __record, ${dims}, ${errorList(checks)} AS __errors
    FROM (SELECT __export, __record, ${inner.join(', ')} FROM (${cleaned}))`;

  const { problems, rejectedRecords } = await countedRowsWithoutErrors(db, definition, exports, loaded, typedRows, dims);
  return {
    rowsRead: loaded.rowsRead,
    rowsRejected: rejectedRecords + loaded.parserProblems.length,
    problems,
    unclassified: loaded.unclassified,
    sources: loaded.sources,
  };
}

/**
 * The version's tables from the TEMP table `counted` (see countRecords): the previous version's
 * periods copied, the periods that became due counted over their grids and protected.
 */
export async function tabulate(
  db: DuckDBConnection,
  definition: AggregateDefinition,
  counts: RecordCounts,
  reference: ProvinceReference,
  workDir: string,
  release: AggregateRelease,
): Promise<Omit<StagePartial, 'gateHits'> & { runLog: AggregateRunLog }> {
  const { dimensions, jointDims } = usedDimensions(definition);
  const dims = jointDims.map((d) => ident(d.name)).join(', ');
  const period = definition.release.period;
  const due = duePeriods(definition, release.asOf);

  // The tables' columns as the catalog describes them (one derivation, catalog/tables.ts).
  const schemas = new Map(datasetTables(definition).map((schema, i) => [definition.tables[i]!.id, schema]));
  const previous = await previousTables(db, definition, schemas, release.previous);
  const kept = new Set(previous?.periods ?? []);
  const added = due.filter((p) => !kept.has(p));

  // Rows outside the periods counted now: never an error, and never in the public files.
  const [outside] = (
    await db.runAndReadAll(
      `SELECT coalesce(sum(n) FILTER (WHERE ${ident(period)} IN (${literalList([...kept, ''])})), 0)::BIGINT AS late,
              coalesce(sum(n) FILTER (WHERE ${ident(period)} NOT IN (${literalList([...kept, ...due, ''])}) AND ${ident(period)} > ${literal(due.at(-1) ?? '')}), 0)::BIGINT AS waiting,
              coalesce(sum(n) FILTER (WHERE ${ident(period)} NOT IN (${literalList([...kept, ...due, ''])}) AND ${ident(period)} <= ${literal(due.at(-1) ?? '')}), 0)::BIGINT AS early
       FROM counted`,
    )
  ).getRowObjectsJS();

  // The grid: every category of every dimension; the period only over the periods added.
  const grid = new AggregateGrid(
    dimensions,
    jointDims,
    (dim) => (dim.name === period ? added.map((code) => ({ code })) : categories(dim, reference)),
    definition.tables,
    period,
  );
  const joint = new Float64Array(grid.varCount);
  const periodCounted = new Array<boolean>(added.length).fill(false);
  if (added.length > 0) {
    const counted = await db.runAndReadAll(
      `SELECT ${dims}, sum(n)::BIGINT AS n FROM counted WHERE ${ident(period)} IN (${literalList(added)}) GROUP BY ALL`,
    );
    for (const row of counted.getRows()) {
      const index = grid.jointIndex(row);
      if (index === undefined) throw new Error(`a count of ${definition.id} is outside its grid: ${JSON.stringify(row.map(String))}`);
      joint[index] = Number(row[jointDims.length] as bigint);
      if (joint[index]! > 0) periodCounted[grid.periodOf(index)] = true;
    }
  }

  const { k } = definition.disclosure;
  const snapshot = definition.release.kind === 'snapshot' ? definition.release : undefined;
  const values = new Float64Array(grid.cellCount);
  const status = new Array<CellStatus>(grid.cellCount).fill('published');
  let primary = 0;
  let secondary = 0;
  let groupsSuppressed = 0;
  // Period by period (see AggregateGrid); a period without any count is all zeros: nothing to protect.
  for (const [p] of added.entries()) {
    if (!periodCounted[p]) continue;
    const slice = grid.periodCells(p, joint);
    const eachCell = (set: (index: number, cell: number) => void) =>
      grid.tables.forEach(({ perPeriod }, t) => {
        for (let c = 0; c < perPeriod; c += 1) set(grid.cellIndex(t, p, c), slice.firstOfTable[t]! + c);
      });
    eachCell((index, cell) => (values[index] = slice.cells[cell]!.value));
    if (snapshot) continue;
    const { groups, valueOfVar } = grid.sensitiveGroups(slice, definition.sensitiveDimension);
    const protection = await protectWithGroups(slice.cells, slice.varCount, k, groups, valueOfVar);
    eachCell((index, cell) => (status[index] = protection.status[cell]!));
    primary += protection.primary;
    secondary += protection.secondary;
    groupsSuppressed += protection.groupsSuppressed;
  }

  const tables: BuiltTable[] = [];
  for (const [t, { table, first, size, dims: tableDims }] of grid.tables.entries()) {
    const { name, title, columns, primaryKey } = schemas.get(table.id)!;
    const sqlTable = `out_${tables.length}`;
    // Rows go in file order: the previous version's rows (earlier periods) as they were, then the
    // periods added in grid order. __row is that order, for reading (not written to the files).
    await db.run(
      `CREATE TEMP TABLE ${ident(sqlTable)} (__row BIGINT, ${columns.map((c) => `${ident(c.name)} ${c.type === 'integer' ? 'BIGINT' : 'VARCHAR'}`).join(', ')})`,
    );
    const previousFile = previous?.files.get(name);
    // The previous version's rows come first: the new cells are numbered after them.
    const offset = previousFile
      ? BigInt(
          (await db.run(`INSERT INTO ${ident(sqlTable)} SELECT row_number() OVER () - 1, * FROM read_parquet(${literal(previousFile)})`))
            .rowsChanged,
        )
      : 0n;
    const appender = await db.createAppender(sqlTable);
    for (let c = 0; c < size; c += 1) {
      appender.appendBigInt(offset + BigInt(c));
      grid.categoriesOfCell(t, c).forEach((category, position) => {
        appender.appendVarchar(category.code);
        if (hasName(dimensions[tableDims[position]!]!)) appender.appendVarchar(category.name ?? category.code);
      });
      const value = values[first + c]!;
      if (snapshot) {
        appender.appendBigInt(BigInt(roundToBase(value, snapshot.roundingBase)));
        appender.appendVarchar(ROUNDED);
      } else if (status[first + c] !== 'published') {
        appender.appendNull();
        appender.appendVarchar(SUPPRESSED);
      } else {
        appender.appendBigInt(BigInt(value));
        appender.appendVarchar(PUBLISHED);
      }
      appender.endRow();
    }
    appender.closeSync();
    const files = await writeTableFiles(db, { sqlTable, name, columns, workDir });
    const [{ n: rowCount, hidden }] = (
      await db.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE count_status = ${literal(SUPPRESSED)})::INTEGER AS hidden FROM ${ident(sqlTable)}`,
      )
    ).getRowObjectsJS() as [{ n: number; hidden: number }];
    tables.push({ name, title, columns, primaryKey, sqlTable, rowCount, suppressedCount: hidden, ...files });
  }

  const disclosure: DisclosureSummary = {
    rule: snapshot ? roundingRule(snapshot.roundingBase, k) : suppressionRule(k, definition.sensitiveDimension),
    k,
    cells: tables.reduce((sum, t) => sum + t.rowCount, 0),
    suppressed: tables.reduce((sum, t) => sum + (t.suppressedCount ?? 0), 0),
  };
  return {
    ...counts,
    tables,
    disclosure,
    runLog: {
      periodsAdded: added,
      periodsKept: [...kept],
      rowsLate: Number(outside!.late),
      rowsNotYetDue: Number(outside!.waiting),
      rowsBeforeFirst: Number(outside!.early),
      primarySuppressions: primary,
      secondarySuppressions: secondary,
      groupsSuppressed,
    },
  };
}

export const ROUNDED = 'rounded';

/** Round half up to a multiple of `base`: 0–4 → 0, 5–14 → 10 for base 10. */
export const roundToBase = (value: number, base: number): number => Math.floor((value + Math.floor(base / 2)) / base) * base;

const suppressionRule = (k: number, sensitive: string): string =>
  `each period published once, never revised; primary: counts 1–${k - 1} suppressed; complementary: until no suppressed count or difference of counts can be derived (linear-programming attacker over all tables of the period, knowing that a suppressed count is at least 1) to an interval inside 1–${k - 1} or narrower than ${k}; a group whose members would all share one value of "${sensitive}" is suppressed whole (zeros included)`;

const roundingRule = (base: number, k: number): string =>
  `one snapshot per period, never revised; every count rounded to the nearest multiple of ${base} (halves up), so 0 means 0–${Math.floor(base / 2) - 1}, no count of 1–${k - 1} is shown exactly and the difference of two snapshots is a multiple of ${base}`;

/**
 * The periods and files of the previous version, when its tables are exactly this definition's
 * (same files, same columns); otherwise undefined, and every due period is counted anew.
 */
async function previousTables(
  db: DuckDBConnection,
  definition: AggregateDefinition,
  schemas: Map<string, TableSchema>,
  files: Map<string, string> | undefined,
): Promise<{ periods: string[]; files: Map<string, string> } | undefined> {
  if (!files) return undefined;
  const periods = new Set<string>();
  for (const table of definition.tables) {
    const file = files.get(`${definition.id}-${table.id}`);
    if (!file) return undefined;
    const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(file)})`)).getRowObjectsJS();
    const expected = schemas.get(table.id)!.columns.map((c) => c.name);
    if (described.map((c) => String(c.column_name)).join(',') !== expected.join(',')) return undefined;
    const rows = await db.runAndReadAll(`SELECT DISTINCT ${ident(definition.release.period)} FROM read_parquet(${literal(file)})`);
    for (const [p] of rows.getRows()) periods.add(String(p));
  }
  return { periods: [...periods].sort(), files };
}

/** The column of a field's dictionary that holds a dimension's code (see dimensionSql). */
const codeColumn = (dimension: string): string => `__code:${dimension}`;
/** The column of a field's dictionary that holds its value parsed as a date, for an age band's `role`. */
const dateColumn = (dimension: string, role: 'birth' | 'at'): string => `__${role}:${dimension}`;
/** The column of a province field's dictionary that holds the code its value names, if any. */
const namedColumn = (dimension: string): string => `__named:${dimension}`;

/**
 * How a row gets a category code of the dimension, or NULL when it cannot: `row`, SQL over the
 * columns that `perValue` adds to its fields' dictionaries (createFieldDictionaries), computed
 * there once per distinct value. A dimension read from one field alone is wholly per value; a
 * province is the code its value names (per value), else its export's folder's (`folderProvince`,
 * SQL over `__partition`); an age band parses its two dates per value and takes their difference
 * per row.
 */
function dimensionSql(
  name: string,
  source: DimensionSource,
  due: string[],
  folderProvince: string,
): { row: string; perValue: FieldDerivation[] } {
  const byValue = (field: string, expression: string) => ({
    row: ident(codeColumn(name)),
    perValue: [{ field, column: codeColumn(name), expression }],
  });
  switch (source.kind) {
    case 'snapshot':
      return { row: literal(due[0] ?? ''), perValue: [] };
    case 'group':
      throw new Error('a group dimension is a sum of another, not read from a field');
    case 'province': {
      const t = cleanColumn(source.field);
      const named = `CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}$') THEN lpad(${t}, 2, '0') END`;
      return {
        row: `CASE WHEN ${ident(namedColumn(name))} IS NOT NULL THEN ${ident(codeColumn(name))} ELSE ${folderProvince} END`,
        perValue: [
          { field: source.field, column: namedColumn(name), expression: named },
          { field: source.field, column: codeColumn(name), expression: `(SELECT code FROM province WHERE code = ${named})` },
        ],
      };
    }
    case 'category': {
      const t = `lower(${cleanColumn(source.field)})`;
      const whens = source.categories.map((c) => `WHEN ${t} IN (${literalList(c.values.map(normaliseValue))}) THEN ${literal(c.code)}`);
      return byValue(source.field, `CASE ${whens.join(' ')} END`);
    }
    case 'month':
      return byValue(source.field, `strftime(${parseDate(cleanColumn(source.field), source.formats)}, '%Y-%m')`);
    case 'year':
      return byValue(source.field, `strftime(${parseDate(cleanColumn(source.field), source.formats)}, '%Y')`);
    case 'iso-week': {
      const d = parseDate(cleanColumn(source.field), source.formats);
      return byValue(source.field, `CAST(isoyear(${d}) AS VARCHAR) || '-W' || lpad(CAST(week(${d}) AS VARCHAR), 2, '0')`);
    }
    case 'age-band': {
      const [birth, at] = [dateColumn(name, 'birth'), dateColumn(name, 'at')];
      return {
        row: bandCase(`date_sub('year', ${ident(birth)}, ${ident(at)})`, source.bands, 130),
        perValue: [
          { field: source.birthField, column: birth, expression: parseDate(cleanColumn(source.birthField), source.formats) },
          { field: source.atField, column: at, expression: parseDate(cleanColumn(source.atField), source.formats) },
        ],
      };
    }
    case 'value-band':
      return byValue(source.field, bandCase(`floor(TRY_CAST(${cleanColumn(source.field)} AS DOUBLE))`, source.bands, 130));
    case 'icd10-chapter': {
      const c3 = `upper(substr(regexp_replace(${cleanColumn(source.field)}, '[\\s.]', '', 'g'), 1, 3))`;
      const whens = loadIcd10Chapters().map((c) => `WHEN ${c3} BETWEEN ${literal(c.from)} AND ${literal(c.to)} THEN ${literal(c.chapter)}`);
      return byValue(source.field, `CASE WHEN regexp_matches(${c3}, '^[A-Z][0-9]{2}$') THEN CASE ${whens.join(' ')} END END`);
    }
  }
}

function dimensionCheck(source: DimensionSource): { field: string; message: string } {
  switch (source.kind) {
    case 'province':
      return { field: source.field, message: 'not the code of a province in force' };
    case 'category':
      return { field: source.field, message: `not one of the declared categories` };
    case 'month':
    case 'year':
    case 'iso-week':
      return { field: source.field, message: `missing or not a date in the format ${source.formats.join(' or ')}` };
    case 'age-band':
      return { field: `${source.birthField}/${source.atField}`, message: 'missing or invalid dates, or an age outside 0–130' };
    case 'value-band':
      return { field: source.field, message: 'missing or not a number within 0–130' };
    case 'icd10-chapter':
      return { field: source.field, message: 'not an ICD-10 code' };
    case 'snapshot':
      return { field: '', message: 'no snapshot period' };
    case 'group':
      throw new Error('a group dimension is a sum of another, not read from a field');
  }
}

/**
 * The band label of `value`. The value is computed once and named by a lambda over a one-element
 * list: a scalar subquery did the same but DuckDB plans it as a join, about 2 ms a statement and
 * a fifth of a 1M-row births cleaning.
 */
function bandCase(value: string, bands: number[], max: number): string {
  const labels = bandLabels(bands);
  const whens = bands.map((lo, i) => `WHEN v >= ${lo} THEN ${literal(labels[i]!)}`).reverse();
  return `list_transform([${value}], lambda v: CASE WHEN v IS NULL OR v < ${bands[0]} OR v > ${max} THEN NULL ${whens.join(' ')} END)[1]`;
}

const normaliseValue = (value: string): string => value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The fixed categories of a dimension; periods come from the release calendar instead. */
function categories(dim: Dimension, reference: ProvinceReference): Category[] {
  const fixed = dimensionCategories(dim, reference.provinces);
  if (!fixed) throw new Error(`"${dim.name}" is a period dimension but not the release period`);
  return fixed;
}
