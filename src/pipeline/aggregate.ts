import type { DuckDBConnection } from '@duckdb/node-api';
import { protect, type Cell } from '../disclosure/index.ts';
import type { AggregateDefinition, Dimension, DimensionSource } from '../policy/dataset-definition.ts';
import { dimensionFields } from '../policy/dataset-definition.ts';
import { loadIcd10Chapters } from '../reference/icd10.ts';
import type { DisclosureAudit, ProvinceReference, StagePartial } from './engine-types.ts';
import { writeTableFiles, type BuiltTable } from './outputs.ts';
import { aggregateColumns, hasName } from '../catalog/tables.ts';
import { provinceTableStatement } from './province-match.ts';
import { ident, literal, literalList } from './sql.ts';
import {
  errorList,
  loadExports,
  rawValueChecks,
  rawValueColumns,
  typedRowsWithoutErrors,
  type RowCheck,
  type StagedExport,
} from './staging.ts';
import { cleanText, parseDate } from './transforms.ts';

/** One category of a dimension's fixed grid. */
interface Category {
  code: string;
  name?: string;
}

export const SUPPRESSED = 'suppressed';
export const PUBLISHED = 'published';

/**
 * Aggregate datasets never publish a row per person: person-level rows become counts over fixed
 * category grids (every combination published, zeros included), then disclosure control
 * suppresses small counts (primary) and whatever would let them be derived (complementary).
 */
