// zod/mini: the same validation at a fraction of the size, for the Lambda bundles (cold start).
import * as z from 'zod/mini';
import { ConfigError } from './errors.ts';

/**
 * DuckDB's buffer-manager cap for a publish (every publish Lambda gets it, infra/stack.ts), set so
 * that the whole publish keeps to the resident-memory goal in README "Performance" at any number of
 * rows; DuckDB spills the rest to WORK_DIR, and the registry sorts in chunks to fit it.
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '128MB';

/**
 * DuckDB worker threads for a publish. One: the publish Lambda has about one vCPU (2048 MB), and
 * each thread adds its own buffers, which a memory cap this low cannot spare.
 */
export const DEFAULT_DUCKDB_THREADS = 1;

/**
 * What the publish process starts with besides its configuration, read by the C library, not by
 * us. DuckDB's statements run on libuv's worker threads, and glibc gives each thread its own malloc
 * arena; memory freed in one arena is not reused by another, so the peak RSS crept up with the
 * number of rows. With two it no longer does (README, "Performance", has the figures).
 */
export const PUBLISH_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const;

const httpUrl = () => z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });
const optionalUrl = z.optional(httpUrl());
const name = () => z.string().check(z.minLength(3));

const configSchema = z.object({
  LANDING_BUCKET: name(),
  PUBLIC_BUCKET: name(),
  CATALOG_TABLE: name(),
  /** Public origin that serves `/datasets/*` (CloudFront on AWS, the local server locally). */
  PUBLIC_BASE_URL: z.pipe(
    httpUrl(),
    z.transform((url: string) => url.replace(/\/+$/, '')),
  ),
  AWS_REGION: z._default(z.string(), 'ap-southeast-1'),
  /** Only set for the local stack: the S3 and DynamoDB protocol servers' endpoints. */
  S3_ENDPOINT: optionalUrl,
  DYNAMODB_ENDPOINT: optionalUrl,
  /** The CloudFront distribution in front of the public files: a withdrawal on AWS invalidates its copies. */
  EDGE_DISTRIBUTION_ID: z.optional(z.string().check(z.regex(/^E[A-Z0-9]{5,30}$/))),
  /** Scratch space for staging exports and building files (Lambda: /tmp). */
  WORK_DIR: z.optional(z.string()),
  /** DuckDB memory cap, e.g. "128MB"; beyond it DuckDB spills to WORK_DIR. */
  DUCKDB_MEMORY_LIMIT: z._default(z.string().check(z.regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i)), DEFAULT_DUCKDB_MEMORY_LIMIT),
  DUCKDB_THREADS: z._default(z.pipe(z.string().check(z.regex(/^[1-9]\d*$/)), z.transform(Number)), DEFAULT_DUCKDB_THREADS),
});

export interface AppConfig {
  landingBucket: string;
  publicBucket: string;
  catalogTable: string;
  publicBaseUrl: string;
  region: string;
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  edgeDistributionId?: string;
  workDir?: string;
  duckdbMemoryLimit: string;
  duckdbThreads: number;
}

/** Reads the environment once; fails loudly naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    landingBucket: c.LANDING_BUCKET,
    publicBucket: c.PUBLIC_BUCKET,
    catalogTable: c.CATALOG_TABLE,
    publicBaseUrl: c.PUBLIC_BASE_URL,
    region: c.AWS_REGION,
    s3Endpoint: c.S3_ENDPOINT,
    dynamodbEndpoint: c.DYNAMODB_ENDPOINT,
    edgeDistributionId: c.EDGE_DISTRIBUTION_ID,
    workDir: c.WORK_DIR,
    duckdbMemoryLimit: c.DUCKDB_MEMORY_LIMIT,
    duckdbThreads: c.DUCKDB_THREADS,
  };
}
