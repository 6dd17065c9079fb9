import type { AggregateDefinition, ColumnSource, DatasetDefinition, Dimension, Localized } from '../policy/dataset-definition.ts';
import { bandLabels } from '../policy/bands.ts';
import { loadIcd10Chapters } from '../reference/icd10.ts';
import { loadProvinces } from '../reference/provinces.ts';

/** What every value of a column satisfies (Frictionless Table Schema `constraints`). */
export interface ColumnConstraints {
  required?: true;
  /** The codes a dimension may take. */
  enum?: string[];
  /** A period code's shape, e.g. `^\d{4}-(0[1-9]|1[0-2])$` for a month. */
  pattern?: string;
  minimum?: number;
}

export interface TableColumn {
  name: string;
  type: 'string' | 'date' | 'integer';
  title: Localized;
  description: Localized;
  constraints?: ColumnConstraints;
}

/** A published table of a dataset: its file stem (`<dataset>` for a registry, `<dataset>-<table>` for an aggregate), title and columns. */
export interface TableSchema {
  name: string;
  title?: Localized;
  columns: TableColumn[];
  /** Aggregates: the dimension codes, one row per combination. */
  primaryKey?: string[];
}

export const hasName = (dim: Dimension): boolean => ['province', 'category', 'icd10-chapter', 'group'].includes(dim.source.kind);

/** The tables a definition publishes: one for a registry, one per declared table for an aggregate. */
export function datasetTables(definition: DatasetDefinition): TableSchema[] {
  if (definition.kind === 'registry') {
    return [
      {
        name: definition.id,
        columns: definition.columns.map(({ name, type, title, description, source }) => ({
          name,
          type,
          title,
          description,
          // A register's province: one of the provinces in force, or empty when no address names one.
          ...(source.kind === 'province'
            ? { constraints: { enum: loadProvinces().map((p) => (source.part === 'code' ? p.code : p.name)) } }
            : alwaysHeld(definition, source)
              ? { constraints: { required: true as const } }
              : {}),
        })),
      },
    ];
  }
  return definition.tables.map((table) => {
    const dims = table.dimensions.map((d) => definition.dimensions.find((x) => x.name === d)!);
    return {
      name: `${definition.id}-${table.id}`,
      title: table.title,
      columns: aggregateColumns(dims, definition.release.kind),
      primaryKey: dims.map((dim) => (hasName(dim) ? `${dim.name}_code` : dim.name)),
    };
  });
}

/**
 * A register column every published row holds: its source field is required (a row without it is
 * rejected), and, for a date, no value of the field reads as "unknown" (those publish empty).
 */
function alwaysHeld(definition: DatasetDefinition, source: ColumnSource): boolean {
  if (source.kind === 'province') return false;
  const field = definition.fields.find((f) => f.name === source.field);
  return field?.required === true && (source.kind !== 'date' || source.unknown.length === 0);
}

const PERIOD_PATTERNS = {
  month: '^\\d{4}-(0[1-9]|1[0-2])$',
  quarter: '^\\d{4}-Q[1-4]$',
  year: '^\\d{4}$',
  'iso-week': '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$',
};

/** A category of a dimension: its code, and for a named dimension the name its `_name` column holds. */
export interface DimensionCategory {
  code: string;
  name?: string;
}

/**
 * The fixed categories of a dimension, in grid order (the aggregate counts over them, the data
 * package lists them); undefined for a period, which comes from the release calendar instead.
 */
export function dimensionCategories(
  dim: Dimension,
  provinces: readonly { code: string; name: string }[] = loadProvinces(),
): DimensionCategory[] | undefined {
  const source = dim.source;
  switch (source.kind) {
    case 'province':
      return provinces.map((p) => ({ code: p.code, name: p.name }));
    case 'category':
      return source.categories.map((c) => ({ code: c.code, name: c.label.vi }));
    case 'icd10-chapter':
      return loadIcd10Chapters().map((c) => ({ code: c.chapter, name: c.vi }));
    case 'age-band':
    case 'value-band':
      return bandLabels(source.bands).map((code) => ({ code }));
    case 'group':
      return source.groups.map((g) => ({ code: g.code, name: g.label.vi }));
    case 'month':
    case 'year':
    case 'iso-week':
    case 'snapshot':
      return undefined;
  }
}

/** What a dimension's code column may hold: its categories, or a period's shape. */
function codeConstraints(dim: Dimension, categories: DimensionCategory[] | undefined): ColumnConstraints {
  if (categories) return { required: true, enum: categories.map((c) => c.code) };
  const source = dim.source;
  const shape = source.kind === 'snapshot' ? source.cadence : source.kind;
  return { required: true, pattern: PERIOD_PATTERNS[shape as keyof typeof PERIOD_PATTERNS] };
}

/** Each dimension's code (and name), then the count and its status. */
export function aggregateColumns(dims: Dimension[], release: AggregateDefinition['release']['kind']): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const dim of dims) {
    const categories = dimensionCategories(dim);
    const constraints = codeConstraints(dim, categories);
    if (hasName(dim)) {
      columns.push({
        name: `${dim.name}_code`,
        type: 'string',
        title: { vi: `Mã: ${dim.title.vi}`, en: `${dim.title.en} code` },
        description: dim.description,
        constraints,
      });
      columns.push({
        name: `${dim.name}_name`,
        type: 'string',
        title: dim.title,
        description: dim.description,
        constraints: { required: true, enum: (categories ?? []).map((c) => c.name ?? c.code) },
      });
    } else {
      columns.push({ name: dim.name, type: 'string', title: dim.title, description: dim.description, constraints });
    }
  }
  columns.push(
    {
      name: 'count',
      type: 'integer',
      constraints: { minimum: 0 },
      title: { vi: 'Số lượng', en: 'Count' },
      description: {
        vi: 'Số người; để trống khi bị ẩn để bảo vệ dữ liệu cá nhân (xem count_status)',
        en: 'Number of persons; empty when suppressed to protect personal data (see count_status)',
      },
    },
    {
      name: 'count_status',
      type: 'string',
      constraints: { required: true, enum: release === 'snapshot' ? ['rounded'] : ['published', 'suppressed'] },
      title: { vi: 'Trạng thái số liệu', en: 'Count status' },
      description: {
        vi: '"published": được công bố; "suppressed": bị ẩn vì nhỏ hơn ngưỡng hoặc vì từ nó có thể suy ra một số nhỏ; "rounded": làm tròn đến bội số gần nhất của cơ số (xem quy tắc của tập dữ liệu)',
        en: '"published": shown; "suppressed": hidden because it is below the threshold or would let a small count be derived; "rounded": rounded to the nearest multiple of the base (see the dataset’s rule)',
      },
    },
  );
  return columns;
}
