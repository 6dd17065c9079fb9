/**
 * Calendar dates as day numbers (days since 1900-01-01, UTC), with the `YYYY-MM-DD` strings
 * precomputed once (1900–2040, ~51k short strings): drawing a date in a hot loop is an array read;
 * and the delays between an event and its registration or report.
 */
import type { Rng } from './random.ts';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2040;
const MS_PER_DAY = 86_400_000;
const EPOCH = Date.UTC(FIRST_YEAR, 0, 1);

let table: string[] | undefined;

function isoTable(): string[] {
  if (!table) {
    const days = (Date.UTC(LAST_YEAR + 1, 0, 1) - EPOCH) / MS_PER_DAY;
    table = new Array<string>(days);
    for (let i = 0; i < days; i++) table[i] = new Date(EPOCH + i * MS_PER_DAY).toISOString().slice(0, 10);
  }
  return table;
}

/** Day number of a calendar date (month 1–12). */
export const dayNumber = (year: number, month = 1, day = 1): number => (Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY;

/** Day number of an ISO date `YYYY-MM-DD`. */
export const dayOf = (iso: string): number => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

/** `YYYY-MM-DD` of a day number within 1900–2040. */
export function isoDate(day: number): string {
  const s = isoTable()[day];
  if (s === undefined) throw new RangeError(`day ${day} outside ${FIRST_YEAR}–${LAST_YEAR}`);
  return s;
}

/** Year of a day number (reads the precomputed string). */
export const yearOf = (day: number): number => Number(isoDate(day).slice(0, 4));

/** Month (1–12) of a day number. */
export const monthOf = (day: number): number => Number(isoDate(day).slice(5, 7));

/** Whole years between a birth day and a later day (the age reached on `on`). */
export function ageOn(birth: number, on: number): number {
  const b = isoDate(birth);
  const o = isoDate(on);
  let age = Number(o.slice(0, 4)) - Number(b.slice(0, 4));
  if (o.slice(5) < b.slice(5)) age--;
  return age;
}

/** First day number of each month of `year`, plus the first day of the next year (13 entries). */
export function monthStarts(year: number): number[] {
  const starts: number[] = [];
  for (let m = 1; m <= 12; m++) starts.push(dayNumber(year, m, 1));
  starts.push(dayNumber(year + 1, 1, 1));
  return starts;
}

/**
 * How long after an event its record is issued or reported (birth → certificate, death →
 * notification, onset → case report): most delays in `usual`, a share `lateShare` in `late`; in each
 * range short delays are commonest (truncated exponential with the given mean scale, in days).
 */
export type DelaySpec = {
  usual: readonly [min: number, max: number, scale: number];
  lateShare: number;
  late: readonly [min: number, max: number, scale: number];
};

/** A whole number of days drawn from a DelaySpec: one or two draws from `rng`, always within its ranges. */
export function drawDelay(rng: Rng, spec: DelaySpec): number {
  const [min, max, scale] = rng.chance(spec.lateShare) ? spec.late : spec.usual;
  const width = max - min + 1;
  const days = Math.floor(-scale * Math.log(1 - rng.next() * (1 - Math.exp(-width / scale))));
  return min + Math.min(days, width - 1);
}

/**
 * The days an export's events are drawn from: with `from` and `until` (an export of the records
 * registered in those days), every day from `from` to the day before `until`, and `until` as the
 * day no record may be registered on or after; without them, the year `year` and no such day.
 */
export function eventWindow(opts: { from?: string; until?: string }, year: number): { first: number; days: number; until?: number } {
  if (opts.from === undefined || opts.until === undefined) return { first: dayNumber(year), days: dayNumber(year + 1) - dayNumber(year) };
  const first = dayOf(opts.from);
  const until = dayOf(opts.until);
  return { first, days: until - first, until };
}
