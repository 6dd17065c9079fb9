/**
 * The synthetic-export generators, by dataset id, and what they share: seeded randomness
 * (random.ts), provinces and places (geo.ts), names (names.ts), identifiers and canaries
 * (identifiers.ts), people (people.ts), ICD-10 codes (icd10.ts: causes of death; diagnoses.ts: main
 * diagnoses of encounters by care type), serialisation (writer.ts).
 *
 *   npx tsx scripts/generate.ts <dataset-id> --rows N --seed S [--out file] [--canaries] [--province CODE --month YYYY-MM]
 */
import { join } from 'node:path';
import { generator as births } from '../births/generator.ts';
import { generator as deaths } from '../deaths/generator.ts';
import { generator as healthCareEncounters } from '../health-care-encounters/generator.ts';
import { generator as healthInsuranceCoverage } from '../health-insurance-coverage/generator.ts';
import { generator as healthWorkforce } from '../health-workforce/generator.ts';
import { generator as medicalDevices } from '../medical-devices/generator.ts';
import { generator as medicalFacilities } from '../medical-facilities/generator.ts';
import { generator as notifiableDiseases } from '../notifiable-diseases/generator.ts';
import { generator as registeredMedicines } from '../registered-medicines/generator.ts';
import type { DatasetGenerator, SampleSpec } from './types.ts';

export type { DatasetGenerator, ExportFormat, GeneratorOptions, SampleSpec, SourceRecord } from './types.ts';
export { sampleOptions, sampleSpecs } from './types.ts';
export { exportChunks, exportToString, formatOf, writeExport, type ExportStats } from './writer.ts';

export const generators: readonly DatasetGenerator[] = [
  registeredMedicines,
  medicalDevices,
  healthWorkforce,
  births,
  deaths,
  notifiableDiseases,
  healthInsuranceCoverage,
  medicalFacilities,
  healthCareEncounters,
];

export function findGenerator(id: string): DatasetGenerator | undefined {
  return generators.find((g) => g.id === id);
}

/** Where a dataset's sample export is written (`datasets/<id>/sample/<file>`). */
export const samplePath = (g: DatasetGenerator & { sample: NonNullable<DatasetGenerator['sample']> }): string => sampleFile(g, g.sample);

/** Where one of a generator's sample exports is written. */
export const sampleFile = (g: DatasetGenerator, spec: SampleSpec): string => join(import.meta.dirname, '..', g.id, 'sample', spec.file);
