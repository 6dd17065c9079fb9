import Sequencer from '@jest/test-sequencer';

/**
 * Jest's order (failed first, then slowest first by the timings it keeps in its cache), except on
 * a machine with no timings yet (a fresh clone, CI): there Jest falls back to file size, which
 * starts the long protocol-server suites (crash, storage-faults, bad-input: short files) last,
 * and one worker then finishes alone. Without timings, integration and browser suites go first
 * (by size), then the rest by size.
 */
export default class SlowSuitesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.every((test) => test.duration != null)) return sorted;
    const heavy = (test) => /[/\\]test[/\\](integration|browser)[/\\]/.test(test.path);
    const untimed = sorted.filter((test) => test.duration == null);
    const rest = sorted.filter((test) => test.duration != null);
    return [...untimed.filter(heavy), ...untimed.filter((test) => !heavy(test)), ...rest];
  }
}
