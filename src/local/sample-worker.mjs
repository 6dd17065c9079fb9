// The worker thread of generatedSamples (samples.ts): writes the generated samples of the datasets
// given, in order, and reports each when its files are whole. TypeScript is loaded through tsx
// (a worker does not inherit the loader of the thread that started it).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { writeGeneratedSample } = await import(workerData.module);
for (const id of workerData.ids) {
  try {
    parentPort.postMessage({ id, exports: await writeGeneratedSample(id, new Date(workerData.asOf), workerData.dir) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
