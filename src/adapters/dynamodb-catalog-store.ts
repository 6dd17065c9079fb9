import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentPublishError } from '../errors.ts';
import type { DatasetMetadata, DatasetRecord, VersionRecord, Withdrawal } from '../catalog/model.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';

/**
 * Single-table layout:
 *   dataset  pk=DATASET#<id>  sk=#DATASET          gsi1pk=DATASETS gsi1sk=<id>
 *   version  pk=DATASET#<id>  sk=VERSION#<version>
 * Every write that publishes is a conditional write (AWS and dynalite both honour them; dynalite
 * has no transactions).
 */
export const CATALOG_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: 'gsi1',
  indexPartitionKey: 'gsi1pk',
  indexSortKey: 'gsi1sk',
} as const;

const datasetKey = (id: string) => ({ pk: `DATASET#${id}`, sk: '#DATASET' });
const versionKey = (id: string, version: string) => ({ pk: `DATASET#${id}`, sk: `VERSION#${version}` });

export class DynamoDbCatalogStore implements CatalogStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listDatasets(): Promise<DatasetRecord[]> {
    const items = await this.queryAll({
      TableName: this.table,
      IndexName: CATALOG_KEYS.index,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'DATASETS' },
    });
    return items.map(toDataset);
  }

  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: datasetKey(id), ConsistentRead: true }));
    return Item ? toDataset(Item) : undefined;
  }

  async saveDatasetMetadata(metadata: DatasetMetadata, now: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: datasetKey(metadata.id),
        UpdateExpression:
          'SET #id = :id, metadata = :m, gsi1pk = :g, gsi1sk = :id, createdAt = if_not_exists(createdAt, :now), updatedAt = if_not_exists(updatedAt, :now)',
        ExpressionAttributeNames: { '#id': 'id' },
        ExpressionAttributeValues: { ':id': metadata.id, ':m': metadata, ':g': 'DATASETS', ':now': now },
      }),
    );
  }

  async listVersions(datasetId: string): Promise<VersionRecord[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': `DATASET#${datasetId}`, ':v': 'VERSION#' },
      ConsistentRead: true,
    });
    return items.map(toVersion);
  }

  async getVersion(datasetId: string, version: string): Promise<VersionRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: versionKey(datasetId, version), ConsistentRead: true }),
    );
    return Item ? toVersion(Item) : undefined;
  }

  async stageVersion(version: VersionRecord): Promise<void> {
    await this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: { ...versionKey(version.datasetId, version.version), ...version },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      `version ${version.version} of ${version.datasetId} already exists`,
    );
  }

  async moveLatest(datasetId: string, expected: string | undefined, version: VersionRecord, now: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: datasetKey(datasetId),
        UpdateExpression: 'SET latestVersion = :v, latestContentHash = :h, updatedAt = :now, changedAt = :now',
        ConditionExpression:
          expected === undefined ? 'attribute_exists(pk) AND attribute_not_exists(latestVersion)' : 'latestVersion = :expected',
        ExpressionAttributeValues: {
          ':v': version.version,
          ':h': version.contentHash,
          ':now': now,
          ...(expected === undefined ? {} : { ':expected': expected }),
        },
      }),
      `the latest version of ${datasetId} changed during this run (expected ${expected ?? 'none'})`,
    );
  }

  async markPublished(datasetId: string, version: string, publishedAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: versionKey(datasetId, version),
        UpdateExpression: 'SET #state = :published, publishedAt = if_not_exists(publishedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':published': 'published', ':at': publishedAt },
      }),
    );
  }

  async markWithdrawn(datasetId: string, version: string, withdrawal: Withdrawal): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: versionKey(datasetId, version),
        UpdateExpression: 'SET #state = :withdrawn, withdrawal = if_not_exists(withdrawal, :w)',
        ConditionExpression: 'attribute_exists(pk) AND #state IN (:published, :withdrawn)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':withdrawn': 'withdrawn', ':published': 'published', ':w': withdrawal },
      }),
      `version ${version} of ${datasetId} is not a published version`,
    );
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: datasetKey(datasetId),
        UpdateExpression: 'SET changedAt = :at',
        ExpressionAttributeValues: { ':at': withdrawal.at },
      }),
    );
  }

  async markPurged(datasetId: string, version: string, at: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: versionKey(datasetId, version),
        UpdateExpression: 'SET withdrawal.purgedAt = if_not_exists(withdrawal.purgedAt, :at)',
        ConditionExpression: 'attribute_exists(pk) AND #state = :withdrawn AND attribute_exists(withdrawal)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':withdrawn': 'withdrawn', ':at': at },
      }),
      `version ${version} of ${datasetId} is not withdrawn`,
    );
  }

  async moveLatestBack(datasetId: string, expected: string, to: VersionRecord | undefined, now: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: datasetKey(datasetId),
        UpdateExpression: to
          ? 'SET latestVersion = :v, latestContentHash = :h, updatedAt = :now, changedAt = :now'
          : 'SET updatedAt = :now, changedAt = :now REMOVE latestVersion, latestContentHash',
        ConditionExpression: 'latestVersion = :expected',
        ExpressionAttributeValues: { ':expected': expected, ':now': now, ...(to ? { ':v': to.version, ':h': to.contentHash } : {}) },
      }),
      `the latest version of ${datasetId} changed during the withdrawal (expected ${expected})`,
    );
  }

  async deleteVersion(datasetId: string, version: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: versionKey(datasetId, version) }));
  }

  private async conditional(command: PutCommand | UpdateCommand, message: string): Promise<void> {
    try {
      await this.client.send(command as PutCommand);
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') throw new ConcurrentPublishError(message);
      throw error;
    }
  }

  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function toDataset(item: Record<string, unknown>): DatasetRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as unknown as DatasetRecord;
}

function toVersion(item: Record<string, unknown>): VersionRecord {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as VersionRecord;
}
