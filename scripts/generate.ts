/**
 * Writes a synthetic source export of any size, for tests and benchmarks, streaming (flat memory
 * for any number of rows), and prints the rate to stderr.
 *
 *   npx tsx scripts/generate.ts <dataset-id> --rows N --seed S [--out file] [--canaries] [--format json-array|ndjson]
 *                                [--province CODE] [--month YYYY-MM] [--strata]   (health-care-encounters: one province's and/or one month's export)
 *                                [--from YYYY-MM-DD --until YYYY-MM-DD]   (births, deaths, notifiable-diseases: the records registered in those days)
 *   npx tsx scripts/generate.ts --samples      rewrite every datasets/<id>/sample/ file made by a generator
 *   npx tsx scripts/generate.ts --list         the dataset ids with a generator, their samples (a generated one as `npm start` would write it today)
 *
 * Without --out the export goes to stdout. --canaries plants a phone number or an e-mail in ~1 %
 * of rows' free-text fields. For registered-medicines the format follows --format, else the
 * --out extension (`.ndjson` → NDJSON), else a JSON array. Every value is invented.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, extname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { PERIOD_FORMAT } from '../src/policy/dataset-definition.ts';
import {
  findGenerator,
  formatOf,
  generators,
  sampleFile,
  sampleOptions,
  sampleSpecs,
  writeExport,
  type DatasetGenerator,
  type ExportFormat,
  type GeneratorOptions,
  type SampleSpec,
} from '../datasets/generators/index.ts';

const usage =
  'usage: npx tsx scripts/generate.ts <dataset-id> --rows N --seed S [--out file] [--canaries] [--format json-array|ndjson] [--province CODE] [--month YYYY-MM] [--strata] [--from YYYY-MM-DD --until YYYY-MM-DD]\n       npx tsx scripts/generate.ts --samples | --list';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined): number {
  if (value === undefined) fail(`--${name} is required`);
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

/** Streams one export to a file (created with its folders) or stdout; returns rows and bytes. */
async function run(generator: DatasetGenerator, opts: GeneratorOptions, out: string | undefined): Promise<{ rows: number; bytes: number }> {
  const stream: Writable = out ? createWriteStream(out) : process.stdout;
  if (out) mkdirSync(dirname(out), { recursive: true });
  const stats = await writeExport(generator, opts, stream);
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
  return stats;
}

/** Rows, size, wall time and rate; the CPU time too, a steadier measure on a busy machine. */
function report(id: string, rows: number, bytes: number, started: { wall: bigint; cpu: NodeJS.CpuUsage }, out: string | undefined): void {
  const seconds = Number(process.hrtime.bigint() - started.wall) / 1e9;
  const cpu = process.cpuUsage(started.cpu);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (s: number): string => Math.round(rows / Math.max(s, 1e-9)).toLocaleString('en');
  process.stderr.write(
    `${id}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s: ${rate(seconds)} rows/s (CPU ${cpuSeconds.toFixed(2)} s: ${rate(cpuSeconds)} rows per CPU-second)${out ? ` → ${out}` : ''}\n`,
  );
}

const now = (): { wall: bigint; cpu: NodeJS.CpuUsage } => ({ wall: process.hrtime.bigint(), cpu: process.cpuUsage() });

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rows: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', short: 'o' },
      canaries: { type: 'boolean', default: false },
      format: { type: 'string' },
      province: { type: 'string' },
      month: { type: 'string' },
      strata: { type: 'boolean', default: false },
      from: { type: 'string' },
      until: { type: 'string' },
      samples: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (values.list) {
    const options = (spec: SampleSpec): string =>
      [
        `--rows ${spec.rows} --seed ${spec.seed}`,
        spec.province && `--province ${spec.province}`,
        spec.month && `--month ${spec.month}`,
        spec.strata && '--strata',
        spec.from && `--from ${spec.from} --until ${spec.until}`,
      ]
        .filter(Boolean)
        .join(' ');
    for (const g of generators) {
      const samples = sampleSpecs(g).map((s) => `${s.file} (${s.rows} rows, seed ${s.seed})`);
      const specs = g.generatedSample?.(new Date()) ?? [];
      const generated = specs
        .slice(0, 1)
        .map((s) => `${s.file} (${options(s)})${specs.length > 1 ? ` and ${specs.length - 1} more like it` : ''}`);
      process.stdout.write(
        `${g.id}\t${g.formats.join(',')}${samples.length ? `\tsample: ${samples.join(', ')}` : ''}${generated.length ? `\tgenerated by npm start today: ${generated.join(', ')}` : ''}\n`,
      );
    }
    return;
  }
  if (values.samples) {
    for (const g of generators) {
      for (const spec of sampleSpecs(g)) {
        const started = now();
        const out = sampleFile(g, spec);
        const { rows, bytes } = await run(g, sampleOptions(spec), out);
        report(g.id, rows, bytes, started, out);
      }
    }
    return;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) fail('one dataset id expected');
  const generator = findGenerator(id);
  if (!generator) fail(`no generator for "${id}"; known: ${generators.map((g) => g.id).join(', ')}`);
  const out = values.out ? resolve(values.out) : undefined;
  let format = values.format as ExportFormat | undefined;
  if (!format && out && extname(out).toLowerCase() === '.ndjson' && generator.formats.includes('ndjson')) format = 'ndjson';
  if (format && !generator.formats.includes(format)) fail(`${id} exports as ${generator.formats.join(' or ')}, not ${format}`);
  if ((values.province !== undefined || values.month !== undefined || values.strata) && !generator.partitioned)
    fail(`--province, --month and --strata are for a source exported per province and month; ${id} is not`);
  if (values.month !== undefined && !PERIOD_FORMAT.month.test(values.month)) fail(`--month must be YYYY-MM, got ${values.month}`);
  if (values.strata && values.month === undefined) fail('--strata needs --month');
  if ((values.from !== undefined || values.until !== undefined) && !generator.windowed)
    fail(`--from and --until are for a register of events; ${id} is not`);
  if ((values.from === undefined) !== (values.until === undefined)) fail('give both --from and --until, or neither');
  for (const day of [values.from, values.until])
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) fail(`--from and --until must be YYYY-MM-DD, got ${day}`);
  const opts: GeneratorOptions = {
    rows: integer('rows', values.rows),
    seed: integer('seed', values.seed),
    canaries: values.canaries,
    format: formatOf(generator, { format }),
    ...(values.province === undefined ? {} : { province: values.province }),
    ...(values.month === undefined ? {} : { month: values.month }),
    ...(values.strata ? { strata: true } : {}),
    ...(values.from === undefined ? {} : { from: values.from, until: values.until }),
  };
  const started = now();
  const { rows, bytes } = await run(generator, opts, out);
  report(id, rows, bytes, started, out);
}

// A closed stdout (`… | head`) ends the run quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
