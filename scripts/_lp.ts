import deaths from '../datasets/deaths/definition.ts';
import { sampleDir } from '../datasets/index.ts';
import { seedSampleExport } from '../src/local/stack.ts';
import { publishDataset } from '../src/pipeline/publish.ts';
import { startTestStack } from '../test/support/local-stack.ts';
import { ComponentLp } from '../src/disclosure/lp.ts';
let solves = 0; let ms = 0;
for (const name of ['max', 'min'] as const) {
  const orig = (ComponentLp.prototype as any)[name];
  (ComponentLp.prototype as any)[name] = function (this: unknown, cell: number) { const t = performance.now(); try { return orig.call(this, cell); } finally { solves++; ms += performance.now() - t; } };
}
const stack = await startTestStack();
await seedSampleExport(stack.stores.landing, 'deaths', sampleDir('deaths'));
const t0 = Date.now();
const r = await publishDataset(deaths, { ...stack.deps, now: () => new Date('2026-11-25T02:00:00Z') });
console.log(Date.now() - t0, 'ms', solves, 'solves', Math.round(ms), 'ms in LP', r.runLog);
await stack.close();
