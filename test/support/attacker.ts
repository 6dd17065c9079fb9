import type { Server } from 'node:http';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { createApiHandler } from '../../src/api/app.ts';
import { hasName } from '../../src/catalog/tables.ts';
import type { VersionRecord } from '../../src/catalog/model.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { screen, isProtected, type Cell, type CellStatus, type Interval } from '../../src/disclosure/index.ts';
import { Attacker } from '../../src/disclosure/attack.ts';
import { loadSolver } from '../../src/disclosure/lp.ts';
import { buildStructure } from '../../src/disclosure/structure.ts';
import type { AggregateDefinition, DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { freePort, listenOn, readObject, startTestStack, type TestStack } from './local-stack.ts';

/**
 * An outsider's toolkit: everything here works from what is published (files, catalog JSON), the
 * way someone who downloads every version and keeps it would. Publishing helpers stand for the
 * ministry's side (land an export, run the job at a given date).
 */

export type Row = Record<string, string>;
export type Tables = Map<string, Row[]>;

export const aggregate = (definition: DatasetDefinition): AggregateDefinition => {
  if (definition.kind !== 'aggregate') throw new Error(`${definition.id} is not an aggregate`);
  return definition;
};

/** Replaces whatever export has landed for the dataset by `csv` (so the newest is unambiguous). */
export async function landExport(stack: TestStack, datasetId: string, fileName: string, csv: string): Promise<string> {
  const existing = await stack.stores.landing.list(`${datasetId}/`);
  if (existing.length) await stack.stores.landing.delete(existing.map((o) => o.key));
  const key = `${datasetId}/${fileName}`;
  await stack.stores.landing.put(key, csv);
  return key;
}

export const publishAt = (stack: TestStack, definition: DatasetDefinition, iso: string): Promise<PublishReport> =>
  publishDataset(definition, { ...stack.deps, now: () => new Date(iso) });

/** The export's first record (header → value), to copy. */
export const firstRecord = (csv: string): Row => (parse(csv, { bom: true, columns: true, to: 1 }) as Row[])[0]!;

/** The export with extra records appended (columns in the export's order). */
export function withRecords(csv: string, records: Row[]): string {
  const header = (parse(csv, { bom: true, to_line: 1 }) as string[][])[0]!;
  const body = stringify(records.map((r) => header.map((h) => r[h] ?? '')));
  return (csv.endsWith('\n') ? csv : `${csv}\n`) + body;
}

/** Every table CSV of a published version, parsed, by table name (file stem). */
export async function downloadTables(stack: TestStack, record: VersionRecord): Promise<Tables> {
  const tables: Tables = new Map();
  for (const file of record.files.filter((f) => f.format === 'csv')) {
    const text = await readObject(stack.stores, file.key);
    tables.set(file.name.replace(/\.csv$/, ''), parse(text, { bom: true, columns: true }) as Row[]);
  }
  return tables;
}

/** The raw bytes of every table CSV row (one string per data line), by table name. */
export async function downloadRawLines(stack: TestStack, record: VersionRecord): Promise<Map<string, string[]>> {
  const lines = new Map<string, string[]>();
  for (const file of record.files.filter((f) => f.format === 'csv')) {
    const text = (await readObject(stack.stores, file.key)).toString('utf8').replace(/^\uFEFF/, '');
    lines.set(
      file.name.replace(/\.csv$/, ''),
      text.split(/\r?\n/).filter((l) => l.length > 0),
    );
  }
  return lines;
}

/** The column holding a dimension's code in the published tables. */
export function codeColumn(definition: AggregateDefinition, dimension: string): string {
  const dim = definition.dimensions.find((d) => d.name === dimension)!;
  return hasName(dim) ? `${dim.name}_code` : dim.name;
}

/** The dimensions of each table, by table name (`<dataset>-<table id>`). */
export function tableDimensions(definition: AggregateDefinition): Map<string, string[]> {
  return new Map(definition.tables.map((t) => [`${definition.id}-${t.id}`, t.dimensions]));
}

/** The cell key of a row: its dimension codes, in the table's order. */
export function cellKey(definition: AggregateDefinition, dims: string[], row: Row): string {
  return dims.map((d) => row[codeColumn(definition, d)]).join('|');
}

export const isSuppressed = (row: Row): boolean => row.count_status === 'suppressed';

/**
 * One period as an outsider models it: joint unknowns are the cross product of the finest
 * categories of every dimension the tables show. A group dimension is a function of the dimension
 * it groups (the labels and the definition say so), so the unknowns are over the finer one: its
 * categories as seen in the published rows, or when no table shows it, as the groups list them.
 * Each table row is the sum of the unknowns that project onto it. A suppressed cell is known to
 * be at least 1 unless its whole sensitive-dimension group is suppressed (then it may be 0).
 */
interface PeriodModel {
  cells: Cell[];
  status: CellStatus[];
  varCount: number;
  /** The sensitive-dimension groups: cells that differ only in the sensitive dimension (or a group of it). */
  groups: number[][];
  /** The sensitive dimension's finest category of each unknown. */
  valueOfVar: (v: number) => number;
}

function periodModel(definition: AggregateDefinition, tables: Tables, period: string): PeriodModel {
  const periodDim = definition.release.period;
  const dimsOf = tableDimensions(definition);
  const groupOf = new Map<string, { of: string; codeOf: Map<string, string>; members: string[] }>();
  for (const d of definition.dimensions) {
    if (d.source.kind !== 'group') continue;
    const members = d.source.groups.flatMap((g) => g.members);
    groupOf.set(d.name, { of: d.source.of, codeOf: new Map(d.source.groups.flatMap((g) => g.members.map((m) => [m, g.code]))), members });
  }
  const shown = [...new Set(definition.tables.flatMap((t) => t.dimensions))].filter((d) => d !== periodDim);
  const all = [...new Set(shown.map((d) => groupOf.get(d)?.of ?? d))];
  const categories = new Map<string, string[]>(
    all.map((d) => [d, shown.includes(d) ? [] : groupOf.get(shown.find((x) => groupOf.get(x)?.of === d)!)!.members]),
  );
  const rowsOf = new Map<string, Row[]>();
  for (const [name, rows] of tables) {
    const periodRows = rows.filter((r) => r[codeColumn(definition, periodDim)] === period);
    rowsOf.set(name, periodRows);
    for (const d of dimsOf.get(name)!.filter((x) => x !== periodDim && all.includes(x))) {
      const seen = categories.get(d)!;
      for (const r of periodRows) {
        const code = r[codeColumn(definition, d)]!;
        if (!seen.includes(code)) seen.push(code);
      }
    }
  }
  const radix = all.map((d) => categories.get(d)!.length);
  const varCount = radix.reduce((a, b) => a * b, 1);
  const digitsOf = (v: number) => {
    const digits = new Array<number>(radix.length);
    for (let j = radix.length - 1; j >= 0; j -= 1) {
      digits[j] = v % radix[j]!;
      v = Math.floor(v / radix[j]!);
    }
    return digits;
  };
  const cells: Cell[] = [];
  const status: CellStatus[] = [];
  const groups: number[][] = [];
  for (const [name, rows] of rowsOf) {
    const dims = dimsOf.get(name)!.filter((x) => x !== periodDim);
    // Each column's code from the unknowns' digits: its own, or its group's of the finer one.
    const codeAt = dims.map((d): ((digits: number[]) => string) => {
      if (all.includes(d)) return (digits) => categories.get(d)![digits[all.indexOf(d)]!]!;
      const { of, codeOf } = groupOf.get(d)!;
      return (digits) => codeOf.get(categories.get(of)![digits[all.indexOf(of)]!]!)!;
    });
    const cellIndex = new Map<string, number>();
    const rowIndex = new Map<Row, number>();
    const wholeGroup = wholeSuppressedGroups(definition, name, rows);
    for (const row of rows) {
      const key = dims.map((d) => row[codeColumn(definition, d)]).join('|');
      cellIndex.set(key, cells.length);
      rowIndex.set(row, cells.length);
      const suppressed = isSuppressed(row);
      // The value is what the attacker knows: the published count, or for a suppressed cell its
      // lower bound (the library's LP reads 1 for "at least 1", 0 for "may be 0").
      cells.push({ id: `${name}:${key}`, vars: [], value: suppressed ? (wholeGroup.has(row) ? 0 : 1) : Number(row.count) });
      status.push(suppressed ? 'primary' : 'published');
    }
    for (let v = 0; v < varCount; v += 1) {
      const digits = digitsOf(v);
      const key = codeAt.map((code) => code(digits)).join('|');
      cells[cellIndex.get(key)!]!.vars.push(v);
    }
    if (sensitiveIn(definition, dimsOf.get(name)!)) {
      for (const group of groupBySensitive(definition, dimsOf.get(name)!, rows).values()) groups.push(group.map((r) => rowIndex.get(r)!));
    }
  }
  const at = all.indexOf(definition.sensitiveDimension);
  return { cells, status, varCount, groups, valueOfVar: (v) => digitsOf(v)[at]! };
}

/**
 * For one period, the LP attack an outsider can run (see periodModel). Returns the cells whose
 * interval is not protected for k, with their intervals, and the groups that show one value of
 * the sensitive dimension (see groupsShowingOneValue).
 */
export async function attackPeriod(
  definition: AggregateDefinition,
  tables: Tables,
  period: string,
): Promise<{ suppressed: number; exposed: { id: string; interval: Interval }[] }> {
  const model = periodModel(definition, tables, period);
  const { cells, varCount, status } = model;
  const k = definition.disclosure.k;
  // undefined: proven at least k wide by the solutions seen (see `screen`).
  const intervals = await screen(cells, varCount, status, k);
  // A cell proven exactly 0 tells no one's count (a 0 is published anyway); whether it closes a
  // sensitive group is the check below.
  const exposed = [...intervals].flatMap(([c, i]) =>
    i && !(i.min === 0 && i.max === 0) && !isProtected(i, k) ? [{ id: cells[c]!.id, interval: i }] : [],
  );
  for (const id of await oneValueGroups(model)) exposed.push({ id, interval: { min: 0, max: 0 } });
  return { suppressed: intervals.size, exposed };
}

/**
 * The sensitive-dimension groups of one period (cells that differ only in the sensitive
 * dimension, or a group of it) that may hold members yet leave the outsider fewer than two
 * finest values that could hold anyone: everyone in such a group shares one cause, one disease.
 */
export async function groupsShowingOneValue(definition: AggregateDefinition, tables: Tables, period: string): Promise<string[]> {
  return oneValueGroups(periodModel(definition, tables, period));
}

async function oneValueGroups({ cells, status, varCount, groups, valueOfVar }: PeriodModel): Promise<string[]> {
  const attacker = new Attacker(await loadSolver(), buildStructure(cells, varCount), [...status]);
  try {
    const found: string[] = [];
    for (const group of groups) {
      // Two cells known to hold someone are two values; a group of published zeros holds no one.
      if (group.filter((c) => cells[c]!.value > 0).length > 1) continue;
      if (group.every((c) => status[c] === 'published' && cells[c]!.value === 0)) continue;
      let open = 0;
      for (const cell of group) {
        const byValue = new Map<number, number[]>();
        for (const v of cells[cell]!.vars) {
          const vars = byValue.get(valueOfVar(v));
          if (vars) vars.push(v);
          else byValue.set(valueOfVar(v), [v]);
        }
        for (const vars of byValue.values()) if (attacker.maxWithin(cell, vars) >= 1) open += 1;
      }
      if (open < 2) found.push(`${cells[group[0]!]!.id}: group of ${group.length}, ${open} value(s) open`);
    }
    return found;
  } finally {
    attacker.dispose();
  }
}

/** Rows of a table whose sensitive-dimension group (same other dimensions) is wholly suppressed. */
function wholeSuppressedGroups(definition: AggregateDefinition, name: string, rows: Row[]): Set<Row> {
  const dims = tableDimensions(definition).get(name)!;
  if (!sensitiveIn(definition, dims)) return new Set();
  const groups = groupBySensitive(definition, dims, rows);
  return new Set([...groups.values()].filter((g) => g.every(isSuppressed)).flat());
}

/** Rows grouped by every dimension but the sensitive one. */
export function groupBySensitive(definition: AggregateDefinition, dims: string[], rows: Row[]): Map<string, Row[]> {
  const sensitive = sensitiveIn(definition, dims);
  const others = dims.filter((d) => d !== sensitive);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = others.map((d) => row[codeColumn(definition, d)]).join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/** A local API server over the stack's catalog and files, at the stack's public base URL port. */
export async function startApi(stack: TestStack, port: number): Promise<{ base: string; close(): Promise<void> }> {
  const base = `http://127.0.0.1:${port}`;
  const api = createApiHandler(
    { catalog: stack.stores.catalog, publicBaseUrl: base, tableFiles: tableFilesIn(stack.stores.publicFiles) },
    { error: () => {} },
  );
  const server: Server = createLocalServer(api, stack.stores.publicFiles);
  await listenOn(server, port);
  return {
    base,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A test stack whose public base URL is a free port, for an API started later on that port. */
export async function startStackWithPort(): Promise<{ stack: TestStack; port: number }> {
  const port = await freePort();
  return { stack: await startTestStack(`http://127.0.0.1:${port}`), port };
}

/** The table's column that shows the sensitive dimension, itself or grouped; undefined if none. */
export function sensitiveIn(definition: AggregateDefinition, dims: string[]): string | undefined {
  return dims.find((d) => {
    const source = definition.dimensions.find((x) => x.name === d)?.source;
    return d === definition.sensitiveDimension || (source?.kind === 'group' && source.of === definition.sensitiveDimension);
  });
}
