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
};

/** One source record: field name → value (strings for CSV; JSON records may nest). */
export type SourceRecord = Record<string, unknown>;

export type SampleSpec = {
  /** Path inside `datasets/<id>/sample/` (a two-digit folder = a province's export). */
  file: string;
  rows: number;
  seed: number;
  format?: ExportFormat;
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
};

/** Checks the options every generator takes. */
export function checkOptions(opts: GeneratorOptions): void {
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${opts.rows}`);
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
}
