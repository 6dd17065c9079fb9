import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputRefusedError } from '../errors.ts';

const HEADER_PROBE_BYTES = 1024 * 1024;

/** The header record of a CSV export (BOM removed, NFC), checked for emptiness and repeated names. */
export async function readHeader(file: string, displayName: string, delimiter: string): Promise<string[]> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_PROBE_BYTES, 0);
    if (bytesRead === 0) throw new InputRefusedError({ file: displayName }, 'the file is empty (no header row)');
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, to: 1, delimiter, relax_quotes: false, skip_empty_lines: false });
  } catch (error) {
    throw new InputRefusedError({ file: displayName, row: 1 }, `the header row is not valid CSV (${(error as Error).message})`);
  }
  const header = (records[0] ?? []).map((name) => name.normalize('NFC').trim());
  if (header.length === 0 || header.every((name) => name === '')) {
    throw new InputRefusedError({ file: displayName, row: 1 }, 'the header row is empty');
  }
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') throw new InputRefusedError({ file: displayName, row: 1, field: `column ${i + 1}` }, 'a header cell is empty');
    if (seen.has(name)) throw new InputRefusedError({ file: displayName, row: 1, field: name }, 'the header names this column twice');
    seen.add(name);
  });
  return header;
}
