import * as z from 'zod';
import { IDENTIFIER_KIND_NAMES } from '../gate/identifiers.ts';
import { CATEGORY_NUMBERS, FIELD_CLASSES, type CategoryNumber, type FieldClass } from './decree-102.ts';
import { DEFAULT_K, MIN_K } from '../disclosure/types.ts';

const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;

const sqlIdentifier = /^[a-z][a-z0-9_]*$/;
const kebab = /^[a-z][a-z0-9-]*$/;

/**
 * What a dataset id may be: lower-case kebab, at most 64 characters. It ends up in S3 keys, URLs,
 * construct ids and IAM ARNs, and an id that does not match names no dataset (never reaches the store).
 */
export const DATASET_ID_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * The EventBridge Scheduler expressions a dataset may run on, evaluated in Asia/Ho_Chi_Minh:
 * recurring only (`cron(…)`, `rate(…)`). A one-time `at(…)` would publish once and then never
 * again, which no dataset's update frequency means.
 */
export const SCHEDULE_PATTERN = /^(cron|rate)\(.+\)$/;

const sourceField = z.object({
  /** The header (CSV) or key (JSON) exactly as the source system writes it. */
  name: z.string().min(1),
  class: z.enum(FIELD_CLASSES),
  description: localized,
  /** Must be present and hold a value in every row. */
  required: z.boolean().default(false),
});

const dateFormats = z.array(z.string().min(2)).min(1);

/** How a registry column's value is computed from the source. Each kind has one SQL twin in src/pipeline/transforms.ts. */
const columnSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), field: z.string() }),
  /** Register numbers: upper case, look-alike letters folded, spaces around separators removed. */
  z.object({ kind: z.literal('code'), field: z.string() }),
  z.object({
    kind: z.literal('date'),
    field: z.string(),
    /** strptime formats tried in order. */
    formats: dateFormats,
    /** Values that mean "unknown" in real exports (e.g. `None`, a `2000-01-01` placeholder). */
    unknown: z.array(z.string()).default([]),
  }),
  /** Province of the row: the landing folder's code, else the one named last in an address. */
  z.object({ kind: z.literal('province'), part: z.enum(['code', 'name']), addressField: z.string() }),
]);
export type ColumnSource = z.infer<typeof columnSource>;

const outputColumn = z.object({
  name: z.string().regex(sqlIdentifier, 'lower snake_case'),
  type: z.enum(['string', 'date', 'integer']),
  title: localized,
  description: localized,
  source: columnSource,
});
export type OutputColumn = z.infer<typeof outputColumn>;

/**
 * How an aggregate dimension turns one person-level value into one category of a fixed grid.
 * Nothing finer than a month (a week for notifiable diseases); ages in bands, top-coded.
 */
const dimensionSource = z.discriminatedUnion('kind', [
  /** A field holding the 2-digit code (or the name) of one of the provinces in force. */
  z.object({ kind: z.literal('province'), field: z.string() }),
  /** Declared categories; a value matching none rejects the row. */
  z.object({
    kind: z.literal('category'),
    field: z.string(),
    categories: z
      .array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), label: localized, values: z.array(z.string().min(1)).min(1) }))
      .min(1),
  }),
  z.object({ kind: z.literal('month'), field: z.string(), formats: dateFormats }),
  z.object({ kind: z.literal('year'), field: z.string(), formats: dateFormats }),
  z.object({ kind: z.literal('iso-week'), field: z.string(), formats: dateFormats }),
  /** Age in whole years on `atField`'s date, from `birthField`; bands by lower bound, the last one open (e.g. 90+). */
  z.object({
    kind: z.literal('age-band'),
    birthField: z.string(),
    atField: z.string(),
    formats: dateFormats,
    bands: z.array(z.number().int().min(0)).min(2),
  }),
  /** A number (e.g. mother's age in years) banded by lower bound; the last band open. */
  z.object({ kind: z.literal('value-band'), field: z.string(), bands: z.array(z.number().int().min(0)).min(2) }),
  /** ICD-10 code → WHO chapter (I–XXII). */
  z.object({ kind: z.literal('icd10-chapter'), field: z.string() }),
  /**
   * The snapshot a register's state belongs to: the calendar period (in Viet Nam's time) of the
   * run that takes it, e.g. `2026-Q4`. Read from no field: one snapshot per period, taken once.
   */
  z.object({ kind: z.literal('snapshot'), cadence: z.enum(['month', 'quarter', 'year']) }),
  /**
   * Coarser categories of another dimension (`of`): each group a set of its codes, every code in
   * exactly one group. Read from no field: a table using it sums the finer categories, so rare
   * values can be shown together without the attacker being given combinations that cannot exist.
   */
  z.object({
    kind: z.literal('group'),
    of: z.string(),
    groups: z
      .array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/i), label: localized, members: z.array(z.string().min(1)).min(1) }))
      .min(2),
  }),
]);
export type DimensionSource = z.infer<typeof dimensionSource>;

