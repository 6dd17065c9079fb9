import { z } from 'zod';
import { CATEGORY_NUMBERS, FIELD_CLASSES, type CategoryNumber } from './decree-102.ts';

const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;

const sqlIdentifier = /^[a-z][a-z0-9_]*$/;

const sourceField = z.object({
  /** The header exactly as the source system writes it. */
  name: z.string().min(1),
  class: z.enum(FIELD_CLASSES),
  description: localized,
  /** Header must be present and every row must hold a value. */
  required: z.boolean().default(false),
});

/** How an output column's value is computed from the source. Each kind has one SQL twin in src/pipeline/transforms.ts. */
const columnSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    field: z.string(),
  }),
  z.object({
    /** Register numbers: upper case, look-alike letters folded, spaces around separators removed. */
    kind: z.literal('code'),
    field: z.string(),
  }),
  z.object({
    kind: z.literal('date'),
    field: z.string(),
    /** strptime formats tried in order. */
    formats: z.array(z.string().min(2)).min(1),
    /** Values that mean "unknown" in real exports (e.g. `None`, a `2000-01-01` placeholder). */
    unknown: z.array(z.string()).default([]),
  }),
  z.object({
    /** Province of the row: the landing folder's code, else the one named last in an address. */
    kind: z.literal('province'),
    part: z.enum(['code', 'name']),
    addressField: z.string(),
  }),
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

export const datasetDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case kebab id'),
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
      format: z.literal('csv'),
      delimiter: z.string().length(1).default(','),
    }),
    /** EventBridge Scheduler expression, evaluated in Asia/Ho_Chi_Minh. */
    schedule: z.string().regex(/^(cron|rate)\(.+\)$/),
    updateFrequency: localized,
    fields: z.array(sourceField).min(1),
    columns: z.array(outputColumn).min(1),
    /** Output order, so that the same input gives byte-identical files. */
    sortBy: z.array(z.string()).min(1),
    quality: z
      .object({
        /** Column whose duplicate values (with different rows) are listed in the quality report. */
        duplicateKey: z.string().optional(),
        /** More rejected rows than this share of the rows read publishes nothing. */
        maxRejectedRatio: z.number().min(0).max(0.5).default(0.01),
      })
      .prefault({}),
  })
  .superRefine((def, ctx) => {
    const fields = new Map(def.fields.map((f) => [f.name, f]));
    if (fields.size !== def.fields.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'duplicate source field name' });
    const columns = new Set(def.columns.map((c) => c.name));
    if (columns.size !== def.columns.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'duplicate column name' });

    def.columns.forEach((column, i) => {
      const used = column.source.kind === 'province' ? column.source.addressField : column.source.field;
      const field = fields.get(used);
      if (!field) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'source'], message: `uses "${used}", which is not a declared source field` });
      } else if (field.class !== 'open') {
        // Fail closed at load time: a non-open field can never feed a published column.
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'source'], message: `uses "${used}", classified ${field.class}: only open fields may be published` });
      }
      const expectedType = column.source.kind === 'date' ? 'date' : 'string';
      if (column.type !== expectedType) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'type'], message: `a ${column.source.kind} column has type ${expectedType}` });
      }
    });
    def.sortBy.forEach((key, i) => {
      if (!columns.has(key)) ctx.addIssue({ code: 'custom', path: ['sortBy', i], message: `"${key}" is not an output column` });
    });
    const duplicateKey = def.quality.duplicateKey;
    if (duplicateKey !== undefined && !columns.has(duplicateKey)) {
      ctx.addIssue({ code: 'custom', path: ['quality', 'duplicateKey'], message: `"${duplicateKey}" is not an output column` });
    }
  });

export type DatasetDefinitionInput = z.input<typeof datasetDefinitionSchema>;
export type DatasetDefinition = z.output<typeof datasetDefinitionSchema>;

/** Dataset files declare plain data; this parses and checks them. */
export function defineDataset(input: DatasetDefinitionInput): DatasetDefinition {
  const parsed = datasetDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const id = typeof input === 'object' && input && 'id' in input ? String(input.id) : '?';
    throw new Error(`Dataset definition "${id}" is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
