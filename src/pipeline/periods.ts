import type { AggregateDefinition } from '../policy/dataset-definition.ts';

/**
 * The release calendar of aggregates: which periods a run may publish. It comes from the
 * definition and the date of the run only, never from the data, so neither the grid's extent nor a
 * table's row count says anything about the records (a lone record in a new year adds nothing).
 *
 * Periods are calendar periods in Viet Nam's time (UTC+7, no daylight saving).
 */

export type EventPeriodKind = 'month' | 'year' | 'iso-week';
export type SnapshotCadence = 'month' | 'quarter' | 'year';

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The periods a run on `asOf` may publish: every closed event period, or the current snapshot. */
export function duePeriods(definition: AggregateDefinition, asOf: Date): string[] {
  const release = definition.release;
  const period = definition.dimensions.find((d) => d.name === release.period)!.source;
  if (release.kind === 'snapshot') {
    if (period.kind !== 'snapshot') throw new Error(`release period "${release.period}" is not a snapshot dimension`);
    return [snapshotPeriod(period.cadence, asOf)];
  }
  if (period.kind !== 'month' && period.kind !== 'year' && period.kind !== 'iso-week') {
    throw new Error(`release period "${release.period}" is not a month, year or iso-week dimension`);
  }
  return closedPeriods(period.kind, release.first, release.lagDays, asOf);
}

/** Periods from `first` whose end, plus `lagDays`, is at or before `asOf`. */
export function closedPeriods(kind: EventPeriodKind, first: string, lagDays: number, asOf: Date): string[] {
  const now = asOf.getTime() + VIETNAM_OFFSET_MS;
  const current = periodOf(kind, new Date(now));
  if (current < first) return [];
  return spanPeriods(kind, first, current).filter((p) => periodEnd(kind, p).getTime() + lagDays * DAY_MS <= now);
}

/** `2026-11`, `2026-Q4` or `2026`: the snapshot period `asOf` falls in. */
export function snapshotPeriod(cadence: SnapshotCadence, asOf: Date): string {
  const local = new Date(asOf.getTime() + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  if (cadence === 'year') return String(year);
  if (cadence === 'quarter') return `${year}-Q${Math.floor(month / 3) + 1}`;
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The period a (local, as UTC fields) date falls in. */
function periodOf(kind: EventPeriodKind, local: Date): string {
  const year = local.getUTCFullYear();
  if (kind === 'year') return String(year);
  if (kind === 'month') return `${year}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
  const day = Date.UTC(year, local.getUTCMonth(), local.getUTCDate());
  return isoWeekCode(new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS));
}

/** The first instant after the period (as local time written in UTC fields). */
function periodEnd(kind: EventPeriodKind, period: string): Date {
  if (kind === 'year') return new Date(Date.UTC(Number(period) + 1, 0, 1));
  if (kind === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 1));
  }
  return new Date(isoWeekMonday(period).getTime() + 7 * DAY_MS);
}

/** Every period from lo to hi inclusive, so a period with no records still appears as zeros. */
export function spanPeriods(kind: EventPeriodKind, lo: string, hi: string): string[] {
  const out: string[] = [];
  if (kind === 'year') {
    for (let y = Number(lo); y <= Number(hi); y += 1) out.push(String(y));
  } else if (kind === 'month') {
    let [y, m] = lo.split('-').map(Number) as [number, number];
    const [hy, hm] = hi.split('-').map(Number) as [number, number];
    while (y < hy || (y === hy && m <= hm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
  } else {
    let monday = isoWeekMonday(lo);
    const last = isoWeekMonday(hi);
    while (monday <= last) {
      out.push(isoWeekCode(monday));
      monday = new Date(monday.getTime() + 7 * DAY_MS);
    }
  }
  return out;
}

function isoWeekMonday(code: string): Date {
  const [year, week] = code.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(mondayOfWeek1.getTime() + (week - 1) * 7 * DAY_MS);
}

function isoWeekCode(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekMonday(`${year}-W01`).getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The calendar days a period code covers, as ISO dates: `2026`, `2026-11`, `2026-Q4`, `2026-W07`
 * (what a version's data cover, for the catalog's temporal coverage).
 */
export function periodDates(period: string): { start: string; end: string } {
  const year = Number(period.slice(0, 4));
  let start: Date;
  let next: Date;
  if (/^\d{4}$/.test(period)) [start, next] = [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
  else if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    const month = Number(period.slice(5)) - 1;
    [start, next] = [new Date(Date.UTC(year, month, 1)), new Date(Date.UTC(year, month + 1, 1))];
  } else if (/^\d{4}-Q[1-4]$/.test(period)) {
    const month = (Number(period.slice(6)) - 1) * 3;
    [start, next] = [new Date(Date.UTC(year, month, 1)), new Date(Date.UTC(year, month + 3, 1))];
  } else if (/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(period)) {
    start = isoWeekMonday(period);
    next = new Date(start.getTime() + 7 * DAY_MS);
  } else throw new Error(`"${period}" is not a period code`);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { start: day(start), end: day(new Date(next.getTime() - DAY_MS)) };
}
