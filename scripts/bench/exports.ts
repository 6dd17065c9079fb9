/**
 * Source exports for the benchmark, made by the issue-B generators (streaming, seeded) and cached
 * by dataset, size and seed in a temporary folder, so a size is generated once across runs.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findGenerator, writeExport } from '../../datasets/generators/index.ts';
import { round } from './lib.ts';

export interface CachedExport {
  dataset: string;
  rows: number;
  seed: number;
  file: string;
  bytes: number;
  /** Seconds it took to generate (0 when it came from the cache). */
  generatedSeconds: number;
  cached: boolean;
}

export async function sourceExport(cacheDir: string, dataset: string, rows: number, seed: number): Promise<CachedExport> {
  const generator = findGenerator(dataset);
  if (!generator) throw new Error(`no generator for ${dataset}`);
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, `${dataset}-${rows}-seed${seed}.csv`);
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta)) {
    const { bytes } = JSON.parse(await readFile(meta, 'utf8')) as { bytes: number };
    return { dataset, rows, seed, file, bytes, generatedSeconds: 0, cached: true };
  }
  const partial = `${file}.partial`;
  const t = performance.now();
  const out = createWriteStream(partial);
  const stats = await writeExport(generator, { rows, seed }, out);
  out.end();
  await once(out, 'finish');
  if (stats.rows !== rows) {
    await rm(partial, { force: true });
    throw new Error(`${dataset}: generated ${stats.rows} rows, wanted ${rows}`);
  }
  await rename(partial, file);
  await writeFile(meta, JSON.stringify({ rows, seed, bytes: stats.bytes }));
  return { dataset, rows, seed, file, bytes: stats.bytes, generatedSeconds: round((performance.now() - t) / 1000, 1), cached: false };
}

/**
 * The next day's export of the same source: yesterday's rows plus 1 % new ones (drawn with another
 * seed), so the publish has a previous version to compare with and something new to publish.
 */
export async function nextDayExport(cacheDir: string, today: CachedExport): Promise<CachedExport> {
  const file = today.file.replace(/\.csv$/, '-next-day.csv');
  const added = await sourceExport(cacheDir, today.dataset, Math.max(1, Math.round(today.rows / 100)), today.seed + 1000);
  if (!existsSync(file)) {
    const text = await readFile(added.file);
    const partial = `${file}.partial`;
    await pipeline(createReadStream(today.file), createWriteStream(partial));
    // The added export's header line (and BOM, if any) stays out: the rows follow yesterday's.
    await writeFile(partial, text.subarray(text.indexOf(0x0a) + 1), { flag: 'a' });
    await rename(partial, file);
  }
  return { ...today, rows: today.rows + added.rows, file, bytes: (await stat(file)).size, cached: true, generatedSeconds: 0 };
}
