import type { DatasetDefinition } from '../src/policy/dataset-definition.ts';
import medicalFacilities from './medical-facilities/definition.ts';

/** Every published dataset. Adding one: a folder with definition.ts and sample/, then a line here. */
export const datasetDefinitions: readonly DatasetDefinition[] = [medicalFacilities];

export function findDataset(id: string): DatasetDefinition | undefined {
  return datasetDefinitions.find((d) => d.id === id);
}

/** Where a dataset's sample export lives (seeded into the landing bucket by the local stack). */
export const sampleDir = (id: string): string => `${import.meta.dirname}/${id}/sample`;
