import { ConcurrentPublishError } from '../errors.ts';
import type { DatasetMetadata, DatasetRecord, VersionRecord, Withdrawal } from '../catalog/model.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';

/**
 * The catalog in memory, for unit tests: the same answers as DynamoDbCatalogStore on DynamoDB
 * (or dynalite), without a server. test/integration/store-contract.test.ts runs the same checks
 * against both, so the two cannot drift apart. Imports no AWS SDK; never used in production.
 *
 * What it mirrors: datasets listed by id, versions by version id (DynamoDB's sort-key order);
 * the same conditional writes, failing with ConcurrentPublishError where the DynamoDB adapter
 * does (markPublished on a missing version fails as DynamoDB's ConditionalCheckFailedException);
 * records stored and returned as copies without `undefined` values (removeUndefinedValues).
 */
export class MemoryCatalogStore implements CatalogStore {
  private readonly datasets = new Map<string, Record<string, unknown>>();
  private readonly versions = new Map<string, Map<string, VersionRecord>>();

  /** A catalog holding these records, as if they had been written through the port. */
  static of(entries: { datasets?: DatasetRecord[]; versions?: VersionRecord[] } = {}): MemoryCatalogStore {
    const store = new MemoryCatalogStore();
    for (const d of entries.datasets ?? []) store.datasets.set(d.id, { ...copy(d), listed: true });
    for (const v of entries.versions ?? []) store.versionsOf(v.datasetId).set(v.version, copy(v));
    return store;
  }

  async listDatasets(): Promise<DatasetRecord[]> {
    return [...this.datasets.values()]
      .filter((d) => d.listed)
      .sort((a, b) => compare(String(a.id), String(b.id)))
      .map(toDataset);
  }

  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    const item = this.datasets.get(id);
    return item ? toDataset(item) : undefined;
  }

  async saveDatasetMetadata(metadata: DatasetMetadata, now: string): Promise<void> {
    const item = this.datasets.get(metadata.id) ?? {};
    this.datasets.set(metadata.id, {
      ...item,
      id: metadata.id,
      metadata: copy(metadata),
      listed: true,
      createdAt: item.createdAt ?? now,
      updatedAt: item.updatedAt ?? now,
    });
  }

  async listVersions(datasetId: string): Promise<VersionRecord[]> {
    return [...(this.versions.get(datasetId)?.values() ?? [])].sort((a, b) => compare(a.version, b.version)).map(copy);
  }

  async getVersion(datasetId: string, version: string): Promise<VersionRecord | undefined> {
    const record = this.versions.get(datasetId)?.get(version);
    return record ? copy(record) : undefined;
  }

  async stageVersion(version: VersionRecord): Promise<void> {
    const versions = this.versionsOf(version.datasetId);
    if (versions.has(version.version)) {
      throw new ConcurrentPublishError(`version ${version.version} of ${version.datasetId} already exists`);
    }
    versions.set(version.version, copy(version));
  }

  async moveLatest(datasetId: string, expected: string | undefined, version: VersionRecord, now: string): Promise<void> {
    const item = this.datasets.get(datasetId);
    const holds = expected === undefined ? item !== undefined && item.latestVersion === undefined : item?.latestVersion === expected;
    if (!holds || !item) {
      throw new ConcurrentPublishError(`the latest version of ${datasetId} changed during this run (expected ${expected ?? 'none'})`);
    }
    Object.assign(item, { latestVersion: version.version, latestContentHash: version.contentHash, updatedAt: now, changedAt: now });
  }

  async markPublished(datasetId: string, version: string, publishedAt: string): Promise<void> {
    const record = this.versions.get(datasetId)?.get(version);
    if (!record) throw conditionalCheckFailed();
    record.state = 'published';
    record.publishedAt ??= publishedAt;
  }

  async markWithdrawn(datasetId: string, version: string, withdrawal: Withdrawal): Promise<void> {
    const record = this.versions.get(datasetId)?.get(version);
    if (!record || (record.state !== 'published' && record.state !== 'withdrawn')) {
      throw new ConcurrentPublishError(`version ${version} of ${datasetId} is not a published version`);
    }
    record.state = 'withdrawn';
    record.withdrawal ??= copy(withdrawal);
    // An unconditional update: DynamoDB creates the item if it is missing.
    const item = this.datasets.get(datasetId) ?? {};
    this.datasets.set(datasetId, Object.assign(item, { changedAt: withdrawal.at }));
  }

  async markPurged(datasetId: string, version: string, at: string): Promise<void> {
    const record = this.versions.get(datasetId)?.get(version);
    if (!record || record.state !== 'withdrawn' || !record.withdrawal) {
      throw new ConcurrentPublishError(`version ${version} of ${datasetId} is not withdrawn`);
    }
    record.withdrawal.purgedAt ??= at;
  }

  async moveLatestBack(datasetId: string, expected: string, to: VersionRecord | undefined, now: string): Promise<void> {
    const item = this.datasets.get(datasetId);
    if (!item || item.latestVersion !== expected) {
      throw new ConcurrentPublishError(`the latest version of ${datasetId} changed during the withdrawal (expected ${expected})`);
    }
    if (to) {
      Object.assign(item, { latestVersion: to.version, latestContentHash: to.contentHash, updatedAt: now, changedAt: now });
    } else {
      Object.assign(item, { updatedAt: now, changedAt: now });
      delete item.latestVersion;
      delete item.latestContentHash;
    }
  }

  async deleteVersion(datasetId: string, version: string): Promise<void> {
    this.versions.get(datasetId)?.delete(version);
  }

  private versionsOf(datasetId: string): Map<string, VersionRecord> {
    let versions = this.versions.get(datasetId);
    if (!versions) this.versions.set(datasetId, (versions = new Map()));
    return versions;
  }
}

/** A stored copy: plain data only, `undefined` values dropped (as the DynamoDB adapter stores it). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** DynamoDB orders string sort keys by their UTF-8 bytes. */
const compare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function toDataset(item: Record<string, unknown>): DatasetRecord {
  const { listed: _listed, ...rest } = copy(item);
  return rest as unknown as DatasetRecord;
}

function conditionalCheckFailed(): Error {
  const error = new Error('The conditional request failed');
  error.name = 'ConditionalCheckFailedException';
  return error;
}