export async function buildAggregate(
  db: DuckDBConnection,
  definition: AggregateDefinition,
  exports: StagedExport[],
  reference: ProvinceReference,
  workDir: string,
): Promise<StagePartial> {
  const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const inTables = new Set(definition.tables.flatMap((t) => t.dimensions));
  const dimensions = definition.dimensions.filter((d) => inTables.has(d.name));
  const used = [...new Set(dimensions.flatMap((d) => dimensionFields(d.source)))];
  const loaded = await loadExports(db, definition, exports, used);

  await db.run(provinceTableStatement(reference.provinces));
  // Each dimension is computed once (inner query); a row whose dimension has no category is rejected.
  const checks: RowCheck[] = [
    ...rawValueChecks(used),
    ...dimensions.map((d) => ({ ...dimensionCheck(d.source), failed: `${ident(d.name)} IS NULL` })),
  ];
  const dims = dimensions.map((d) => ident(d.name)).join(', ');
  const perExport = exports.map((staged, i) => {
    const partition = literal(staged.province?.code ?? '');
    const inner = [...dimensions.map((d) => `${dimensionCode(d.source, partition)} AS ${ident(d.name)}`), ...rawValueColumns(used)];
    return `SELECT ${i} AS __export, __record, ${dims}, ${errorList(checks)} AS __errors FROM (SELECT __record, ${inner.join(', ')} FROM raw_${i})`;
  });

  const { problems, rejectedRecords } = await typedRowsWithoutErrors(db, definition, exports, loaded, perExport);

  // The grid: every category of every dimension, fixed or spanning the data's range.
  const grids = new Map<string, Category[]>();
  for (const dim of dimensions) grids.set(dim.name, await categories(db, dim, reference));

  // Joint counts over all dimensions the tables use: the finest table the tables are sums of.
  const radix = dimensions.map((d) => grids.get(d.name)!.length);
  const varCount = radix.reduce((a, b) => a * b, 1);
  const joint = new Float64Array(varCount);
  const indexOf = dimensions.map((d) => new Map(grids.get(d.name)!.map((c, i) => [c.code, i])));
  const counted = await db.runAndReadAll(
    `SELECT ${dimensions.map((d) => ident(d.name)).join(', ')}, count(*) AS n FROM typed GROUP BY ALL`,
  );
  for (const row of counted.getRows()) {
    let index = 0;
    dimensions.forEach((_, j) => {
      index = index * radix[j]! + indexOf[j]!.get(String(row[j]))!;
    });
    joint[index] = Number(row[dimensions.length] as bigint);
  }

  // Each table cell sums the joint cells that project onto it.
  const cells: Cell[] = [];
  const tableCells: { table: AggregateDefinition['tables'][number]; first: number; dims: number[] }[] = [];
  for (const table of definition.tables) {
    const dims = table.dimensions.map((name) => dimensions.findIndex((d) => d.name === name));
    const size = dims.reduce((a, j) => a * radix[j]!, 1);
    const first = cells.length;
    for (let c = 0; c < size; c += 1) cells.push({ id: `${table.id}:${c}`, vars: [], value: 0 });
    for (let v = 0; v < varCount; v += 1) {
      const digits = mixedRadixDigits(v, radix);
      let c = 0;
      for (const j of dims) c = c * radix[j]! + digits[j]!;
      const cell = cells[first + c]!;
      cell.vars.push(v);
      cell.value += joint[v]!;
    }
    tableCells.push({ table, first, dims });
  }
  const protection = await protect(cells, varCount, definition.disclosure.k);

  const tables: BuiltTable[] = [];
  for (const { table, first, dims } of tableCells) {
    const tableDims = dims.map((j) => dimensions[j]!);
    const columns = aggregateColumns(tableDims);
    const sqlTable = `out_${tables.length}`;
    // Rows go in grid order, which is the files' order; __row is that order, for reading (not written to the files).
    await db.run(
      `CREATE TEMP TABLE ${sqlTable} (__row BIGINT, ${columns.map((c) => `${ident(c.name)} ${c.type === 'integer' ? 'BIGINT' : 'VARCHAR'}`).join(', ')})`,
    );
    const appender = await db.createAppender(sqlTable);
    const size = dims.reduce((a, j) => a * radix[j]!, 1);
    const tableRadix = dims.map((j) => radix[j]!);
    for (let c = 0; c < size; c += 1) {
      const digits = mixedRadixDigits(c, tableRadix);
      appender.appendBigInt(BigInt(c));
      tableDims.forEach((dim, k) => {
        const category = grids.get(dim.name)![digits[k]!]!;
        appender.appendVarchar(category.code);
        if (hasName(dim)) appender.appendVarchar(category.name ?? category.code);
      });
      const suppressed = protection.status[first + c] !== 'published';
      if (suppressed) appender.appendNull();
      else appender.appendBigInt(BigInt(cells[first + c]!.value));
      appender.appendVarchar(suppressed ? SUPPRESSED : PUBLISHED);
      appender.endRow();
    }
    appender.closeSync();
    const name = `${definition.id}-${table.id}`;
    const files = await writeTableFiles(db, { sqlTable, name, columns, workDir });
    tables.push({ name, title: table.title, columns, sqlTable, rowCount: size, ...files });
  }

  const disclosure: DisclosureAudit = {
    rule: `primary: counts 1–${definition.disclosure.k - 1} suppressed; complementary: until no suppressed count can be derived (linear-programming attacker over all tables of the version) to an interval inside 1–${definition.disclosure.k - 1} or narrower than ${definition.disclosure.k}`,
    k: definition.disclosure.k,
    cells: cells.length,
    primarySuppressions: protection.primary,
    secondarySuppressions: protection.secondary,
  };
  return {
    rowsRead: loaded.rowsRead,
    rowsRejected: rejectedRecords + loaded.parserProblems.length,
    problems,
    tables,
    unclassified: loaded.unclassified,
    sources: loaded.sources,
    disclosure,
  };
}

function mixedRadixDigits(value: number, radix: number[]): number[] {
  const digits = new Array<number>(radix.length);
  for (let j = radix.length - 1; j >= 0; j -= 1) {
    digits[j] = value % radix[j]!;
    value = Math.floor(value / radix[j]!);
  }
  return digits;
}

