import { dimensionFields, type DatasetDefinition } from '../policy/dataset-definition.ts';
import { CATEGORIES, DECREE, isPublishable, strippedReason, type CategoryNumber } from '../policy/decree-102.ts';
import type { DatasetMetadata, StrippedField } from './model.ts';
import { datasetTables } from './tables.ts';

/** The public description of a dataset, as the catalog stores and serves it. */
export function datasetMetadata(definition: DatasetDefinition): DatasetMetadata {
  return {
    id: definition.id,
    title: definition.title,
    description: definition.description,
    keywords: definition.keywords,
    categories: definition.decree.categories.map((n) => ({ number: n, ...CATEGORIES[n as CategoryNumber] })),
    scope: definition.decree.scope,
    legalBasis: { id: DECREE.id, title: DECREE.title },
    licence: definition.licence,
    publisher: definition.publisher,
    source: definition.source.name,
    updateFrequency: definition.updateFrequency,
    kind: definition.kind,
    tables: datasetTables(definition),
    disclosureK: definition.kind === 'aggregate' ? definition.disclosure.k : undefined,
    closedFields: closedFields(definition),
  };
}

/**
 * Every classified source field that never reaches the output row by row, with the provision that
 * keeps it closed; for an aggregate, the dimensions it is counted by, if any.
 */
export function closedFields(definition: DatasetDefinition): StrippedField[] {
  return definition.fields
    .filter((f) => !isPublishable(f.class))
    .map((f) => {
      const { provision, vi, en } = strippedReason(f.class);
      const countedAs =
        definition.kind === 'aggregate'
          ? definition.dimensions.filter((d) => dimensionFields(d.source).includes(f.name)).map((d) => d.name)
          : [];
      return { field: f.name, class: f.class, provision, reason: { vi, en }, ...(countedAs.length ? { countedAs } : {}) };
    });
}
