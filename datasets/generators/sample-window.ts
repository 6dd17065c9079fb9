import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { duePeriods, periodDates } from '../../src/pipeline/periods.ts';
import { dayOf, isoDate } from './dates.ts';
import type { SampleSpec } from './types.ts';

/**
 * The days a generated sample of an event dataset covers for a run on `asOf`: from the first day of
 * the definition's first period to the last day of the last period due, so that every period the
 * run publishes holds records and no record waits for a later one. `until` is the day after
 * (excluded); `days` their number. Undefined when no period is due yet.
 */
export function dueWindow(
  definition: DatasetDefinition,
  asOf: Date,
): { periods: string[]; from: string; last: string; until: string; days: number } | undefined {
  if (definition.kind !== 'aggregate' || definition.release.kind !== 'event')
    throw new Error(`${definition.id} does not publish event periods`);
  const periods = duePeriods(definition, asOf);
  if (periods.length === 0) return undefined;
  const from = periodDates(periods[0]!).start;
  const last = periodDates(periods.at(-1)!).end;
  const until = isoDate(dayOf(last) + 1);
  return { periods, from, last, until, days: dayOf(until) - dayOf(from) };
}

/**
 * The sample of an event register `npm start` lands on `asOf`: one export of every event in the
 * due window (dueWindow) at `perDay` a day, named `<stem>-<from>-<last>.csv`; none before a period is due.
 */
export function dailySample(
  definition: DatasetDefinition,
  asOf: Date,
  sample: { stem: string; perDay: number; seed: number },
): SampleSpec[] {
  const window = dueWindow(definition, asOf);
  if (!window) return [];
  const { from, last, until, days } = window;
  return [{ file: `${sample.stem}-${from}-${last}.csv`, rows: sample.perDay * days, seed: sample.seed, from, until }];
}
