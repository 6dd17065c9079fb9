import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetDefinitions, findDataset } from '../../datasets/index.ts';
import type { PublishConfig } from '../config.ts';
import type { Stores } from '../composition.ts';
import { landingKey, MONTH_FOLDER } from '../pipeline/landing.ts';
import type { DatasetDefinition } from '../policy/dataset-definition.ts';
import { findProvince } from '../reference/provinces.ts';

export interface ExportArgs {
  definition: DatasetDefinition;
  source?: string;
  province?: string;
  /** The month (`YYYY-MM`) the export covers, for a source that exports one file per month. */
  month?: string;
}

/**
 * `<dataset-id> [--source <file>] [--province <code>] [--month YYYY-MM]`, checked before any server
 * starts: exits 64 on a usage error, 2 when the file is missing, 0 after --help.
 */
export function parseExportArgs(command: string, options: { sourceRequired: boolean }): ExportArgs {
  const source = options.sourceRequired ? '--source <file>' : '[--source <file>]';
  const usage = `usage: npm run ${command} -- <dataset-id> ${source} [--province <code>] [--month YYYY-MM]
datasets: ${datasetDefinitions.map((d) => d.id).join(', ')}`;
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      province: { type: 'string' },
      month: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) exit(usage, values.help ? 0 : 64);
  const definition = findDataset(positionals[0]!) ?? exit(`unknown dataset "${positionals[0]}"\n${usage}`, 64);
  if (options.sourceRequired && values.source === undefined) exit(`--source names the export to land\n${usage}`, 64);
  if (values.source !== undefined && !existsSync(values.source)) exit(`--source: no such file ${values.source}`, 2);
  if (values.province !== undefined && !findProvince(values.province))
    exit(`--province: "${values.province}" is not a province code in force`, 64);
  if (values.province !== undefined && values.source === undefined) exit('--province names the province of the --source export', 64);
  if (values.month !== undefined && !MONTH_FOLDER.test(values.month))
    exit(`--month: "${values.month}" is not a month written YYYY-MM (e.g. 2026-01)`, 64);
  if (values.month !== undefined && values.source === undefined) exit('--month names the month of the --source export', 64);
  return { definition, source: values.source, province: values.province, month: values.month };
}

/**
 * Uploads the export to the landing bucket as a source system would drop it; returns its key.
 * With a month it lands in the month's folder (below the province's), where it replaces that
 * month's earlier export and no other.
 */
export async function landSource(
  stores: Stores,
  definition: DatasetDefinition,
  source: string,
  province?: string,
  month?: string,
): Promise<string> {
  const key = landingKey(definition.id, basename(source), province, new Date(), month);
  await stores.landing.uploadFile(key, source, { contentType: 'text/csv; charset=utf-8' });
  return key;
}

/** Where a landed export is, for the message after landing. */
export const landedAt = (config: Pick<PublishConfig, 'landingBucket'>, key: string): string => `${config.landingBucket}/${key}`;

function exit(message: string, code: number): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}
