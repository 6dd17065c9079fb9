import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { findGenerator, sampleOptions, writeExport } from '../../datasets/generators/index.ts';

/**
 * The generated part of the sample exports (`generatedSample` in a dataset's generator): the
 * aggregates' samples are too large to keep in the repository (a few hundred thousand records,
 * so that most of their published counts are at least k), so they are written from their seeded
 * generators when the landing bucket is seeded, for the periods due on the run's date. The same
 * date (or any date with the same periods due) gives the same bytes.
 */

/** One export of a generated sample: `name` is its path below the dataset's landing prefix. */
export interface SampleExport {
  name: string;
  file: string;
}

/** Where a dataset's generated sample is written (or found, when already written). */
export interface GeneratedSamples {
  /** The exports of a dataset's generated sample for the run's date (none for a dataset without one). */
  exports(datasetId: string): Promise<SampleExport[]>;
  /** Stops the background writer, if any, and removes the files unless they are kept. */
  close(): Promise<void>;
}

/** Whether a dataset's sample is (partly) generated. */
export const hasGeneratedSample = (datasetId: string): boolean => findGenerator(datasetId)?.generatedSample !== undefined;

/**
 * Writes the generated sample of a dataset for a run on `asOf` under `dir/<dataset>/`; an export
 * already there (same name, so same periods, from the same code) is kept as it is, so a directory
 * can be shared by the runs of a test suite. Each file appears whole (written aside, then renamed).
 */
export async function writeGeneratedSample(datasetId: string, asOf: Date, dir: string): Promise<SampleExport[]> {
  const generator = findGenerator(datasetId);
  const exports: SampleExport[] = [];
  for (const spec of generator?.generatedSample?.(asOf) ?? []) {
    const file = join(dir, datasetId, spec.file);
    const written = await stat(file).then(
      () => true,
      () => false,
    );
    if (!written) {
      await mkdir(dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
      const out = createWriteStream(partial);
      await writeExport(generator!, sampleOptions(spec), out);
      out.end();
      await once(out, 'finish');
      await rename(partial, file);
    }
    exports.push({ name: spec.file, file });
  }
  return exports;
}

/**
 * The generated samples for a run on `asOf`, written under `dir`. With `background`, a worker
 * thread writes those datasets' samples one after the other, in that order, from the start (on
 * another core while the first datasets publish); any other is written when asked for.
 * `keep`: leave the files in `dir` on close (a cache for later runs), else remove them.
 */
export function generatedSamples(
  asOf: Date,
  dir: string,
  options: { background?: readonly string[]; keep?: boolean } = {},
): GeneratedSamples {
  const background = options.background?.filter(hasGeneratedSample) ?? [];
  const done = new Map<string, { promise: Promise<SampleExport[]>; resolve: (e: SampleExport[]) => void; reject: (e: unknown) => void }>();
  for (const id of background) {
    let resolve!: (e: SampleExport[]) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<SampleExport[]>((a, b) => {
      resolve = a;
      reject = b;
    });
    // Awaited only when the dataset is seeded (where a failure falls back to writing it in this thread).
    promise.catch(() => {});
    done.set(id, { promise, resolve, reject });
  }
  let worker: Worker | undefined;
  if (background.length > 0) {
    worker = new Worker(new URL('./sample-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./samples.ts', import.meta.url).href, ids: background, asOf: asOf.toISOString(), dir },
    });
    worker.on('message', (message: { id: string; exports?: SampleExport[]; error?: string }) => {
      const entry = done.get(message.id);
      if (message.exports) entry?.resolve(message.exports);
      else entry?.reject(new Error(`writing the ${message.id} sample failed: ${message.error}`));
    });
    const failAll = (error: unknown) => {
      for (const entry of done.values()) entry.reject(error);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the sample writer stopped (exit code ${code})`)));
  }
  return {
    // Should the worker fail (its thread, or one dataset's), the sample is written here instead.
    exports: async (datasetId) => {
      const written = done.get(datasetId)?.promise;
      if (!written) return writeGeneratedSample(datasetId, asOf, dir);
      return written.catch((error: unknown) => {
        console.warn(`${error instanceof Error ? error.message : String(error)}; writing it in this thread`);
        return writeGeneratedSample(datasetId, asOf, dir);
      });
    },
    close: async () => {
      await worker?.terminate();
      if (!options.keep) await rm(dir, { recursive: true, force: true });
    },
  };
}
