import type { DatasetDefinition } from '../../src/policy/dataset-definition.ts';
import { duePeriods, periodDates } from '../../src/pipeline/periods.ts';
import { dayOf, isoDate } from './dates.ts';

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
