import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { findDataset } from '../../datasets/index.ts';
import { datasetTables } from '../../src/catalog/tables.ts';
import { SHEET_NAMES, SUPPRESSED_CELL } from '../../src/catalog/formats/xlsx.ts';
import type { PublishReport } from '../../src/pipeline/publish.ts';
import { readObject, type TestStack } from '../support/local-stack.ts';
import { startSampleStack } from '../support/published-samples.ts';
import { readWorkbook, type XlsxWorkbook as Workbook } from '../support/read-xlsx.ts';

/** The CSV's formula guard (a leading `'` before = + - @ tab CR) undone: the XLSX holds text as text. */
const unguard = (value: string): string => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

describe('each published table as XLSX, read back with openpyxl', () => {
  let stack: TestStack & { reports: PublishReport[] };
  let dir: string;
  const workbooks: { report: PublishReport; table: string; book: Workbook; csv: Record<string, string>[] }[] = [];

  beforeAll(async () => {
    stack = await startSampleStack();
    dir = await mkdtemp(join(tmpdir(), 'xlsx-'));
    for (const report of stack.reports) {
      for (const file of report.files.filter((f) => f.format === 'xlsx')) {
        const path = join(dir, file.name);
        await writeFile(path, await readObject(stack.stores, file.key));
        const table = file.name.replace(/\.xlsx$/, '');
        const csvBytes = await readObject(stack.stores, file.key.replace(/\.xlsx$/, '.csv'));
        const csv = parse(csvBytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
        workbooks.push({ report, table, book: await readWorkbook(path), csv });
      }
    }
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes one workbook beside every table of all nine datasets, with the XLSX media type', () => {
    for (const report of stack.reports) {
      const tables = report.files.filter((f) => f.format === 'csv').map((f) => f.name.replace(/\.csv$/, ''));
      const books = report.files.filter((f) => f.format === 'xlsx');
      expect([report.datasetId, books.map((f) => f.name)]).toEqual([report.datasetId, tables.map((t) => `${t}.xlsx`)]);
      for (const f of books) expect(f.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
    expect(workbooks.length).toBeGreaterThanOrEqual(9);
  });

  it('opens on a sheet that says what the data are: title, source, licence, version, legal basis and, for aggregates, the suppression rule', () => {
    for (const { report, book } of workbooks) {
      const definition = findDataset(report.datasetId)!;
      expect(book.sheets).toEqual([SHEET_NAMES.about, SHEET_NAMES.data, SHEET_NAMES.dictionary]);
      const about = new Map(book.content[SHEET_NAMES.about]!.rows.map((r) => [String(r[0]![1]), r.slice(1).map((c) => c[1])]));
      expect(about.get('Tập dữ liệu / Dataset')).toEqual([definition.title.vi, definition.title.en]);
      expect(about.get('Phiên bản / Version')?.[0]).toBe(report.version);
      expect(String(about.get('Giấy phép / Licence')?.[0])).toContain(definition.licence.url);
      expect(String(about.get('Căn cứ pháp lý / Legal basis')?.[0])).toContain('102/2025/NĐ-CP');
      expect(String(about.get('Nguồn / Source')?.[0])).toBe(definition.source.name.vi);
      if (definition.kind === 'aggregate' && definition.release.kind !== 'snapshot') {
        expect(String(about.get('Số liệu bị ẩn / Suppressed counts')?.[0])).toMatch(/^Số liệu được công bố là 0 hoặc từ \d+ trở lên/);
      }
    }
  });

  it('holds the CSV’s rows under Vietnamese titles: codes as text, dates as dates, counts as numbers, suppressed counts as words', () => {
    let suppressed = 0;
    let leadingZeros = 0;
    let dates = 0;
    for (const { report, table, book, csv } of workbooks) {
      const schema = datasetTables(findDataset(report.datasetId)!).find((t) => t.name === table)!;
      const sheet = book.content[SHEET_NAMES.data]!;
      expect(sheet.rows[0]!.map((c) => c[1])).toEqual(schema.columns.map((c) => c.title.vi));
      expect(sheet.freeze).toBe('A2');
      expect(sheet.autoFilter).toMatch(/^A1:[A-Z]+1$/);
      const body = sheet.rows.slice(1);
      expect([table, body.length]).toEqual([table, csv.length]);
      for (const [i, row] of body.entries()) {
        for (const [j, column] of schema.columns.entries()) {
          const [type, value, format] = row[j] ?? ['n', null, 'General'];
          const text = unguard(csv[i]![column.name]!);
          const where = `${table} row ${i + 2} ${column.name}`;
          if (column.name === 'count_status') {
            expect([where, value]).toEqual([where, { published: 'công bố', suppressed: SUPPRESSED_CELL, rounded: 'làm tròn' }[text]]);
          } else if (column.name === 'count' && text === '' && csv[i]!.count_status === 'suppressed') {
            expect([where, type, value]).toEqual([where, 's', SUPPRESSED_CELL]);
            suppressed++;
          } else if (text === '') {
            expect([where, value]).toEqual([where, null]);
          } else if (column.type === 'integer') {
            expect([where, type, value]).toEqual([where, 'n', Number(text)]);
          } else if (column.type === 'date') {
            expect([where, type, String(value).slice(0, 10), format]).toEqual([where, 'd', text, 'dd/mm/yyyy']);
            dates++;
          } else {
            expect([where, type, value, format]).toEqual([where, 's', text, '@']);
            if (/^0\d/.test(text)) leadingZeros++;
          }
        }
      }
    }
    // The samples exercise every rule: province codes such as 01, suppressed counts, register dates.
    expect(leadingZeros).toBeGreaterThan(0);
    expect(suppressed).toBeGreaterThan(0);
    expect(dates).toBeGreaterThan(0);
  });

  it('names every column’s CSV name and meaning in the data dictionary', () => {
    for (const { report, table, book } of workbooks) {
      const schema = datasetTables(findDataset(report.datasetId)!).find((t) => t.name === table)!;
      const rows = book.content[SHEET_NAMES.dictionary]!.rows.slice(1);
      expect(rows.map((r) => [r[0]![1], r[1]![1], r[3]![1]])).toEqual(schema.columns.map((c) => [c.title.vi, c.name, c.description.vi]));
    }
  });
});
