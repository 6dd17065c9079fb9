/**
 * Source exports for the benchmark, made by the issue-B generators (streaming, seeded) and cached
 * by dataset, size and seed in a temporary folder, so a size is generated once across runs.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
