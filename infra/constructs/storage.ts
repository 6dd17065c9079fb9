import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  type BucketProps,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RUNS_PREFIX } from '../../src/pipeline/distributed/state-machine.ts';

/** Public files live under `datasets/<id>/<version>/...`; CloudFront serves this path pattern. */
export const PUBLIC_PREFIX = 'datasets';

/** Never expires current versions: only cleans up uploads that never completed. */
const ABORT_INCOMPLETE_UPLOADS: LifecycleRule = {
  id: 'abort-incomplete-multipart-uploads',
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};

/** Settings every bucket of this stack shares. */
const SECURE_BUCKET: BucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * The three buckets: private landing (source exports, which hold personal data), public datasets
 * (served only through CloudFront, so it blocks public access too), and the log bucket (S3 server
 * access logs of both, and CloudFront's standard logs).
 */
export class DataBuckets extends Construct {
  public readonly accessLogs: Bucket;
  public readonly landing: Bucket;
  public readonly publicDatasets: Bucket;
  /**
   * Encrypts the landing bucket. Its key policy leaves administration to the account (IAM); the
   * publish roles get `kms:Decrypt` through S3 only, and whoever uploads exports needs
   * `kms:GenerateDataKey` on it (docs/deploy.md).
   */
  public readonly landingKey: Key;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // S3 server access logs only support SSE-S3 on the target bucket, and CloudFront standard
    // logging needs ACLs enabled on it (`BucketOwnerPreferred`: the bucket owner still owns the
    // objects). Logs are kept a little over a year; the log bucket does not log itself.
    this.accessLogs = new Bucket(this, 'AccessLogBucket', {
      ...SECURE_BUCKET,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [
        ABORT_INCOMPLETE_UPLOADS,
        { id: 'expire-old-logs', expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });

    this.landingKey = new Key(this, 'LandingKey', {
      description: 'Landing bucket (source exports with personal data) of the Vietnam health open data pipeline',
      enableKeyRotation: true,
      // Retained with the bucket: deleting the key would make the retained exports unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.landing = new Bucket(this, 'LandingBucket', {
      ...SECURE_BUCKET,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.landingKey,
      // One data key per bucket instead of one KMS call per object.
      bucketKeyEnabled: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'landing/',
      lifecycleRules: [
        ABORT_INCOMPLETE_UPLOADS,
        // Overwritten or deleted source exports stay recoverable for 90 days.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
        // A failed distributed run's partial counts (a finished run deletes its own).
        { id: 'expire-run-counts', prefix: RUNS_PREFIX, expiration: Duration.days(7), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });

    // Published data is a public record: every version is kept, current and noncurrent. Public
    // content needs no customer-managed key (see infra/nag.ts), and SSE-S3 keeps CloudFront's
    // origin access control free of KMS permissions.
    this.publicDatasets = new Bucket(this, 'PublicBucket', {
      ...SECURE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'public/',
      lifecycleRules: [ABORT_INCOMPLETE_UPLOADS],
      // Browsers reading Parquet with Range requests (hyparquet, DuckDB-Wasm) send a CORS
      // preflight; CloudFront forwards it here. Reads only, from anywhere: the data is open.
      cors: [
        {
          allowedMethods: [HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Last-Modified'],
          maxAge: Duration.days(1).toSeconds(),
        },
      ],
    });
  }
}

/** The catalog: single-table design, `pk`/`sk` plus one overloaded index `gsi1`. */
export class CatalogTable extends Table {
  public static readonly GSI1 = 'gsi1';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.addGlobalSecondaryIndex({
      indexName: CatalogTable.GSI1,
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /** The partition key value of every item of one dataset (`src/adapters/dynamodb-catalog-store.ts`). */
  public static datasetPartitionKey(datasetId: string): string {
    return `DATASET#${datasetId}`;
  }
}
