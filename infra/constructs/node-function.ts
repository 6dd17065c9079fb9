import path from 'node:path';
import { Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Repository root, from this file's location (never from the working directory). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Shared by every function so all metrics land in one CloudWatch namespace. */
export const METRICS_NAMESPACE = 'HealthOpenData';

/**
 * esbuild output is ESM; bundled CommonJS dependencies still call `require`, which does not
 * exist in an ES module, so define it at the top of the bundle.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** `none`: only the name in the environment (the shared config requires every name). */
/**
 * Files the application reads at run time from `import.meta.dirname`, which in a Lambda bundle
 * is `/var/task` (the bundle is a single file): `src/reference/provinces.ts` reads `./data/*`.
 */
const DEFAULT_RUNTIME_DIRS: Record<string, string> = { data: 'src/reference/data' };

export type AccessMode = 'none' | 'read' | 'readWrite';

export interface NodeFunctionProps {
  /** Handler source relative to the repository root, e.g. `functions/api.ts`; it must export `handler`. */
  readonly source: string;
  /** `POWERTOOLS_SERVICE_NAME`. */
  readonly serviceName: string;
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
  /** Object key pattern the grant is limited to, e.g. `my-dataset/*`. @default '*' */
  readonly keyPattern?: string;
}

export interface BindTableOptions {
  readonly table: ITable;
  /** Environment variable receiving the table name. */
  readonly envVar: string;
  readonly access: AccessMode;
}

/**
 * A Node.js Lambda function with this project's fixed defaults:
 * - runtime nodejs22.x on x86_64 (the architecture of the DuckDB binding we install),
 * - ESM bundle (`index.mjs`) targeting node22, minified, with source maps,
 * - the AWS SDK is bundled rather than taken from the runtime, so the deployed code runs the same
 *   pinned SDK versions as the tests,
 * - Powertools service name, metrics namespace and log level in the environment,
 * - its own log group with a three-month retention,
 * - the reference data files copied next to the bundle.
 *
 * X-Ray tracing is off: the handlers do not use the Powertools tracer yet, and active tracing
 * would only add cost and an IAM statement for segments nobody reads. Turn it on together with
 * the tracer.
 *
 * Use the `bind*` helpers to give the function a resource: each sets the environment variable
 * and grants the access in one call, so a grant never exists without its configuration (access
 * `none` passes only the name, for names the shared config requires but the function never uses).
 */
export class NodeFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}-Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.source),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.X86_64,
      tracing: Tracing.DISABLED,
      description: props.description,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ephemeralStorageSize: props.ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // Error class names survive minification, so logs say NotFoundError rather than `v_`.
        keepNames: true,
        sourceMap: true,
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
        // whatever machine runs the synth (e.g. a developer's Mac).
        environment: {
          npm_config_os: 'linux',
          npm_config_cpu: 'x64',
          npm_config_libc: 'glibc',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        },
      },
    });
  }

  /** Sets `envVar` to the bucket name and grants read or read/write on `keyPattern`. */
  public bindBucket({ bucket, envVar, access, keyPattern = '*' }: BindBucketOptions): void {
    this.addEnvironment(envVar, bucket.bucketName);
    if (access === 'readWrite') {
      // read + put + s3:DeleteObject* + s3:Abort* (multipart uploads)
      bucket.grantReadWrite(this, keyPattern);
    } else if (access === 'read') {
      bucket.grantRead(this, keyPattern);
    }
  }

  /** Sets `envVar` to the table name and grants data-plane read or read/write (indexes included). */
  public bindTable({ table, envVar, access }: BindTableOptions): void {
    this.addEnvironment(envVar, table.tableName);
    if (access === 'readWrite') {
      table.grantReadWriteData(this);
    } else if (access === 'read') {
      table.grantReadData(this);
    }
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
