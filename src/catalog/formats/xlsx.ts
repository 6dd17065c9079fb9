import { PassThrough, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { DatasetMetadata } from '../model.ts';
import type { TableColumn, TableSchema } from '../tables.ts';
import { suppressionNotes } from './datapackage.ts';

/** What a count cell says when it is suppressed: the word the page and the charts use. */
export const SUPPRESSED_CELL = 'bị ẩn';

const STATUS_LABELS: Record<string, string> = { published: 'công bố', suppressed: SUPPRESSED_CELL, rounded: 'làm tròn' };

export const SHEET_NAMES = { about: 'Giới thiệu', data: 'Dữ liệu', dictionary: 'Từ điển dữ liệu' } as const;

export interface WorkbookArgs {
  table: TableSchema;
  metadata: DatasetMetadata;
  version: string;
  publishedAt: string;
  pageUrl: string;
  /** A filtered download: the rows chosen, said on the about sheet ("province_code = 01"). */
  selection?: string;
}

/** A row as text, one value per column of the table, null when empty: the CSV's values. */
export type TextRow = readonly (string | null)[];

/** A workbook in memory, for an answer (the pages' filtered downloads). */
export async function workbookBuffer(args: WorkbookArgs, rows: Iterable<TextRow> | AsyncIterable<TextRow>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  await writeWorkbook({ stream }, args, rows);
  stream.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * One table as an Excel workbook for people who open files in a spreadsheet: a first sheet that
 * says what the data are (title, source, licence, version, legal basis, suppression rule), the
 * rows under Vietnamese column titles (frozen header, autofilter), and a data dictionary with the
 * CSV's machine names. Codes stay text (`01`, `0892`, `90+`), dates are dates, counts are numbers,
 * and a suppressed count reads "bị ẩn" rather than being empty, so a SUM over the column never
 * silently treats it as zero. Written as a stream: memory does not grow with the rows.
 */
export async function writeWorkbook(
  target: { filename: string } | { stream: Writable },
  args: WorkbookArgs,
  rows: Iterable<TextRow> | AsyncIterable<TextRow>,
): Promise<void> {
  const { table, metadata } = args;
  const publishedAt = new Date(args.publishedAt);
  // Imported here, not at the top: the API loads ExcelJS only when a workbook is asked for.
  const { default: excel } = await import('exceljs');
  const workbook = reproducibleWorkbook(excel, target, publishedAt);
  workbook.creator = metadata.publisher.name.vi;
  workbook.title = metadata.title.vi;
  workbook.created = workbook.modified = publishedAt;

  aboutSheet(workbook, args);
  const sheet = workbook.addWorksheet(SHEET_NAMES.data, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.title.vi,
    key: c.name,
    width: Math.min(Math.max(c.title.vi.length + 2, c.type === 'date' ? 12 : 10), 48),
    style: c.type === 'string' ? { numFmt: '@' } : c.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  sheet.getRow(1).font = { bold: true };
  const statusAt = table.columns.findIndex((c) => c.name === 'count_status');
  for await (const row of rows) {
    const status = statusAt < 0 ? null : (row[statusAt] ?? null);
    sheet.addRow(table.columns.map((c, i) => cellValue(c, row[i] ?? null, status))).commit();
  }
  await sheet.commit();
  dictionarySheet(workbook, table);
  await workbook.commit();
}

type ZipArchive = { append: (source: unknown, data: Record<string, unknown>) => unknown; stamped?: true };
type WorkbookInternals = { zip?: ZipArchive };

/**
 * A streaming workbook whose bytes depend only on its content and date: the same table and
 * version give the same file (the distributed path's output is compared byte for byte with one
 * function's, and readers check sha256). archiver stamps each zip entry with the clock unless the
 * entry names a date, and ExcelJS names none, already in its constructor (themes, relations):
 * its first append is intercepted to give every entry the version's date.
 */
function reproducibleWorkbook(
  excel: typeof ExcelJS,
  target: { filename: string } | { stream: Writable },
  date: Date,
): ExcelJS.stream.xlsx.WorkbookWriter {
  const stamp = (internals: WorkbookInternals): void => {
    const zip = internals.zip;
    if (!zip) throw new Error('exceljs WorkbookWriter no longer keeps its archiver in `zip`: XLSX files would not be reproducible');
    if (zip.stamped) return;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date });
    zip.stamped = true;
  };
  class ReproducibleWorkbookWriter extends excel.stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      stamp(this as unknown as WorkbookInternals);
      return super.addThemes();
    }
  }
  const workbook = new ReproducibleWorkbookWriter({ ...target, useStyles: true, useSharedStrings: false });
  stamp(workbook as unknown as WorkbookInternals);
  return workbook;
}

