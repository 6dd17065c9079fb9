import { createReadStream } from 'node:fs';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The physical line (1-based) on which each of `rows` starts in a CSV file, where a row is
 * numbered as the parser numbers it (header = row 1, see fileRow): a quoted value may hold line
 * breaks, so row and line part ways after the first such value. Reads the file once, up to the
 * last row asked for, tracking quotes (`"`, doubled inside a value) and CRLF, LF or CR line ends.
 * Exact for a file the parser read cleanly; a row the parser rejected for a quote never closed
 * may shift the lines after it.
 */
export async function physicalLines(file: string, rows: readonly number[]): Promise<Map<number, number>> {
  const wanted = [...new Set(rows)].sort((a, b) => a - b);
  const lines = new Map<number, number>();
  if (wanted.length === 0) return lines;
  let next = 0;
  let row = 1;
  let line = 1;
  let quoted = false;
  let previous = -1;
  const note = (): void => {
    while (next < wanted.length && wanted[next]! <= row) {
      if (wanted[next] === row) lines.set(row, line);
      next += 1;
    }
  };
  note();
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) {
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF || byte === CR) {
        // CRLF ends one line; a lone CR or LF ends one too
        if (!(byte === LF && previous === CR)) {
          line += 1;
          if (!quoted) {
            row += 1;
            note();
          }
        }
      }
      previous = byte;
      if (next >= wanted.length) return lines;
    }
  }
  return lines;
}
