import path from 'node:path';
import { Duration, RemovalPolicy, Stack, type Size } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ESM_REQUIRE_BANNER } from './esm-banner.ts';

/** Repository root, from this file's location (never from the working directory). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Shared by every function so all metrics land in one CloudWatch namespace. */
export const METRICS_NAMESPACE = 'HealthOpenData';

/** How long function and API access logs are kept. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * Files the application reads at run time from `import.meta.dirname`, which in a Lambda bundle
 * is `/var/task` (the bundle is a single file): `src/reference/provinces.ts` reads `./data/*`.
 */
const DEFAULT_RUNTIME_DIRS: Record<string, string> = { data: 'src/reference/data' };

/** S3 and DynamoDB actions of each access mode: exactly what the adapters in `src/adapters/` call. */
const S3_OBJECT_ACTIONS = {
  // GetObject covers HeadObject.
  read: ['s3:GetObject'],
  // PutObject covers the multipart calls of @aws-sdk/lib-storage except the abort; DeleteObjects
  // needs s3:DeleteObject on every key.
  readWrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
} as const;
const DYNAMODB_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
  // By key only: no Scan (it cannot be limited to partition keys), no batch or table operations.
  readWrite: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
} as const;

export type AccessMode = 'read' | 'readWrite';

export interface NodeFunctionProps {
  /** Handler source relative to the repository root, e.g. `functions/api.ts`; it must export `handler`. */
  readonly source: string;
  /** `POWERTOOLS_SERVICE_NAME`. */
  readonly serviceName: string;
  /** Encrypts the function's log group (see `LogKey`). */
  readonly logKey: IKey;
  readonly description?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 MiB (the Lambda default) */
  readonly ephemeralStorageSize?: Size;
  /** @default - none (uses the account's unreserved pool) */
  readonly reservedConcurrentExecutions?: number;
  /** Extra environment variables; the bind helpers add the resource names. */
  readonly environment?: Record<string, string>;
  /**
   * Packages installed with `npm ci` into the bundle's node_modules instead of being bundled
   * (native addons). Versions come from package.json / package-lock.json.
   */
  readonly nodeModules?: string[];
  /** Extra esbuild externals (besides `nodeModules`, which are external automatically). */
  readonly externalModules?: string[];
  /**
   * Directories the code reads at run time, copied next to the bundle: bundle directory →
   * source directory relative to the repository root. The bundle is one file in `/var/task`, so
   * `import.meta.dirname` there is `/var/task` whatever the source file's folder was.
   * @default - the reference data (`data` ← `src/reference/data`)
   */
  readonly runtimeDirs?: Record<string, string>;
}

export interface BindBucketOptions {
  readonly bucket: IBucket;
  /** Environment variable receiving the bucket name. */
  readonly envVar: string;
  readonly access: AccessMode;
  /**
   * Key prefix the grant is limited to, ending in `/` (e.g. `births/`): objects under it, and
   * `ListBucket` only with an `s3:prefix` under it. `''` grants the whole bucket.
   */
  readonly prefix: string;
}

export interface BindTableOptions {
  readonly table: ITable;
  /** Environment variable receiving the table name. */
  readonly envVar: string;
  readonly access: AccessMode;
  /** Global secondary indexes the function queries. @default - none */
  readonly indexes?: readonly string[];
  /**
   * Partition-key values the function may touch (`dynamodb:LeadingKeys`), e.g. one dataset's
   * items. Requests without a partition key (Scan) are then denied too.
   * @default - every item
   */
  readonly partitionKeys?: readonly string[];
}

const PREFIX = /^([A-Za-z0-9._-]+\/)*$/;

