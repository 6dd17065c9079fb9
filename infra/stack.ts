import { CfnOutput, Duration, Size, Stack, TimeZone, Token, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DistributedPublish } from './constructs/distributed-publish.ts';
import { Edge } from './constructs/edge.ts';
import { LogKey } from './constructs/log-key.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { NodeFunction } from './constructs/node-function.ts';
import { PublicApi } from './constructs/public-api.ts';
import { PurgeAccess } from './constructs/purge.ts';
import { CatalogTable, DataBuckets, PUBLIC_PREFIX } from './constructs/storage.ts';
import { acknowledgeStackFindings } from './nag.ts';
import { DEFAULT_DUCKDB_MEMORY_LIMIT, DEFAULT_DUCKDB_THREADS, PUBLISH_FUNCTION_MEMORY_MB, PUBLISH_PROCESS_ENV } from '../src/config.ts';
import { DATASET_ID_PATTERN, SCHEDULE_PATTERN } from '../src/policy/dataset-definition.ts';
import { RUNS_PREFIX } from '../src/pipeline/distributed/state-machine.ts';
import { SITE_PREFIX } from '../src/site/paths.ts';
import { VIEWER_REQUEST_SOURCE } from '../src/site/viewer-request.ts';

/** What the stack needs from a dataset definition (`datasets/index.ts`). */
export interface ScheduledDataset {
  readonly id: string;
  /** EventBridge Scheduler expression (SCHEDULE_PATTERN), e.g. `cron(0 2 * * ? *)` or `rate(1 day)`, in Asia/Ho_Chi_Minh. */
  readonly schedule: string;
  /** `distributed`: published by a Step Functions state machine (aggregates that outgrow one function). @default 'single' */
  readonly execution?: 'single' | 'distributed';
}

/** Landing partitions a distributed publish counts at once (each in its own invocation). */
export const DISTRIBUTED_MAP_CONCURRENCY = 40;

export interface HealthOpenDataStackProps extends StackProps {
  readonly datasets: readonly ScheduledDataset[];
  /**
   * Public https origin handed to the functions as `PUBLIC_BASE_URL` (no trailing slash), for
   * when the site is served from a custom domain.
   * @default - `https://` + the first of `domainNames`, else the CloudFront distribution's domain name
   */
  readonly publicBaseUrl?: string;
  /** Custom domain names of the distribution (with `certificateArn`). @default - none */
  readonly domainNames?: string[];
  /** ACM certificate in us-east-1 for `domainNames`. @default - none */
  readonly certificateArn?: string;
  /** AWS WAF web ACL (scope CLOUDFRONT, us-east-1) for the distribution. @default - none */
  readonly webAclArn?: string;
  /**
   * IAM roles or users (ARNs) that may assume the purge role.
   * @default - the account's principals that an IAM policy allows to assume it (its administrators)
   */
  readonly purgePrincipalArns?: string[];
}

export class HealthOpenDataStack extends Stack {
  public readonly buckets: DataBuckets;
  public readonly catalogTable: CatalogTable;
  public readonly logKey: LogKey;
  public readonly api: PublicApi;
  public readonly edge: Edge;
  public readonly distribution: Distribution;
  public readonly publishFunctions: ReadonlyMap<string, NodeFunction>;
  public readonly publishSchedules: ReadonlyMap<string, Schedule>;
  /** The state machines of the datasets published on the distributed path. */
  public readonly distributedPublishes: ReadonlyMap<string, DistributedPublish>;
  /** The role each schedule assumes to invoke its dataset's function (and only that one). */
  public readonly scheduleRoles: ReadonlyMap<string, Role>;
  public readonly deadLetterQueue: Queue;
  public readonly monitoring: Monitoring;
  /** The only principal that may delete object versions of the public bucket (`withdraw --aws --purge`). */
  public readonly purgeRole: Role;

