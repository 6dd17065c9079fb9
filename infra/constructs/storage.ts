import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type BucketProps, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
 * The three buckets: private landing (source exports), public datasets (served only through
 * CloudFront, so it blocks public access too), and the server access log bucket for both.
 */
export class DataBuckets extends Construct {
  public readonly accessLogs: Bucket;
  public readonly landing: Bucket;
  public readonly publicDatasets: Bucket;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Access logs cannot go to a KMS-encrypted bucket, hence S3-managed keys everywhere.
    // Logs are kept a little over a year; the log bucket does not log itself.
    this.accessLogs = new Bucket(this, 'AccessLogBucket', {
      ...SECURE_BUCKET,
      lifecycleRules: [ABORT_INCOMPLETE_UPLOADS, { id: 'expire-old-logs', expiration: Duration.days(400) }],
    });

    this.landing = new Bucket(this, 'LandingBucket', {
      ...SECURE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'landing/',
      lifecycleRules: [
        ABORT_INCOMPLETE_UPLOADS,
        // Overwritten or deleted source exports stay recoverable for 90 days.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    // Published data is a public record: every version is kept, current and noncurrent.
    this.publicDatasets = new Bucket(this, 'PublicBucket', {
      ...SECURE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'public/',
      lifecycleRules: [ABORT_INCOMPLETE_UPLOADS],
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
}
