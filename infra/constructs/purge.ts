import { Duration } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  AccountRootPrincipal,
  AnyPrincipal,
  ArnPrincipal,
  CompositePrincipal,
  Effect,
  PolicyStatement,
  Role,
  type IPrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PurgeAccessProps {
  /** The versioned public bucket, which keeps every version of every file unless purged. */
  readonly publicBucket: Bucket;
  /** Where the version folders live (`datasets`). */
  readonly publicPrefix: string;
  readonly catalogTable: ITable;
  /** Whose copies the purge invalidates. */
  readonly distribution: IDistribution;
  /**
   * IAM roles or users (ARNs) that may assume the purge role.
   * @default - the account: any of its principals whose IAM policy allows `sts:AssumeRole` on the
   * role, in practice its administrators
   */
  readonly trustedPrincipalArns?: readonly string[];
  /** Where the static catalog lives (`site`): a withdrawal renders it again. */
  readonly sitePrefix: string;
  /** The catalog's index that lists the datasets (the static catalog reads the whole catalog). */
  readonly catalogIndex: string;
}

/**
 * The only principal that may erase published bytes for good. The public bucket is versioned, so a
 * withdrawal leaves every earlier version behind a delete marker; `npm run withdraw -- … --aws
 * --purge` (personal data published by mistake) deletes every object version, which needs
 * `s3:DeleteObjectVersion`. The bucket policy denies that action to every principal but this role —
 * the publish and API functions, operators and administrators alike, whatever their IAM policies
 * say — and this role may do nothing but run a withdrawal or a purge: read and update the catalog,
 * list and delete (versions of) objects under `datasets/`, render the static catalog under `site/`,
 * invalidate the distribution. An operator
 * assumes it for one command (docs/deploy.md, "Withdraw a version").
 *
 * Out of this control's reach: a principal allowed `s3:PutBucketPolicy` can change the policy, and
 * one allowed `s3:PutLifecycleConfiguration` could expire noncurrent versions.
 */
export class PurgeAccess extends Construct {
  public readonly role: Role;

  public constructor(scope: Construct, id: string, props: PurgeAccessProps) {
    super(scope, id);
    const { publicBucket, publicPrefix, catalogTable, distribution } = props;

    const trusted = props.trustedPrincipalArns ?? [];
    const assumedBy: IPrincipal =
      trusted.length === 0 ? new AccountRootPrincipal() : new CompositePrincipal(...trusted.map((arn) => new ArnPrincipal(arn)));
    this.role = new Role(this, 'PurgeRole', {
      description:
        'npm run withdraw -- <dataset> <version> --aws --purge: the only principal that may delete object versions of the public bucket',
      assumedBy,
      maxSessionDuration: Duration.hours(1),
    });

    const objects = publicBucket.arnForObjects(`${publicPrefix}/*`);
    this.role.addToPrincipalPolicy(
      // What src/catalog/withdraw.ts does with the catalog (src/adapters/dynamodb-catalog-store.ts):
      // read the dataset and its versions, write the tombstone, move latest back. By key, no index.
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        resources: [catalogTable.tableArn],
      }),
    );
    // A withdrawal renders the static catalog again (src/site/publish-site.ts): the datasets' list
    // (the index), and the pages and documents under site/.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${catalogTable.tableArn}/index/${props.catalogIndex}`] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [publicBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.sitePrefix}/*`] } },
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [publicBucket.arnForObjects(`${props.sitePrefix}/*`)],
      }),
    );
    this.role.addToPrincipalPolicy(
      // Versioned or not decides how the adapter erases (src/adapters/s3-object-store.ts).
      new PolicyStatement({ actions: ['s3:GetBucketVersioning'], resources: [publicBucket.bucketArn] }),
    );
    this.role.addToPrincipalPolicy(
      // ListObjectsV2 and ListObjectVersions, under the version folders only.
      new PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [publicBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${publicPrefix}/*`] } },
      }),
    );
    this.role.addToPrincipalPolicy(
      // DeleteObjects: DeleteObject for current objects (a plain withdrawal), DeleteObjectVersion
      // for a key with a VersionId (the purge).
      new PolicyStatement({ actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: [objects] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['cloudfront:CreateInvalidation'], resources: [distribution.distributionArn] }),
    );

    // Whatever an identity policy grants (an administrator's s3:*, a future function's grant), only
    // this role can delete an object version. aws:PrincipalArn of an assumed-role session is the
    // role's ARN.
    publicBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyThePurgeRoleDeletesObjectVersions',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObjectVersion'],
        resources: [publicBucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.role.roleArn } },
      }),
    );
  }
}
