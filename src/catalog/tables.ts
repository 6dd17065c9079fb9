import type { DatasetDefinition, Dimension, Localized } from '../policy/dataset-definition.ts';

export interface TableColumn {
  name: string;
  type: 'string' | 'date' | 'integer';
  title: Localized;
  description: Localized;
}

/** A published table of a dataset: its file stem (`<dataset>` for a registry, `<dataset>-<table>` for an aggregate), title and columns. */
export interface TableSchema {
  name: string;
  title?: Localized;
  columns: TableColumn[];
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
  return definition.tables.map((table) => ({
    name: `${definition.id}-${table.id}`,
    title: table.title,
    columns: aggregateColumns(table.dimensions.map((d) => definition.dimensions.find((x) => x.name === d)!)),
  }));
}

/** Each dimension's code (and name), then the count and its status. */
export function aggregateColumns(dims: Dimension[]): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const dim of dims) {
    if (hasName(dim)) {
      columns.push({
        name: `${dim.name}_code`,
        type: 'string',
        title: { vi: `Mã: ${dim.title.vi}`, en: `${dim.title.en} code` },
        description: dim.description,
      });
      columns.push({ name: `${dim.name}_name`, type: 'string', title: dim.title, description: dim.description });
    } else {
      columns.push({ name: dim.name, type: 'string', title: dim.title, description: dim.description });
    }
  }
  columns.push(
    {
      name: 'count',
      type: 'integer',
      title: { vi: 'Số lượng', en: 'Count' },
      description: {
        vi: 'Số người; để trống khi bị ẩn để bảo vệ dữ liệu cá nhân (xem count_status)',
        en: 'Number of persons; empty when suppressed to protect personal data (see count_status)',
      },
    },
    {
      name: 'count_status',
      type: 'string',
      title: { vi: 'Trạng thái số liệu', en: 'Count status' },
      description: {
        vi: '"published": được công bố; "suppressed": bị ẩn vì nhỏ hơn ngưỡng hoặc vì từ nó có thể suy ra một số nhỏ; "rounded": làm tròn đến bội số gần nhất của cơ số (xem quy tắc của tập dữ liệu)',
        en: '"published": shown; "suppressed": hidden because it is below the threshold or would let a small count be derived; "rounded": rounded to the nearest multiple of the base (see the dataset’s rule)',
      },
    },
  );
  return columns;
}