/** The SQL that maps one raw row to a category code of the dimension, or NULL when it cannot. */
function dimensionCode(source: DimensionSource, partition: string): string {
  switch (source.kind) {
    case 'province': {
      const t = cleanText(ident(source.field));
      const code = `CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}$') THEN lpad(${t}, 2, '0') END`;
      return `(SELECT code FROM province WHERE code = coalesce(${code}, nullif(${partition}, '')))`;
    }
    case 'category': {
      const t = `lower(${cleanText(ident(source.field))})`;
      const whens = source.categories.map((c) => `WHEN ${t} IN (${literalList(c.values.map(normaliseValue))}) THEN ${literal(c.code)}`);
      return `CASE ${whens.join(' ')} END`;
    }
    case 'month':
      return `strftime(${parseDate(cleanText(ident(source.field)), source.formats)}, '%Y-%m')`;
    case 'year':
      return `strftime(${parseDate(cleanText(ident(source.field)), source.formats)}, '%Y')`;
    case 'iso-week': {
      const d = parseDate(cleanText(ident(source.field)), source.formats);
      return `CAST(isoyear(${d}) AS VARCHAR) || '-W' || lpad(CAST(week(${d}) AS VARCHAR), 2, '0')`;
    }
    case 'age-band': {
      const birth = parseDate(cleanText(ident(source.birthField)), source.formats);
      const at = parseDate(cleanText(ident(source.atField)), source.formats);
      return bandCase(`date_sub('year', ${birth}, ${at})`, source.bands, 130);
    }
    case 'value-band':
      return bandCase(`floor(TRY_CAST(${cleanText(ident(source.field))} AS DOUBLE))`, source.bands, 130);
    case 'icd10-chapter': {
      const c3 = `upper(substr(regexp_replace(${cleanText(ident(source.field))}, '[\\s.]', '', 'g'), 1, 3))`;
      const whens = loadIcd10Chapters().map((c) => `WHEN ${c3} BETWEEN ${literal(c.from)} AND ${literal(c.to)} THEN ${literal(c.chapter)}`);
      return `CASE WHEN regexp_matches(${c3}, '^[A-Z][0-9]{2}$') THEN CASE ${whens.join(' ')} END END`;
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
  }
}

function bandCase(value: string, bands: number[], max: number): string {
  const labels = bandLabels(bands);
  const whens = bands.map((lo, i) => `WHEN v >= ${lo} THEN ${literal(labels[i]!)}`).reverse();
  return `(SELECT CASE WHEN v IS NULL OR v < ${bands[0]} OR v > ${max} THEN NULL ${whens.join(' ')} END FROM (SELECT ${value} AS v))`;
}

/** `0`, `1-4`, …, `85-89`, `90+`; a first band from 0 to n reads `<n`. */
export function bandLabels(bands: number[]): string[] {
  return bands.map((lo, i) => {
    const next = bands[i + 1];
    if (next === undefined) return `${lo}+`;
    if (lo === 0 && next > 1 && i === 0 && bands.length > 2 && next >= 15) return `<${next}`;
    return next - 1 === lo ? `${lo}` : `${lo}-${next - 1}`;
  });
}

const normaliseValue = (value: string): string => value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

async function categories(db: DuckDBConnection, dim: Dimension, reference: ProvinceReference): Promise<Category[]> {
  const source = dim.source;
  switch (source.kind) {
    case 'province':
      return reference.provinces.map((p) => ({ code: p.code, name: p.name }));
    case 'category':
      return source.categories.map((c) => ({ code: c.code, name: c.label.vi }));
    case 'icd10-chapter':
      return loadIcd10Chapters().map((c) => ({ code: c.chapter, name: c.vi }));
    case 'age-band':
    case 'value-band':
      return bandLabels(source.bands).map((code) => ({ code }));
    case 'month':
    case 'year':
    case 'iso-week': {
      const [range] = (
        await db.runAndReadAll(`SELECT min(${ident(dim.name)}) AS lo, max(${ident(dim.name)}) AS hi FROM typed`)
      ).getRowObjectsJS();
      if (range?.lo === null || range?.lo === undefined) return [];
      return spanCategories(source.kind, String(range.lo), String(range.hi)).map((code) => ({ code }));
    }
  }
}

/** Every period from lo to hi inclusive, so a period with no cases still appears as zeros. */
export function spanCategories(kind: 'month' | 'year' | 'iso-week', lo: string, hi: string): string[] {
  const out: string[] = [];
  if (kind === 'year') {
    for (let y = Number(lo); y <= Number(hi); y += 1) out.push(String(y));
  } else if (kind === 'month') {
    let [y, m] = lo.split('-').map(Number) as [number, number];
    const [hy, hm] = hi.split('-').map(Number) as [number, number];
    while (y < hy || (y === hy && m <= hm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
  } else {
    let monday = isoWeekMonday(lo);
    const last = isoWeekMonday(hi);
    while (monday <= last) {
      out.push(isoWeekCode(monday));
      monday = new Date(monday.getTime() + 7 * 86_400_000);
    }
  }
  return out;
}

function isoWeekMonday(code: string): Date {
  const [year, week] = code.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  return new Date(mondayOfWeek1.getTime() + (week - 1) * 7 * 86_400_000);
}

function isoWeekCode(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekMonday(`${year}-W01`).getTime()) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
