/**
 * Writes test/durations.json: how long each test file took in the last run on this machine
 * (Vitest's own record, node_modules/.vite/vitest/…/results.json), in seconds. vitest.config.ts
 * starts the slowest files first with it on a machine that has no record yet (a fresh clone, CI),
 * so that two workers finish together. Run `npm test` then `npm run test:durations` after adding
 * or much changing a test file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const cacheDir = join(ROOT, 'node_modules/.vite/vitest');
const [hash] = readdirSync(cacheDir);
if (!hash) throw new Error(`no Vitest results under ${cacheDir}: run npm test first`);
const { results } = JSON.parse(readFileSync(join(cacheDir, hash, 'results.json'), 'utf8')) as {
  results: [string, { duration?: number }][];
};
const existing = new Set(readdirSync(join(ROOT, 'test'), { recursive: true }).map((f) => `test/${String(f)}`));
const durations = Object.fromEntries(
  results
    .map(([key, { duration }]) => [key.replace(/^[^:]*:/, ''), Math.round((duration ?? 0) / 100) / 10] as const)
    .filter(([file]) => existing.has(file))
    .sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(join(ROOT, 'test/durations.json'), `${JSON.stringify(durations, null, 2)}\n`);
console.log(`test/durations.json: ${Object.keys(durations).length} files`);