const dimension = z.object({
  name: z.string().regex(sqlIdentifier, 'lower snake_case'),
  title: localized,
  description: localized,
  source: dimensionSource,
});
export type Dimension = z.infer<typeof dimension>;

const common = {
  id: z.string().regex(DATASET_ID_PATTERN, 'lower-case kebab id of at most 64 characters'),
  title: localized,
  description: localized,
  keywords: z.object({ vi: z.array(z.string()).min(1), en: z.array(z.string()).min(1) }),
  decree: z.object({
    categories: z
      .array(z.number().int())
      .min(1)
      .refine((list) => list.every((n) => CATEGORY_NUMBERS.includes(n as CategoryNumber)), 'Art. 5 has categories 1–24'),
    /** Art. 14 scope, e.g. `14.1.a`. */
    scope: z.array(z.string().regex(/^14\.[1-4](\.[a-eđ])?$/)).min(1),
  }),
  licence: z.object({ id: z.string().min(1), title: z.string().min(1), url: z.url() }),
  publisher: z.object({ name: localized, url: z.url(), email: z.email() }),
  source: z.object({
    name: localized,
    format: z.enum(['csv', 'json']),
    delimiter: z.string().length(1).default(','),
  }),
  /** EventBridge Scheduler expression (SCHEDULE_PATTERN), evaluated in Asia/Ho_Chi_Minh. */
  schedule: z.string().regex(SCHEDULE_PATTERN),
  updateFrequency: localized,
  fields: z.array(sourceField).min(1),
};

