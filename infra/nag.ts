import { Stack, Token, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { PUBLIC_PREFIX } from './constructs/storage.ts';
import { RUNS_PREFIX } from '../src/pipeline/distributed/state-machine.ts';
import { SITE_PREFIX } from '../src/site/paths.ts';
import type { HealthOpenDataStack } from './stack.ts';

/**
 * AWS's rule packs, run on every synth (`npm run synth`, the infra tests): any finding that is
 * neither fixed nor acknowledged below fails the synth.
 */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
}

/**
 * Why each remaining finding is accepted. Every acknowledgement names the construct it covers
 * (never the whole stack), and test/infra/app.suite.ts pins the list, so a new one is a reviewed
 * change. What was fixed instead of acknowledged is listed in docs/deploy.md.
 */
export const REASONS = {
  publicReadOnlyApi:
    'The API is the public, read-only face of an open-data catalog (Decree 102/2025 Art. 14): every route returns data published for anyone, without an account. It has no write route (POST exists only for CKAN search actions, which read), its role can only read the catalog table, and the stage is throttled (100 requests/s, burst 200). Authorization would only stand between citizens and public data.',
  openToEveryCountry:
    'Open data is published for everyone, in Viet Nam and abroad (researchers, international portals harvesting the catalog); there is no legal basis for restricting it by country.',
  noWebAclByDefault:
    'No web ACL unless one is passed with -c webAclArn=...: the distribution serves public, cacheable, read-only content; AWS Shield Standard covers network-layer DDoS; the only dynamic origin is throttled at the API stage and can only read the catalog. A CloudFront web ACL must live in us-east-1, which this regional stack cannot create; docs/deploy.md describes the recommended one (a rate-based rule against download abuse, the real cost risk).',
  defaultCloudFrontCertificate:
    'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1 and no setting can raise (clients that support TLS 1.2 or 1.3 negotiate it anyway). Production deploys pass -c domainName=... -c certificateArn=..., which sets the minimum to TLSv1.2_2021 and removes this acknowledgement.',
  queueIsTheDeadLetterQueue:
    'This queue is itself the dead-letter queue of the publish schedules and functions; a dead-letter queue for it would only move the same messages again. Messages are kept 14 days and the first one raises an alarm.',
  objectPrefixWildcard:
    'Object ARNs need a trailing wildcard: the job writes new keys (one folder per version) and reads whatever exports have landed. The wildcard stays inside one dataset prefix (<id>/* in landing, datasets/<id>/* in public) with explicit actions only (GetObject; PutObject, DeleteObject, AbortMultipartUpload on the public prefix); ListBucket is limited by an s3:prefix condition.',
  purgeObjectPrefix:
    "The purge role erases every stored version of a withdrawn version's files (personal data published by mistake), for any dataset, including one no longer deployed: its object ARN covers datasets/* of the public bucket, with explicit actions only (DeleteObject, DeleteObjectVersion); listing is limited to the same prefix by an s3:prefix condition. No function can assume it; the bucket policy denies DeleteObjectVersion to every other principal.",
  apiReadsPublishedTables:
    "The API answers row queries (CKAN's datastore_search, the pages' filtered downloads) from the published tables' Parquet files, by byte range: s3:GetObject on datasets/* of the public bucket, whose files anyone can download through CloudFront anyway. It reads only keys the catalog lists for a visible version; no listing, no write, nothing on the landing bucket.",
  staticCatalogPrefix:
    'The static catalog (src/site/) is rendered from the whole catalog after every commit and withdrawal, so the publish functions and the purge role write its pages and documents under site/* of the public bucket (PutObject, DeleteObject; GetObject and AbortMultipartUpload for the publish functions, as on their own prefix); listing is limited to site/ by an s3:prefix condition. The keys are new per version and dataset (one JSON file per version), so no fixed list can name them. Nothing under site/ is data: everything there is rendered from the public catalog and is rewritten on the next run.',
  scheduleInvokesItsFunction:
    'Added by the scheduler target (grantInvoke): lambda:InvokeFunction on this one function and its qualified ARNs (versions and aliases, the ":*"). The role can invoke nothing else and only EventBridge Scheduler, for this account and its default schedule group, can assume it.',
  landingNotReplicated:
    "Cross-region replication would copy source exports, which hold personal data, to a second region: a larger footprint for data that must not spread, and one more transfer to assess under Viet Nam's personal data protection law. S3 stores objects across at least three Availability Zones; versioning keeps overwritten or deleted exports for 90 days; the bucket is retained when the stack is deleted; source systems keep their registers and can export again.",
  publicNotReplicated:
    'Published versions are immutable and kept forever in a versioned bucket, stored across at least three Availability Zones and retained when the stack is deleted. A second-region copy of public data is a disaster-recovery choice for the operator (S3 replication can be added without changing the application), not a security control.',
  logsNotReplicated:
    'Access logs are operational records kept 400 days in a versioned, retained bucket; a second-region copy would add cost and no protection.',
  publicDataSseS3:
    'The bucket holds only data published for everyone, encrypted at rest with SSE-S3 (AES-256). A customer-managed key adds no confidentiality to files anyone can download, and would put a KMS call behind CloudFront origin fetches. The bucket holding personal data (landing) uses a customer-managed key.',
  logBucketSseS3:
    'S3 server access logging delivers only to buckets with SSE-S3 default encryption (SSE-KMS is not supported on the destination bucket); the logs are encrypted at rest with SSE-S3 (AES-256).',
  catalogPitr:
    'Point-in-time recovery is on (restore to any second of the last 35 days), deletion protection is on and the table is retained when the stack is deleted. An AWS Backup plan would add long-term snapshots the catalog does not need: it describes files that are themselves kept forever in the versioned public bucket, each version with its datapackage.json (files, sizes, sha256) and quality-report.json.',
  inlinePolicyPerRole:
    'Each inline policy belongs to exactly one role, created in this stack for one function, one schedule or the purge operation, and is deleted with it; AWS recommends inline policies when a policy must never be attached to another identity, which a customer-managed policy could be (iam:AttachRolePolicy). The statements come from the bind helpers and are pinned action by action in test/infra/.',
  apiConcurrencyBoundUpstream:
    'The API is bounded upstream: CloudFront answers repeated requests from its cache and the HTTP API stage throttles to 100 requests/s (burst 200), a few dozen concurrent executions at most. Reserved concurrency would permanently take that capacity from the account pool and turn a peak into throttled readers. Each publish function reserves exactly 1 (no overlapping runs).',
  apiIsSynchronous:
    'Invoked synchronously by API Gateway, which returns the error to the caller; a dead-letter queue applies only to asynchronous invocations.',
  publishUsesOnFailureDestination:
    'Failed asynchronous runs go to the SQS dead-letter queue through an on-failure destination (configureAsyncInvoke), which keeps the event and the error; a DeadLetterConfig on the function would send the same failures to the same queue a second time, without the error. The queue raises an alarm.',
  apiOutsideVpc:
    'The API serves only public data and calls only DynamoDB, over TLS with SigV4, under a role that can read one table. There is no private resource to reach; a VPC would add network interfaces and ec2:* permissions on "*" to the role and no protection.',
  publishOutsideVpc:
    "The job calls only S3 and DynamoDB, over TLS with SigV4; what it may read and write is enforced by IAM (one dataset's prefixes and catalog items) and the landing key policy, not by network position. The risk a VPC would address is exfiltration by compromised code: the bundle is built from the lockfile and installs nothing at run time. docs/deploy.md describes the egress-less VPC (isolated subnets, S3 and DynamoDB gateway endpoints, no NAT) for deployments that require network-level control.",
  runCountsPrefix:
    "A distributed run writes each landing partition's counts under _runs/<id>/<run>/ of the landing bucket and deletes them when it finishes: new keys per run, so the object ARN needs its trailing wildcard, which stays inside the dataset's own _runs/<id>/ prefix, with explicit actions only (GetObject, PutObject, DeleteObject, AbortMultipartUpload); a lifecycle rule expires what a failed run leaves after 7 days.",
  stateMachineInvokesItsFunction:
    'Added by grantInvoke: lambda:InvokeFunction on the dataset\'s one steps function and its qualified ARNs (the ":*"). The role can invoke no other function, and only Step Functions can assume it.',
  childExecutions:
    "A Distributed Map runs its items as child executions of the same state machine: states:DescribeExecution and StopExecution need the ARNs of those executions, which exist only at run time (execution:<state machine name>/*); the wildcard is limited to this one state machine's executions.",
  logDeliveryAndTracing:
    'Added by CDK for state machine logging and X-Ray tracing: the CloudWatch Logs vended-delivery actions (logs:CreateLogDelivery, …) and xray:PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions, so AWS requires "*" for them. They grant no access to data: they let the service deliver this state machine\'s own logs and traces.',
  alarmTopicHoldsNoData:
    'Alarm notifications carry alarm names, states and metric values only: no dataset content, no personal data; the topic policy requires TLS. A customer-managed key would need a key policy for CloudWatch, where a mistake silently drops alarm notifications.',
} as const;