function cellValue(column: TableColumn, value: string | null, status: string | null): ExcelJS.CellValue {
  if (column.name === 'count_status' && value !== null) return STATUS_LABELS[value] ?? value;
  if (value === null) return column.name === 'count' && status === 'suppressed' ? SUPPRESSED_CELL : null;
  if (column.type === 'integer') return Number(value);
  // Midnight UTC: Excel's date serials have no time zone, and ExcelJS counts them from UTC.
  if (column.type === 'date') return new Date(`${value}T00:00:00Z`);
  return value;
}

function aboutSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, args: WorkbookArgs): void {
  const { metadata, table } = args;
  const sheet = workbook.addWorksheet(SHEET_NAMES.about);
  sheet.columns = [
    { key: 'label', width: 28 },
    { key: 'vi', width: 80 },
    { key: 'en', width: 60 },
  ];
  const rows: [string, string, string][] = [
    ['Tập dữ liệu / Dataset', metadata.title.vi, metadata.title.en],
    ...(table.title ? [['Bảng / Table', table.title.vi, table.title.en] as [string, string, string]] : []),
    ['Mô tả / Description', metadata.description.vi, metadata.description.en],
    ['Nguồn / Source', metadata.source.vi, metadata.source.en],
    ['Đơn vị công bố / Publisher', metadata.publisher.name.vi, metadata.publisher.name.en],
    ['Giấy phép / Licence', `${metadata.licence.title} (${metadata.licence.url})`, metadata.licence.id],
    ['Phiên bản / Version', args.version, ''],
    ['Ngày công bố / Published', args.publishedAt.slice(0, 10), ''],
    ['Căn cứ pháp lý / Legal basis', metadata.legalBasis.title.vi, metadata.legalBasis.title.en],
    ['Trang tập dữ liệu / Dataset page', args.pageUrl, ''],
    ...(args.selection
      ? [
          ['Các dòng đã chọn / Rows selected', args.selection, 'Chỉ các dòng thỏa điều kiện này / Only the rows that meet this'] as [
            string,
            string,
            string,
          ],
        ]
      : []),
    ...(metadata.kind === 'aggregate' && metadata.disclosureK
      ? [
          ['Số liệu bị ẩn / Suppressed counts', suppressionNotes(metadata.disclosureK).vi, suppressionNotes(metadata.disclosureK).en] as [
            string,
            string,
            string,
          ],
        ]
      : []),
    [
      'Trang tính / Sheets',
      `"${SHEET_NAMES.data}": các dòng của bảng; "${SHEET_NAMES.dictionary}": tên máy (như trong CSV) và ý nghĩa của từng cột.`,
      `"${SHEET_NAMES.data}": the table's rows; "${SHEET_NAMES.dictionary}": each column's machine name (as in the CSV) and meaning.`,
    ],
  ];
  for (const [label, vi, en] of rows) sheet.addRow({ label, vi, en }).commit();
  sheet.getColumn(1).font = { bold: true };
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
}

function dictionarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: TableSchema): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.dictionary, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Cột / Column', key: 'title', width: 32 },
    { header: 'Tên trong CSV / CSV name', key: 'name', width: 28 },
    { header: 'Kiểu / Type', key: 'type', width: 12 },
    { header: 'Mô tả', key: 'vi', width: 70 },
    { header: 'Description', key: 'en', width: 70 },
  ];
  sheet.getRow(1).font = { bold: true };
  const types = { string: 'văn bản / text', integer: 'số / number', date: 'ngày / date' };
  for (const c of table.columns) {
    sheet.addRow({ title: c.title.vi, name: c.name, type: types[c.type], vi: c.description.vi, en: c.description.en }).commit();
  }
}