const registry = z.object({
  ...common,
  /** One published row per source row, with only the columns derived from `open` fields. */
  kind: z.literal('registry'),
  columns: z.array(outputColumn).min(1),
  /** Output order, so that the same input gives byte-identical files. */
  sortBy: z.array(z.string()).min(1),
  /** Columns the dataset page charts rows by (the province, the main categories), in page order. */
  chartBy: z.array(z.string()).max(4).default([]),
  /**
   * Name and label columns whose values the catalog search finds ("Bạch Mai", "paracetamol"): their
   * distinct values are indexed when a version is published (search-index.json beside its files).
   */
  searchBy: z.array(z.string()).max(6).default([]),
  /**
   * Column values that legitimately look like personal identifiers (e.g. a licence number), allowed
   * by the identifier gate. With `pattern`, only values found whose letters and digits match it
   * whole (src/gate/scan.ts, ValueAllowance), e.g. `(?:84|0)2[0-9]{9}` for landlines only.
   */
  identifierAllow: z
    .array(
      z.object({
        column: z.string(),
        kinds: z.array(z.enum(IDENTIFIER_KIND_NAMES)).min(1),
        pattern: z
          .string()
          .min(1)
          .refine((p) => {
            try {
              new RegExp(p, 'u');
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression')
          .optional(),
        reason: z.string().min(1),
      }),
    )
    .default([]),
  quality: z
    .object({
      /** Column whose duplicate values (with different rows) are listed in the quality report. */
      duplicateKey: z.string().optional(),
      /** More rejected rows than this share of the rows read publishes nothing. */
      maxRejectedRatio: z.number().min(0).max(0.5).default(0.01),
      /**
       * Rows in which the identifier gate finds something are withheld (the rest publish); more
       * than this share of the rows read publishes nothing.
       */
      maxWithheldRatio: z.number().min(0).max(0.05).default(0.001),
    })
    .prefault({}),
});

const aggregate = z.object({
  ...common,
  /** Person-level source: published only as count tables over fixed grids, with disclosure control. */
  kind: z.literal('aggregate'),
  dimensions: z.array(dimension).min(1),
  tables: z.array(z.object({ id: z.string().regex(kebab), title: localized, dimensions: z.array(z.string()).min(1) })).min(1),
  disclosure: z
    .object({
      /** Published counts are 0 or ≥ k (US CMS: no cell of 1–10); configurable upward, never below 5. */
      k: z.number().int().min(MIN_K, `k is never below ${MIN_K}`).default(DEFAULT_K),
    })
    .prefault({}),
  /**
   * How versions follow one another, so that the difference of any two versions is itself safe
   * to publish (an attacker keeps every version). Every table starts with the `period` dimension.
   */
  release: z.discriminatedUnion('kind', [
    /**
     * Event data (births, deaths, cases): counted by reporting period (the registration or
     * notification date), each period published once, after it has closed plus `lagDays`, and
     * never revised in place; a later version only adds periods. A record registered late counts
     * in the period of its registration.
     */
    z.object({
      kind: z.literal('event'),
      /** A month, year or iso-week dimension read from the registration or notification date. */
      period: z.string(),
      /** The first period published, written as the dimension writes it (`2025-01`, `2025`, `2025-W01`). */
      first: z.string(),
      lagDays: z.number().int().min(0).max(366),
    }),
    /**
     * A register's state (certificates, insurance cards): one snapshot per period of a `snapshot`
     * dimension, every count rounded to a multiple of `roundingBase` (≥ k), so that the difference
     * of two snapshots is a multiple of it too and a published 0 means "fewer than base/2".
     */
    z.object({ kind: z.literal('snapshot'), period: z.string(), roundingBase: z.number().int().min(MIN_K) }),
  ]),
  /**
   * The dimension whose value is the secret of each person counted (cause of death, disease,
   * certificate status, …): no published group may show that all its members share one value of it.
   */
  sensitiveDimension: z.string(),
  quality: z.object({ maxRejectedRatio: z.number().min(0).max(0.5).default(0.01) }).prefault({}),
  /**
   * Where a run counts the records: `single`, one publish function reads every export; `distributed`,
   * a Step Functions state machine counts each landing partition in its own function and one
   * publish tabulates the sums (for sources that outgrow one function). Same files either way.
   */
  execution: z.enum(['single', 'distributed']).default('single'),
});

/** Classes a dimension may aggregate: never a secret of a business or the state. */
const AGGREGATABLE: readonly FieldClass[] = ['open', 'personal', 'private-secret', 'family-secret'];

export const datasetDefinitionSchema = z.discriminatedUnion('kind', [registry, aggregate]).superRefine((def, ctx) => {
  const fields = new Map(def.fields.map((f) => [f.name, f]));
  if (fields.size !== def.fields.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'duplicate source field name' });
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  if (def.kind === 'registry') {
    const columns = new Set(def.columns.map((c) => c.name));
    if (columns.size !== def.columns.length) issue(['columns'], 'duplicate column name');
    def.columns.forEach((column, i) => {
      const used = column.source.kind === 'province' ? column.source.addressField : column.source.field;
      const field = fields.get(used);
      if (!field) issue(['columns', i, 'source'], `uses "${used}", which is not a declared source field`);
      // Fail closed at load time: a non-open field can never feed a published row.
      else if (field.class !== 'open')
        issue(['columns', i, 'source'], `uses "${used}", classified ${field.class}: only open fields may be published`);
      const expectedType = column.source.kind === 'date' ? 'date' : 'string';
      if (column.type !== expectedType) issue(['columns', i, 'type'], `a ${column.source.kind} column has type ${expectedType}`);
    });
    def.sortBy.forEach((key, i) => {
      if (!columns.has(key)) issue(['sortBy', i], `"${key}" is not an output column`);
    });
    def.chartBy.forEach((key, i) => {
      if (!columns.has(key)) issue(['chartBy', i], `"${key}" is not an output column`);
    });
    def.searchBy.forEach((key, i) => {
      if (!columns.has(key)) issue(['searchBy', i], `"${key}" is not an output column`);
    });
    const duplicateKey = def.quality.duplicateKey;
    if (duplicateKey !== undefined && !columns.has(duplicateKey))
      issue(['quality', 'duplicateKey'], `"${duplicateKey}" is not an output column`);
    def.identifierAllow.forEach((allow, i) => {
      if (!columns.has(allow.column)) issue(['identifierAllow', i, 'column'], `"${allow.column}" is not an output column`);
    });
    return;
  }

  const names = new Set(def.dimensions.map((d) => d.name));
  if (names.size !== def.dimensions.length) issue(['dimensions'], 'duplicate dimension name');
  def.dimensions.forEach((dim, i) => {
    for (const used of dimensionFields(dim.source)) {
      const field = fields.get(used);
      if (!field) issue(['dimensions', i, 'source'], `uses "${used}", which is not a declared source field`);
      else if (!AGGREGATABLE.includes(field.class))
        issue(['dimensions', i, 'source'], `uses "${used}", classified ${field.class}: it may not be aggregated`);
    }
    if ('bands' in dim.source && dim.source.bands.some((b, j, all) => j > 0 && b <= all[j - 1]!)) {
      issue(['dimensions', i, 'source', 'bands'], 'bands must be ascending lower bounds');
    }
  });
  def.tables.forEach((table, i) => {
    table.dimensions.forEach((d, j) => {
      if (!names.has(d)) issue(['tables', i, 'dimensions', j], `"${d}" is not a dimension`);
    });
    // Periods are published whole and once: a table without the period would mix them.
    if (table.dimensions[0] !== def.release.period)
      issue(['tables', i, 'dimensions', 0], `every table starts with the release period "${def.release.period}"`);
  });
  const period = def.dimensions.find((d) => d.name === def.release.period);
  const periodKinds = def.release.kind === 'event' ? ['month', 'year', 'iso-week'] : ['snapshot'];
  if (!period || !periodKinds.includes(period.source.kind)) {
    issue(['release', 'period'], `names a dimension of kind ${periodKinds.join(' or ')}`);
  } else if (def.release.kind === 'event' && !PERIOD_FORMAT[period.source.kind as 'month' | 'year' | 'iso-week'].test(def.release.first)) {
    issue(['release', 'first'], `"${def.release.first}" is not a ${period.source.kind} as the dimension writes it`);
  }
  if (def.release.kind === 'snapshot' && def.release.roundingBase < def.disclosure.k)
    issue(['release', 'roundingBase'], `the rounding base is at least k (${def.disclosure.k})`);
  def.dimensions.forEach((dim, i) => {
    if (dim.source.kind === 'snapshot' && dim.name !== def.release.period)
      issue(['dimensions', i], 'a snapshot dimension is the release period');
    if (dim.source.kind !== 'group') return;
    const of = dim.source.of;
    const base = def.dimensions.find((d) => d.name === of);
    const codes =
      base?.source.kind === 'category'
        ? base.source.categories.map((c) => c.code)
        : base?.source.kind === 'icd10-chapter'
          ? ICD10_CHAPTERS
          : undefined;
    if (!codes) {
      issue(['dimensions', i, 'source', 'of'], 'groups the categories of a category or icd10-chapter dimension');
      return;
    }
    const members = dim.source.groups.flatMap((g) => g.members);
    if ([...codes].sort().join() !== [...members].sort().join())
      issue(['dimensions', i, 'source', 'groups'], `puts every code of "${of}" in exactly one group`);
  });
  const sensitive = def.dimensions.find((d) => d.name === def.sensitiveDimension);
  if (!sensitive) issue(['sensitiveDimension'], `"${def.sensitiveDimension}" is not a dimension`);
  else if (sensitive.name === def.release.period || sensitive.source.kind === 'province')
    issue(['sensitiveDimension'], 'is an attribute of the persons counted, not the period or the province');
  else if (sensitive.source.kind === 'group')
    issue(['sensitiveDimension'], 'names the finest categories (not a group dimension): tables may show groups of it');
  if (new Set(def.tables.map((t) => t.id)).size !== def.tables.length) issue(['tables'], 'duplicate table id');
});

/** How each period dimension writes a period (a month: also a landing month folder, a generator's month). */
export const PERIOD_FORMAT = { month: /^\d{4}-(0[1-9]|1[0-2])$/, year: /^\d{4}$/, 'iso-week': /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/ } as const;

/** WHO ICD-10 (2019) chapters, as the icd10-chapter dimension writes them. */
const ICD10_CHAPTERS = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
  'XVI',
  'XVII',
  'XVIII',
  'XIX',
  'XX',
  'XXI',
  'XXII',
];

export function dimensionFields(source: DimensionSource): string[] {
  if (source.kind === 'snapshot' || source.kind === 'group') return [];
  return source.kind === 'age-band' ? [source.birthField, source.atField] : [source.field];
}

export type DatasetDefinitionInput = z.input<typeof datasetDefinitionSchema>;
export type DatasetDefinition = z.output<typeof datasetDefinitionSchema>;
export type RegistryDefinition = Extract<DatasetDefinition, { kind: 'registry' }>;
export type AggregateDefinition = Extract<DatasetDefinition, { kind: 'aggregate' }>;

/** Dataset files declare plain data; this parses and checks them. */
export function defineDataset(input: DatasetDefinitionInput): DatasetDefinition {
  const parsed = datasetDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const id = typeof input === 'object' && input && 'id' in input ? String(input.id) : '?';
    throw new Error(`Dataset definition "${id}" is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