type Pack = 'AwsSolutions' | 'HIPAA.Security';

function accept(scope: IConstruct, pack: Pack, rule: string, reason: keyof typeof REASONS): void {
  Validations.of(scope).acknowledge({ id: `${pack}::${rule}`, reason: REASONS[reason] });
}

/** How cdk-nag prints a stack's region or account in a finding id: the value, or the pseudo parameter. */
const pseudo = (value: string, name: string): string => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);

/** `arn:<partition>` as cdk-nag prints it: CDK writes the partition out when the region is known. */
const arnPrefix = (stack: Stack): string =>
  Token.isUnresolved(stack.region) ? 'arn:<AWS::Partition>' : `arn:${RegionInfo.get(stack.region).partition ?? 'aws'}`;

/** How cdk-nag prints `Fn::GetAtt [<resource>, Arn]` in a finding id. */
const arnToken = (resource: IConstruct): string => `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;

export interface StackFindingOptions {
  /** A web ACL is attached to the distribution. */
  readonly webAcl: boolean;
  /** The distribution has a custom domain and ACM certificate. */
  readonly customCertificate: boolean;
}

/** Acknowledges, on the construct each concerns, the findings this stack accepts. */
export function acknowledgeStackFindings(stack: HealthOpenDataStack, options: StackFindingOptions): void {
  const { accessLogs, landing, publicDatasets } = stack.buckets;

  accept(stack.api.httpApi, 'AwsSolutions', 'AwsSolutions-APIG4', 'publicReadOnlyApi');
  accept(stack.distribution, 'AwsSolutions', 'AwsSolutions-CFR1', 'openToEveryCountry');
  if (!options.webAcl) accept(stack.distribution, 'AwsSolutions', 'AwsSolutions-CFR2', 'noWebAclByDefault');
  if (!options.customCertificate) accept(stack.distribution, 'AwsSolutions', 'AwsSolutions-CFR4', 'defaultCloudFrontCertificate');
  accept(stack.deadLetterQueue, 'AwsSolutions', 'AwsSolutions-SQS3', 'queueIsTheDeadLetterQueue');

  accept(landing, 'HIPAA.Security', 'HIPAA.Security-S3BucketReplicationEnabled', 'landingNotReplicated');
  accept(publicDatasets, 'HIPAA.Security', 'HIPAA.Security-S3BucketReplicationEnabled', 'publicNotReplicated');
  accept(accessLogs, 'HIPAA.Security', 'HIPAA.Security-S3BucketReplicationEnabled', 'logsNotReplicated');
  accept(publicDatasets, 'HIPAA.Security', 'HIPAA.Security-S3DefaultEncryptionKMS', 'publicDataSseS3');
  accept(accessLogs, 'HIPAA.Security', 'HIPAA.Security-S3DefaultEncryptionKMS', 'logBucketSseS3');
  accept(stack.catalogTable, 'HIPAA.Security', 'HIPAA.Security-DynamoDBInBackupPlan', 'catalogPitr');
  accept(stack.monitoring.alarmTopic, 'HIPAA.Security', 'HIPAA.Security-SNSEncryptedKMS', 'alarmTopicHoldsNoData');

  const api = stack.api.fn;
  accept(api.executionRole, 'HIPAA.Security', 'HIPAA.Security-IAMNoInlinePolicy', 'inlinePolicyPerRole');
  accept(
    api.executionRole,
    'AwsSolutions',
    `AwsSolutions-IAM5[Resource::${arnToken(publicDatasets)}/${PUBLIC_PREFIX}/*]`,
    'apiReadsPublishedTables',
  );
  accept(api, 'HIPAA.Security', 'HIPAA.Security-LambdaConcurrency', 'apiConcurrencyBoundUpstream');
  accept(api, 'HIPAA.Security', 'HIPAA.Security-LambdaDLQ', 'apiIsSynchronous');
  accept(api, 'HIPAA.Security', 'HIPAA.Security-LambdaInsideVPC', 'apiOutsideVpc');

  accept(
    stack.purgeRole,
    'AwsSolutions',
    `AwsSolutions-IAM5[Resource::${arnToken(publicDatasets)}/${PUBLIC_PREFIX}/*]`,
    'purgeObjectPrefix',
  );
  accept(stack.purgeRole, 'HIPAA.Security', 'HIPAA.Security-IAMNoInlinePolicy', 'inlinePolicyPerRole');
  const siteObjects = `AwsSolutions-IAM5[Resource::${arnToken(publicDatasets)}/${SITE_PREFIX}*]`;
  accept(stack.purgeRole, 'AwsSolutions', siteObjects, 'staticCatalogPrefix');

  for (const [datasetId, fn] of stack.publishFunctions) {
    const role = fn.executionRole;
    accept(role, 'AwsSolutions', `AwsSolutions-IAM5[Resource::${arnToken(landing)}/${datasetId}/*]`, 'objectPrefixWildcard');
    accept(
      role,
      'AwsSolutions',
      `AwsSolutions-IAM5[Resource::${arnToken(publicDatasets)}/${PUBLIC_PREFIX}/${datasetId}/*]`,
      'objectPrefixWildcard',
    );
    accept(role, 'AwsSolutions', siteObjects, 'staticCatalogPrefix');
    accept(role, 'HIPAA.Security', 'HIPAA.Security-IAMNoInlinePolicy', 'inlinePolicyPerRole');
    accept(fn, 'HIPAA.Security', 'HIPAA.Security-LambdaDLQ', 'publishUsesOnFailureDestination');
    accept(fn, 'HIPAA.Security', 'HIPAA.Security-LambdaInsideVPC', 'publishOutsideVpc');

    const scheduleRole = stack.scheduleRoles.get(datasetId)!;
    const distributed = stack.distributedPublishes.get(datasetId);
    if (distributed) {
      accept(role, 'AwsSolutions', `AwsSolutions-IAM5[Resource::${arnToken(landing)}/${RUNS_PREFIX}${datasetId}/*]`, 'runCountsPrefix');
      const machineRole = distributed.role;
      accept(machineRole, 'AwsSolutions', `AwsSolutions-IAM5[Resource::${arnToken(fn)}:*]`, 'stateMachineInvokesItsFunction');
      accept(
        machineRole,
        'AwsSolutions',
        `AwsSolutions-IAM5[Resource::${arnPrefix(stack)}:states:${pseudo(stack.region, 'Region')}:${pseudo(stack.account, 'AccountId')}:execution:${distributed.stateMachineName}/*]`,
        'childExecutions',
      );
      accept(machineRole, 'AwsSolutions', 'AwsSolutions-IAM5[Resource::*]', 'logDeliveryAndTracing');
      accept(machineRole, 'HIPAA.Security', 'HIPAA.Security-IAMNoInlinePolicy', 'inlinePolicyPerRole');
    } else {
      accept(scheduleRole, 'AwsSolutions', `AwsSolutions-IAM5[Resource::${arnToken(fn)}:*]`, 'scheduleInvokesItsFunction');
    }
    accept(scheduleRole, 'HIPAA.Security', 'HIPAA.Security-IAMNoInlinePolicy', 'inlinePolicyPerRole');
  }
}
