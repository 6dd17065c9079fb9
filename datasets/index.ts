import type { DatasetDefinition } from '../src/policy/dataset-definition.ts';
import births from './births/definition.ts';
import deaths from './deaths/definition.ts';
import healthCareEncounters from './health-care-encounters/definition.ts';
import healthInsuranceCoverage from './health-insurance-coverage/definition.ts';
import healthWorkforce from './health-workforce/definition.ts';
import medicalDevices from './medical-devices/definition.ts';
import medicalFacilities from './medical-facilities/definition.ts';
import notifiableDiseases from './notifiable-diseases/definition.ts';
import registeredMedicines from './registered-medicines/definition.ts';

/** Every published dataset. Adding one: a folder with definition.ts, generator.ts and sample/, then a line here. */
export const datasetDefinitions: readonly DatasetDefinition[] = [
  medicalFacilities,
  registeredMedicines,
  medicalDevices,
  healthWorkforce,
  births,
  deaths,
  notifiableDiseases,
  healthInsuranceCoverage,
  healthCareEncounters,
];

export function findDataset(id: string): DatasetDefinition | undefined {
  return datasetDefinitions.find((d) => d.id === id);
}

/** Where a dataset's sample export lives (seeded into the landing bucket by the local stack). */
export const sampleDir = (id: string): string => `${import.meta.dirname}/${id}/sample`;
