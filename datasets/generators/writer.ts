/**
 * Serialises generated records, in batches, as CSV (UTF-8, comma, RFC 4180 quoting by csv-stringify,
 * header row, `\n` line ends), a JSON array (one record a line) or NDJSON; and streams them to a
 * Writable with back-pressure. Nothing is accumulated: memory stays flat for any number of rows.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DatasetGenerator, ExportFormat, GeneratorOptions, SourceRecord } from './types.ts';

const BATCH = 1000;

/** Counts what went through a serialiser: records, and (when written by writeExport) UTF-8 bytes. */
export type ExportStats = { rows: number; bytes: number };

const csvCell = (v: unknown): unknown => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v);

/** A CSV cell csv-stringify would quote: one holding the delimiter, a quote or a line break. */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One record as a CSV line, byte for byte what csv-stringify writes with the options above: a
 * string is written as it is unless it holds a comma, quote or line break, then quoted with its
 * quotes doubled. A record holding anything but strings and empty cells goes through csv-stringify.
 */
function csvLine(record: SourceRecord, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const v = record[columns[i]!];
    let cell: string;
    if (typeof v === 'string') cell = NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    else if (v === null || v === undefined) cell = '';
    else return stringify([columns.map((c) => csvCell(record[c]))]);
    line += i === 0 ? cell : `,${cell}`;
  }
  return `${line}\n`;
}

/** Turns batches of records into text: `start()`, then `batch()` for each batch, then `end()`. */
class Serialiser {
  private first = true;
  private readonly format: ExportFormat;
  private readonly columns: readonly string[];
  private readonly stats: ExportStats | undefined;

  constructor(format: ExportFormat, columns: readonly string[], stats: ExportStats | undefined) {
    this.format = format;
    this.columns = columns;
    this.stats = stats;
  }

  start(): string {
    return this.count(this.format === 'csv' ? stringify([this.columns as string[]]) : '', 0);
  }

  batch(records: readonly SourceRecord[]): string {
    if (records.length === 0) return '';
    let text: string;
    if (this.format === 'csv') {
      text = '';
      for (const r of records) text += csvLine(r, this.columns);
    } else if (this.format === 'ndjson') {
      text = '';
      for (const r of records) text += `${JSON.stringify(r)}\n`;
    } else {
      text = '';
      for (const r of records) {
        text += `${this.first ? '[\n' : ',\n'}${JSON.stringify(r)}`;
        this.first = false;
      }
    }
    return this.count(text, records.length);
  }

  end(): string {
    return this.count(this.format === 'json-array' ? (this.first ? '[]\n' : '\n]\n') : '', 0);
  }

  private count(chunk: string, rows: number): string {
    if (this.stats) this.stats.rows += rows;
    return chunk;
  }
}

/** The text of an export, chunk by chunk (a thousand records each); empty chunks are skipped. */
export function* serialise(
  records: Iterable<SourceRecord>,
  format: ExportFormat,
  columns: readonly string[],
  stats?: ExportStats,
): Generator<string> {
  const s = new Serialiser(format, columns, stats);
  const head = s.start();
  if (head) yield head;
  let batch: SourceRecord[] = [];
  for (const r of records) {
    batch.push(r);
    if (batch.length === BATCH) {
      yield s.batch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield s.batch(batch);
  const tail = s.end();
  if (tail) yield tail;
}

/** Async twin of serialise, for generators that are async iterables. */
export async function* serialiseAsync(
  records: AsyncIterable<SourceRecord>,
  format: ExportFormat,
  columns: readonly string[],
  stats?: ExportStats,
): AsyncGenerator<string> {
  const s = new Serialiser(format, columns, stats);
  const head = s.start();
  if (head) yield head;
  let batch: SourceRecord[] = [];
  for await (const r of records) {
    batch.push(r);
    if (batch.length === BATCH) {
      yield s.batch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield s.batch(batch);
  const tail = s.end();
  if (tail) yield tail;
}

/** The format a generator writes with these options (the option, else its default), checked. */
export function formatOf(generator: DatasetGenerator, opts: Pick<GeneratorOptions, 'format'>): ExportFormat {
  const format = opts.format ?? generator.formats[0];
  if (!format || !generator.formats.includes(format)) {
    throw new Error(`${generator.id} exports as ${generator.formats.join(' or ')}, not ${opts.format}`);
  }
  return format;
}

/** The export's text, chunk by chunk. */
export function exportChunks(
  generator: DatasetGenerator,
  opts: GeneratorOptions,
  stats?: ExportStats,
): Iterable<string> | AsyncIterable<string> {
  const format = formatOf(generator, opts);
  const records = generator.rows(opts);
  return Symbol.asyncIterator in records
    ? serialiseAsync(records as AsyncIterable<SourceRecord>, format, generator.columns, stats)
    : serialise(records as Iterable<SourceRecord>, format, generator.columns, stats);
}

/** The whole export as one string (tests, samples: small sizes only). */
export async function exportToString(generator: DatasetGenerator, opts: GeneratorOptions): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(generator, opts)) text += chunk;
  return text;
}

/**
 * Streams the export to `out`, waiting for `drain` when its buffer is full. Does not end `out`.
 * Resolves with the number of records and bytes written.
 */
export async function writeExport(generator: DatasetGenerator, opts: GeneratorOptions, out: Writable): Promise<ExportStats> {
  const stats: ExportStats = { rows: 0, bytes: 0 };
  for await (const chunk of exportChunks(generator, opts, stats)) {
    const bytes = Buffer.from(chunk, 'utf8');
    stats.bytes += bytes.length;
    if (!out.write(bytes)) await once(out, 'drain');
  }
  return stats;
}