/**
 * A Node.js Lambda function with this project's fixed defaults:
 * - runtime nodejs24.x (the newest Lambda offers; nodejs22.x is deprecated from 2027-04-30) on
 *   x86_64, the architecture of the DuckDB binding we install,
 * - ESM bundle (`index.mjs`) targeting node24, minified, with source maps,
 * - the AWS SDK is bundled rather than taken from the runtime, so the deployed code runs the same
 *   pinned SDK versions as the tests,
 * - Powertools service name, metrics namespace and log level in the environment; Lambda's JSON
 *   log format, so platform lines (REPORT …) are JSON like the Powertools lines,
 * - its own log group, encrypted with the stack's log key, kept three months,
 * - its own execution role: it may write to its log group and nothing else until a `bind*`
 *   helper grants something (no AWSLambdaBasicExecutionRole, which allows writing to any log
 *   group in the account),
 * - the reference data files copied next to the bundle.
 *
 * X-Ray tracing is off: the handlers do not use the Powertools tracer yet, and active tracing
 * would only add cost and an IAM statement with `Resource: *` for segments nobody reads. Turn it
 * on together with the tracer.
 *
 * Use the `bind*` helpers to give the function a resource: each sets the environment variable
 * and grants the access in one call, so a grant never exists without its configuration (access
 * `none` passes only the name, for names the shared config requires but the function never uses).
 */
export class NodeFunction extends NodejsFunction {
  public readonly executionRole: Role;

  public constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}-Logs`, {
      retention: LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}-Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.source} (${id})`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's ARN ends in `:*`, which covers its streams.
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.source),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.X86_64,
      tracing: Tracing.DISABLED,
      role,
      description: props.description,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ephemeralStorageSize: props.ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // Error class names survive minification, so logs say NotFoundError rather than `v_`.
        keepNames: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources: without `sourcesContent` the map is a
        // third of the size and the API's cold import with --enable-source-maps drops 163 → 112 ms.
        esbuildArgs: { '--sources-content': 'false' },
        // Bundle the SDK too (an explicit list replaces the default `@aws-sdk/*` externals).
        externalModules: props.externalModules ?? [],
        nodeModules: props.nodeModules,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            Object.entries(props.runtimeDirs ?? DEFAULT_RUNTIME_DIRS).map(
              ([to, from]) => `cp -R ${shellQuote(path.join(inputDir, from))} ${shellQuote(path.join(outputDir, to))}`,
            ),
        },
        // `npm ci` for `nodeModules` must fetch the Lambda platform's optional native packages,
        // whatever machine runs the synth (e.g. a developer's Mac); it prefers the local npm
        // cache, so a synth after `npm ci` on Linux x64 needs no network.
        environment: {
          npm_config_os: 'linux',
          npm_config_cpu: 'x64',
          npm_config_libc: 'glibc',
          npm_config_prefer_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        },
      },
    });
    this.executionRole = role;
  }

  /**
   * Sets `envVar` to the bucket name and grants read or read/write on the objects under
   * `prefix`, listing under `prefix`, and the matching use of the bucket's KMS key (through S3
   * only) when it has one.
   */
  public bindBucket({ bucket, envVar, access, prefix }: BindBucketOptions): void {
    this.addEnvironment(envVar, bucket.bucketName);
    if (!PREFIX.test(prefix)) throw new Error(`bindBucket: prefix "${prefix}" must be '' or end in '/', without wildcards`);

    this.executionRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...S3_OBJECT_ACTIONS[access]], resources: [bucket.arnForObjects(`${prefix}*`)] }),
    );
    this.executionRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: prefix === '' ? undefined : { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
    if (bucket.encryptionKey) {
      this.executionRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [bucket.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }

  /**
   * Sets `envVar` to the table name and grants item-level reads (`read`: GetItem, Query, Scan) or
   * reads and writes by key (`readWrite`), on the table and the named indexes, optionally only
   * for some partition keys.
   */
  public bindTable({ table, envVar, access, indexes = [], partitionKeys }: BindTableOptions): void {
    this.addEnvironment(envVar, table.tableName);

    const indexArns = indexes.map((name) => `${table.tableArn}/index/${name}`);
    this.executionRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...DYNAMODB_ACTIONS[access]],
        resources: [table.tableArn, ...indexArns],
        conditions: partitionKeys && {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitionKeys] },
          // ForAllValues is true for a request without any partition key: require one.
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
