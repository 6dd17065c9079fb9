import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian's python3 has python3-openpyxl (.ci/run installs it); a pyenv shim earlier on PATH may not. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const READER = join(import.meta.dirname, 'read-xlsx.py');

export type XlsxCell = [type: string, value: string | number | null, numberFormat: string];
export interface XlsxWorkbook {
  sheets: string[];
  content: Record<string, { freeze: string | null; autoFilter: string | null; rows: XlsxCell[][] }>;
}

/** A workbook as openpyxl, an independent reader, sees it. */
export async function readWorkbook(file: string): Promise<XlsxWorkbook> {
  const { stdout } = await promisify(execFile)(PYTHON, [READER, file], { maxBuffer: 256 * 2 ** 20 });
  return JSON.parse(stdout) as XlsxWorkbook;
}
