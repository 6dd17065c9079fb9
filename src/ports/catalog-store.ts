import type { DatasetMetadata, DatasetRecord, VersionRecord, Withdrawal } from '../catalog/model.ts';

/**
 * The catalog. The only production implementation is DynamoDB (src/adapters/dynamodb-catalog-store.ts);
 * locally it talks to dynalite. Unit tests use MemoryCatalogStore (src/adapters/memory-catalog-store.ts),
 * held to the same behaviour by test/integration/store-contract.test.ts.
 */
export interface CatalogStore {
  listDatasets(): Promise<DatasetRecord[]>;
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  /** Creates the dataset item if missing and refreshes its public metadata; never touches the latest pointer. */
  saveDatasetMetadata(metadata: DatasetMetadata, now: string): Promise<void>;
  listVersions(datasetId: string): Promise<VersionRecord[]>;
  getVersion(datasetId: string, version: string): Promise<VersionRecord | undefined>;
  /** Records a staged version; fails with ConcurrentPublishError if that version id exists. */
  stageVersion(version: VersionRecord): Promise<void>;
  /**
   * The commit point: moves the dataset's latest pointer from `expected` (undefined: none yet) to
   * `version`, only if it still names `expected`. Throws ConcurrentPublishError otherwise.
   */
  moveLatest(datasetId: string, expected: string | undefined, version: VersionRecord, now: string): Promise<void>;
  markPublished(datasetId: string, version: string, publishedAt: string): Promise<void>;
  /** Turns a version into a tombstone (Art. 24.1); only a published or withdrawn version may be. */
  markWithdrawn(datasetId: string, version: string, withdrawal: Withdrawal): Promise<void>;
  /** Records on a tombstone that every stored copy of its files is erased; keeps the first date. Only a withdrawn version may be. */
  markPurged(datasetId: string, version: string, at: string): Promise<void>;
  /**
   * After a withdrawal of the latest version: points latest at `to` (or at nothing), only if it
   * still names `expected`. Throws ConcurrentPublishError otherwise.
   */
  moveLatestBack(datasetId: string, expected: string, to: VersionRecord | undefined, now: string): Promise<void>;
  deleteVersion(datasetId: string, version: string): Promise<void>;
}
