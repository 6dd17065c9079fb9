import { describe, expect, it } from 'vitest';
import { createLocalStateMachine } from '../../src/local/state-machine.ts';

/**
 * The local Distributed Map fails as soon as one partition fails; the run must still end only
 * when every partition it started has (locally they share the process and its work directory,
 * which the caller may remove once it has the error).
 */
describe('the local state machine', () => {
  it('rejects with the failed partition’s own error, after the partitions still running have ended', async () => {
    const finished: string[] = [];
    const handler = async (event: unknown) => {
      const e = event as { step: string; partition?: string };
      if (e.step === 'plan')
        return { datasetId: 'births', runId: 'r1', asOf: '2026-03-05T02:00:00Z', partitions: ['fails', 'slow', 'slower'] };
      if (e.step === 'count') {
        if (e.partition === 'fails') throw new Error('partition "fails" refused');
        await new Promise((resolve) => setTimeout(resolve, e.partition === 'slow' ? 20 : 60));
        finished.push(e.partition!);
        return { partition: e.partition };
      }
      throw new Error('finish must not run');
    };
    const run = createLocalStateMachine(handler, { maxConcurrency: 3 });

    const error = await run({ datasetId: 'births' }).catch((e: unknown) => e);

    expect((error as Error).message).toBe('partition "fails" refused');
    expect(finished.sort()).toEqual(['slow', 'slower']);
  });

  it('returns the finish step’s output when every partition counts', async () => {
    const handler = async (event: unknown) => {
      const e = event as { step: string; partition?: string; partials?: unknown[] };
      if (e.step === 'plan') return { datasetId: 'births', runId: 'r1', asOf: '2026-03-05T02:00:00Z', partitions: ['a', 'b'] };
      if (e.step === 'count') return { partition: e.partition };
      return { published: e.partials };
    };
    expect(await createLocalStateMachine(handler, { maxConcurrency: 2 })({ datasetId: 'births' })).toEqual({
      published: [{ partition: 'a' }, { partition: 'b' }],
    });
  });
});
