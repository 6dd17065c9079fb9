import { v5 as uuidv5 } from 'uuid';
import { DATASET_ID_PATTERN } from '../policy/dataset-definition.ts';

/** Our namespace for name-based (v5) UUIDs: stable across runs, machines and deployments. */
const NAMESPACE = uuidv5('https://data.moh.gov.vn/open-health-data', uuidv5.URL);

/** The stable UUID of a dataset, a version's resource, an organisation… (CKAN, DCAT identifiers). */
export const stableUuid = (...parts: string[]): string => uuidv5(parts.join('/'), NAMESPACE);

/** Dataset ids as definitions allow them: anything else names no dataset (and never reaches the store). */
export const isDatasetId = (id: string): boolean => DATASET_ID_PATTERN.test(id);
