import type { DatasetDefinition } from '../../policy/dataset-definition.ts';
import { aggregateKind } from './aggregate.ts';
import type { DatasetKind } from './kind.ts';
import { registryKind } from './registry.ts';

export type { BuildInput, DatasetKind } from './kind.ts';

/** The one place that looks at a definition's kind. */
export const kindOf = (definition: DatasetDefinition): DatasetKind =>
  definition.kind === 'registry' ? registryKind(definition) : aggregateKind(definition);