  public constructor(scope: Construct, id: string, props: HealthOpenDataStackProps) {
    super(scope, id, props);
    validateDatasets(props.datasets);

    this.buckets = new DataBuckets(this, 'Storage');
    this.catalogTable = new CatalogTable(this, 'CatalogTable');
    this.logKey = new LogKey(this, 'LogKey');
    const { landing, publicDatasets } = this.buckets;

    this.api = new PublicApi(this, 'PublicApi', { logKey: this.logKey });

    // CloudFront only depends on the HTTP API resource and the bucket, never on the functions,
    // so the functions can take the distribution's domain name in their environment without a
    // dependency cycle (CloudFormation creates the distribution first).
    this.edge = new Edge(this, 'Edge', {
      apiOriginDomainName: this.api.originDomainName,
      publicBucket: publicDatasets,
      publicPrefix: PUBLIC_PREFIX,
      siteFunctionSource: VIEWER_REQUEST_SOURCE,
      logBucket: this.buckets.accessLogs,
      domainNames: props.domainNames,
      certificate: props.certificateArn ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined,
      webAclArn: props.webAclArn,
    });
    this.distribution = this.edge.distribution;

    const defaultBaseUrl = props.domainNames?.[0] ?? this.distribution.distributionDomainName;
    const publicBaseUrl = props.publicBaseUrl ?? `https://${defaultBaseUrl}`;
    if (!Token.isUnresolved(publicBaseUrl) && !/^https:\/\/[^/]+$/.test(publicBaseUrl)) {
      throw new Error(`publicBaseUrl must be an https origin without a path or trailing slash, got "${publicBaseUrl}"`);
    }

    // The API reads the catalog, and the published tables' Parquet files by byte range for row
    // queries (datastore_search, filtered downloads): GetObject under datasets/ of the public bucket,
    // nothing else on any bucket (no listing, no writes, nothing of the landing bucket). Whole-file
    // downloads are redirects to CloudFront. Its configuration is src/config.ts, loadApiConfig.
    this.api.fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
    this.api.fn.addEnvironment('PUBLIC_BUCKET', publicDatasets.bucketName);
    this.api.fn.executionRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [publicDatasets.arnForObjects(`${PUBLIC_PREFIX}/*`)] }),
    );
    this.api.fn.bindTable({
      table: this.catalogTable,
      envVar: 'CATALOG_TABLE',
      access: 'read',
      indexes: [CatalogTable.GSI1],
    });

    // Receives both kinds of failed runs: events the scheduler could not deliver, and runs the
    // function itself failed (Lambda destination records, with the error message).
    this.deadLetterQueue = new Queue(this, 'PublishDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const publishFunctions = new Map<string, NodeFunction>();
    const publishSchedules = new Map<string, Schedule>();
    const scheduleRoles = new Map<string, Role>();
    const distributedPublishes = new Map<string, DistributedPublish>();
    for (const dataset of props.datasets) {
      const distributed = dataset.execution === 'distributed';
      const fn = new NodeFunction(this, `PublishFn-${dataset.id}`, {
        // Distributed: the state machine's plan, count and finish steps (one function, three events).
        source: distributed ? 'functions/publish-steps.ts' : 'functions/publish.ts',
        serviceName: 'publish',
        logKey: this.logKey,
        description: distributed ? `Plans, counts and publishes dataset ${dataset.id} (distributed)` : `Publishes dataset ${dataset.id}`,
        // Memory buys CPU here (two vCPU for DuckDB's two threads): the publish itself stays under
        // 512 MiB resident at 10M rows with DuckDB capped at DEFAULT_DUCKDB_MEMORY_LIMIT (README, "Performance").
        memorySize: PUBLISH_FUNCTION_MEMORY_MB,
        timeout: Duration.minutes(15),
        // DuckDB stages the export, its spill files and the outputs in /tmp: a 10M-row registry
        // export is 2 GB, its CSV output as much again, and the tables spill beside them.
        ephemeralStorageSize: Size.gibibytes(10),
        // Two runs of one dataset must never overlap (a late run is throttled and retried); a
        // distributed run counts its partitions side by side.
        reservedConcurrentExecutions: distributed ? DISTRIBUTED_MAP_CONCURRENCY : 1,
        // Native addon: installed into the bundle's node_modules, not bundled. The platform
        // package (@duckdb/node-bindings-linux-x64) comes in as an optional dependency of
        // @duckdb/node-bindings; keep the whole family external in case it is imported directly.
        nodeModules: ['@duckdb/node-api', 'highs'], // native addon; highs loads highs.wasm from beside its own file
        externalModules: ['@duckdb/node-bindings', '@duckdb/node-bindings-*'],
        environment: {
          PUBLIC_BASE_URL: publicBaseUrl,
          WORK_DIR: '/tmp',
          DUCKDB_MEMORY_LIMIT: DEFAULT_DUCKDB_MEMORY_LIMIT,
          DUCKDB_THREADS: String(DEFAULT_DUCKDB_THREADS),
          ...PUBLISH_PROCESS_ENV,
          // DuckDB needs a writable home directory (extensions, secrets); $HOME is read-only on Lambda.
          HOME: '/tmp',
        },
      });
      // Reads only its own dataset's exports; writes only its own dataset's files and catalog items.
      fn.bindBucket({ bucket: landing, envVar: 'LANDING_BUCKET', access: 'read', prefix: `${dataset.id}/` });
      // A distributed run's partial counts: private, beside the exports, removed by the run (else expired).
      if (distributed)
        fn.bindBucket({ bucket: landing, envVar: 'LANDING_BUCKET', access: 'readWrite', prefix: `${RUNS_PREFIX}${dataset.id}/` });
      fn.bindBucket({
        bucket: publicDatasets,
        envVar: 'PUBLIC_BUCKET',
        access: 'readWrite',
        prefix: `${PUBLIC_PREFIX}/${dataset.id}/`,
      });
      fn.bindTable({
        table: this.catalogTable,
        envVar: 'CATALOG_TABLE',
        access: 'readWrite',
        partitionKeys: [CatalogTable.datasetPartitionKey(dataset.id)],
      });
      // After each commit it renders the static catalog (src/site/publish-site.ts): it reads the
      // whole catalog (public, as the API reads it) and writes the pages and documents under site/.
      fn.bindTable({ table: this.catalogTable, envVar: 'CATALOG_TABLE', access: 'read', indexes: [CatalogTable.GSI1] });
      fn.bindBucket({ bucket: publicDatasets, envVar: 'PUBLIC_BUCKET', access: 'readWrite', prefix: SITE_PREFIX });
      // The scheduler invokes asynchronously, so its retry policy and DLQ only cover delivery:
      // a run that throws is retried by Lambda, then dead-lettered here (the one grant besides
      // the data stores: sqs:SendMessage on this queue). A distributed run's state machine
      // retries its steps and fails the execution (alarmed on) instead.
      if (!distributed) fn.configureAsyncInvoke({ retryAttempts: 1, onFailure: new SqsDestination(this.deadLetterQueue) });
      const distributedPublish = distributed
        ? new DistributedPublish(this, `DistributedPublish-${dataset.id}`, {
            datasetId: dataset.id,
            stepsFunction: fn,
            logKey: this.logKey,
            maxConcurrency: DISTRIBUTED_MAP_CONCURRENCY,
          })
        : undefined;
      if (distributedPublish) distributedPublishes.set(dataset.id, distributedPublish);

      // The same trust conditions as the scheduler target's default role, but our own role, one
      // per schedule: each schedule may invoke its own function only.
      const scheduleRole = new Role(this, `PublishScheduleRole-${dataset.id}`, {
        description: `EventBridge Scheduler: starts the publish of ${dataset.id}`,
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': this.account,
              'aws:SourceArn': this.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
            },
          },
        }),
      });
      const scheduleTarget = {
        input: ScheduleTargetInput.fromObject({ datasetId: dataset.id }),
        // Delivery retries (throttling, service errors); failures to deliver go to the DLQ.
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      };
      const schedule = new Schedule(this, `PublishSchedule-${dataset.id}`, {
        description: `Publish dataset ${dataset.id}`,
        schedule: ScheduleExpression.expression(dataset.schedule, TimeZone.ASIA_HO_CHI_MINH),
        timeWindow: TimeWindow.off(),
        target: distributedPublish
          ? new StepFunctionsStartExecution(distributedPublish.stateMachine, { role: scheduleRole, ...scheduleTarget })
          : new LambdaInvoke(fn, { role: scheduleRole, ...scheduleTarget }),
      });

      publishFunctions.set(dataset.id, fn);
      publishSchedules.set(dataset.id, schedule);
      scheduleRoles.set(dataset.id, scheduleRole);
    }
    this.publishFunctions = publishFunctions;
    this.publishSchedules = publishSchedules;
    this.scheduleRoles = scheduleRoles;
    this.distributedPublishes = distributedPublishes;

    this.purgeRole = new PurgeAccess(this, 'Purge', {
      publicBucket: publicDatasets,
      publicPrefix: PUBLIC_PREFIX,
      catalogTable: this.catalogTable,
      catalogIndex: CatalogTable.GSI1,
      sitePrefix: SITE_PREFIX.replace(/\/$/, ''),
      distribution: this.distribution,
      trustedPrincipalArns: props.purgePrincipalArns,
    }).role;

    this.monitoring = new Monitoring(this, 'Monitoring', {
      publishFunctions,
      publishStateMachines: new Map([...distributedPublishes].map(([id, d]) => [id, d.stateMachine])),
      deadLetterQueue: this.deadLetterQueue,
      httpApi: this.api.httpApi,
    });

    new CfnOutput(this, 'DistributionUrl', { value: `https://${this.distribution.distributionDomainName}` });
    // A withdrawal invalidates the withdrawn version's files here (EDGE_DISTRIBUTION_ID, docs/deploy.md).
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'LandingBucketName', { value: landing.bucketName });
    new CfnOutput(this, 'LandingKeyArn', { value: this.buckets.landingKey.keyArn });
    new CfnOutput(this, 'PublicBucketName', { value: publicDatasets.bucketName });
    new CfnOutput(this, 'AccessLogBucketName', { value: this.buckets.accessLogs.bucketName });
    new CfnOutput(this, 'CatalogTableName', { value: this.catalogTable.tableName });
    new CfnOutput(this, 'PublishDeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    // Assumed by an operator for `npm run withdraw -- … --aws --purge` (docs/deploy.md).
    new CfnOutput(this, 'PurgeRoleArn', { value: this.purgeRole.roleArn });

    acknowledgeStackFindings(this, { webAcl: props.webAclArn !== undefined, customCertificate: props.certificateArn !== undefined });
  }
}

function validateDatasets(datasets: readonly ScheduledDataset[]): void {
  const seen = new Set<string>();
  for (const { id, schedule } of datasets) {
    if (!DATASET_ID_PATTERN.test(id)) {
      throw new Error(`Dataset id "${id}" must match ${DATASET_ID_PATTERN}`);
    }
    if (seen.has(id)) {
      throw new Error(`Dataset id "${id}" is defined twice`);
    }
    seen.add(id);
    if (!SCHEDULE_PATTERN.test(schedule)) {
      throw new Error(`Dataset "${id}": schedule "${schedule}" is not a cron(...) or rate(...) expression`);
    }
  }
}
