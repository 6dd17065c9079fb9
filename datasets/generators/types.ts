import { PERIOD_FORMAT } from '../../src/policy/dataset-definition.ts';

/** Shapes shared by the synthetic-export generators (`datasets/<id>/generator.ts`). */

export type ExportFormat = 'csv' | 'json-array' | 'ndjson';

export type GeneratorOptions = {
  /** Number of records to produce. */
  rows: number;
  /** PRNG seed: the same seed (and options) always gives the same records. */
  seed: number;
  /**
   * Plant, in ~1 % of rows, identifier-looking values (a `09xxxxxxxx` phone number, an e-mail) in
   * the free-text fields listed as the generator's `canaryFields`; the rest of the row is unchanged.
   */
  canaries?: boolean;
  /** Serialisation, for a generator that offers several (`registered-medicines`: JSON array or NDJSON). */
  format?: ExportFormat;
  /**
   * For a generator whose source exports one file per province and month (`partitioned`): only
   * this province's records (a code of the 34 provinces in force); all provinces when absent.
   */
  province?: string;
  /** For a `partitioned` generator: only records of this month (`YYYY-MM`); the whole year when absent. */
  month?: string;
  /**
   * For a `windowed` generator (an event register exported nationally): the records registered
   * (certificate issued, death notified, case reported) on this day (`YYYY-MM-DD`) or later …
   */
  from?: string;
  /**
   * … and before this day (`YYYY-MM-DD`, excluded): the export a source system would have sent on
   * it. Both or neither; without them, the events of 2025 (some registered early in 2026).
   */
  until?: string;
  /**
   * For health-care-encounters with `month`: fixed numbers of encounters per province, care type,
   * chapter group and level of care instead of drawing each encounter's (see its generator).
   */
  strata?: boolean;
};

/** One source record: field name → value (strings for CSV; JSON records may nest). */
export type SourceRecord = Record<string, unknown>;

export type SampleSpec = {
  /**
   * Path inside `datasets/<id>/sample/` (a two-digit folder = a province's export; below it a
   * `YYYY-MM` folder = that province's export of one month).
   */
  file: string;
  rows: number;
  seed: number;
  format?: ExportFormat;
  /** For a `partitioned` generator: the province and month the sample export covers. */
  province?: string;
  month?: string;
  /** For a `windowed` generator: the days the sample export covers (see GeneratorOptions). */
  from?: string;
  until?: string;
  strata?: boolean;
};

export type DatasetGenerator = {
  id: string;
  /** Formats the export can be written in, the default first. */
  formats: readonly ExportFormat[];
  /** CSV header, in order (for JSON exports: the fields every record has, in order). */
  columns: readonly string[];
  /** Free-text fields where canaries are planted. */
  canaryFields: readonly string[];
  rows(opts: GeneratorOptions): Iterable<SourceRecord> | AsyncIterable<SourceRecord>;
  /** The sample export, when it is this generator's output (rewritten by `scripts/generate.ts --samples`). */
  sample?: SampleSpec;
  /** A sample made of several exports (one per province × month), when it is this generator's output. */
  samples?: readonly SampleSpec[];
  /** Honours `province` and `month` (the source exports one file per province and month). */
  partitioned?: boolean;
  /** Honours `from` and `until` (an event register: its records of any span of days). */
  windowed?: boolean;
  /**
   * The sample `npm start` generates when it seeds the landing bucket, for a run on `asOf`: too
   * large to keep in the repository, and sized so that most of the published counts are not
   * suppressed (every period due that day holds enough records).
   */
  generatedSample?: (asOf: Date) => readonly SampleSpec[];
};

/** Every sample export a generator writes (`sample`, then `samples`). */
export const sampleSpecs = (g: DatasetGenerator): SampleSpec[] => [...(g.sample ? [g.sample] : []), ...(g.samples ?? [])];

/** The options a sample export is generated with. */
export const sampleOptions = (spec: SampleSpec): GeneratorOptions => ({
  rows: spec.rows,
  seed: spec.seed,
  format: spec.format,
  ...(spec.province === undefined ? {} : { province: spec.province }),
  ...(spec.month === undefined ? {} : { month: spec.month }),
  ...(spec.from === undefined ? {} : { from: spec.from }),
  ...(spec.until === undefined ? {} : { until: spec.until }),
  ...(spec.strata === undefined ? {} : { strata: spec.strata }),
});

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Checks the options every generator takes, and those only some take (`partitioned`, `windowed`). */
export function checkOptions(opts: GeneratorOptions, partitioned = false, windowed = false): void {
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${opts.rows}`);
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (!partitioned && (opts.province !== undefined || opts.month !== undefined || opts.strata !== undefined))
    throw new RangeError('province, month and strata are options of a generator that exports per province and month');
  if (opts.month !== undefined && !PERIOD_FORMAT.month.test(opts.month)) throw new RangeError(`month must be YYYY-MM, got ${opts.month}`);
  if (opts.strata && opts.month === undefined) throw new RangeError('strata are drawn for one month: give month too');
  if (!windowed && (opts.from !== undefined || opts.until !== undefined))
    throw new RangeError('from and until are options of a generator of event records');
  if ((opts.from === undefined) !== (opts.until === undefined)) throw new RangeError('give both from and until, or neither');
  for (const [name, day] of [
    ['from', opts.from],
    ['until', opts.until],
  ] as const)
    if (day !== undefined && !(ISO_DATE.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)))
      throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${day}`);
  if (opts.from !== undefined && opts.until !== undefined && opts.from >= opts.until)
    throw new RangeError(`from (${opts.from}) must come before until (${opts.until})`);
}
