import type { AggregateDefinition, DatasetDefinition, Dimension, Localized } from '../policy/dataset-definition.ts';
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
        columns: definition.columns.map(({ name, type, title, description }) => ({ name, type, title, description })),
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

const PERIOD_PATTERNS = {
  month: '^\\d{4}-(0[1-9]|1[0-2])$',
  quarter: '^\\d{4}-Q[1-4]$',
  year: '^\\d{4}$',
  'iso-week': '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$',
};

/** The names a named dimension's `_name` column holds (the published tables write these). */
function nameConstraints(dim: Dimension): ColumnConstraints {
  const source = dim.source;
  switch (source.kind) {
    case 'province':
      return { required: true, enum: loadProvinces().map((p) => p.name) };
    case 'category':
      return { required: true, enum: source.categories.map((c) => c.label.vi) };
    case 'group':
      return { required: true, enum: source.groups.map((g) => g.label.vi) };
    case 'icd10-chapter':
      return { required: true, enum: loadIcd10Chapters().map((c) => c.vi) };
    default:
      return { required: true };
  }
}

/** The values a dimension's code column may hold: its categories, or a period's shape. */
function codeConstraints(dim: Dimension): ColumnConstraints {
  const source = dim.source;
  switch (source.kind) {
    case 'province':
      return { required: true, enum: loadProvinces().map((p) => p.code) };
    case 'category':
      return { required: true, enum: source.categories.map((c) => c.code) };
    case 'group':
      return { required: true, enum: source.groups.map((g) => g.code) };
    case 'icd10-chapter':
      return { required: true, enum: loadIcd10Chapters().map((c) => c.chapter) };
    case 'age-band':
    case 'value-band':
      return { required: true, enum: bandLabels(source.bands) };
    case 'month':
    case 'year':
    case 'iso-week':
      return { required: true, pattern: PERIOD_PATTERNS[source.kind] };
    case 'snapshot':
      return { required: true, pattern: PERIOD_PATTERNS[source.cadence] };
  }
}

/** Each dimension's code (and name), then the count and its status. */
export function aggregateColumns(dims: Dimension[], release: AggregateDefinition['release']['kind']): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const dim of dims) {
    const constraints = codeConstraints(dim);
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
        constraints: nameConstraints(dim),
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
