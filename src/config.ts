// zod/mini: the same validation at a fraction of the size, for the Lambda bundles (cold start).
import * as z from 'zod/mini';
import { resolve } from 'node:path';
import { ConfigError } from './errors.ts';

/**
 * DuckDB's buffer-manager cap for a publish (every publish Lambda gets it, infra/stack.ts), set so
 * that the whole publish keeps to the resident-memory goal in README "Performance" at any number of
 * rows; DuckDB spills the rest to WORK_DIR, and the registry sorts in chunks to fit it.
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '128MB';

/**
 * DuckDB worker threads for a publish: the publish Lambda has two vCPU (PUBLISH_FUNCTION_MEMORY_MB),
 * and a second thread takes about a third off a 1M-row publish while the peak RSS stays under the
 * README's goal (docs/deploy.md, "Two threads").
 */
export const DEFAULT_DUCKDB_THREADS = 2;

/** Memory of a publish Lambda, which buys its CPU: 1,769 MB is one vCPU, 3,538 MB two. */
export const PUBLISH_FUNCTION_MEMORY_MB = 3584;

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

/**
 * Each function reads only the variables it needs (the API gets only the public bucket's name, to read published tables), each checked
 * once here; the local stack and the command-line tools read every function's.
 */
const vars = {
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
  /** Local only: the port of the local server, and the folder the local stack keeps its data in. */
  PORT: z._default(z.pipe(z.string().check(z.regex(/^\d{1,5}$/)), z.transform(Number)).check(z.maximum(65535)), 8080),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), '.local'),
};

export interface StorageConfig {
  region: string;
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
}

/** The API function: it reads the catalog, and the published tables for row queries. */
export interface ApiConfig extends StorageConfig {
  catalogTable: string;
  publicBaseUrl: string;
  /** Read only, and only the published tables' Parquet files (row queries). */
  publicBucket: string;
}

/** A publish function. */
export interface PublishConfig extends StorageConfig {
  landingBucket: string;
  publicBucket: string;
  catalogTable: string;
  publicBaseUrl: string;
  workDir?: string;
  duckdbMemoryLimit: string;
  duckdbThreads: number;
}

/** A withdrawal (`npm run withdraw`): the public files, the catalog, the static site's origin, and on AWS the edge cache. */
export interface WithdrawConfig extends StorageConfig {
  publicBucket: string;
  catalogTable: string;
  publicBaseUrl: string;
  edgeDistributionId?: string;
}

/** Every function's configuration: the local stack and the command-line tools. */
export type AppConfig = PublishConfig & WithdrawConfig;

/** The local stack's own settings (`npm start`, `npm run publish`, `npm run withdraw`). */
export interface LocalConfig {
  port: number;
  dataDir: string;
}

type Env = Record<string, string | undefined>;
type Parsed = { [K in keyof typeof vars]: z.infer<(typeof vars)[K]> };

/** Parses the named variables; fails loudly naming every bad one. */
function parse<K extends keyof typeof vars>(env: Env, keys: readonly K[]): Pick<Parsed, K> {
  const schema = z.object(Object.fromEntries(keys.map((k) => [k, vars[k]])) as Pick<typeof vars, K>);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data as Pick<Parsed, K>;
}

const storage = (c: Pick<Parsed, 'AWS_REGION' | 'S3_ENDPOINT' | 'DYNAMODB_ENDPOINT'>): StorageConfig => ({
  region: c.AWS_REGION,
  s3Endpoint: c.S3_ENDPOINT,
  dynamodbEndpoint: c.DYNAMODB_ENDPOINT,
});
const STORAGE = ['AWS_REGION', 'S3_ENDPOINT', 'DYNAMODB_ENDPOINT'] as const;

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const c = parse(env, ['CATALOG_TABLE', 'PUBLIC_BASE_URL', 'PUBLIC_BUCKET', ...STORAGE]);
  return { catalogTable: c.CATALOG_TABLE, publicBaseUrl: c.PUBLIC_BASE_URL, publicBucket: c.PUBLIC_BUCKET, ...storage(c) };
}

const PUBLISH = [
  'LANDING_BUCKET',
  'PUBLIC_BUCKET',
  'CATALOG_TABLE',
  'PUBLIC_BASE_URL',
  ...STORAGE,
  'WORK_DIR',
  'DUCKDB_MEMORY_LIMIT',
  'DUCKDB_THREADS',
] as const;
const publishConfig = (c: Pick<Parsed, (typeof PUBLISH)[number]>): PublishConfig => ({
  landingBucket: c.LANDING_BUCKET,
  publicBucket: c.PUBLIC_BUCKET,
  catalogTable: c.CATALOG_TABLE,
  publicBaseUrl: c.PUBLIC_BASE_URL,
  ...storage(c),
  workDir: c.WORK_DIR,
  duckdbMemoryLimit: c.DUCKDB_MEMORY_LIMIT,
  duckdbThreads: c.DUCKDB_THREADS,
});

export const loadPublishConfig = (env: Env = process.env): PublishConfig => publishConfig(parse(env, PUBLISH));

export function loadWithdrawConfig(env: Env = process.env): WithdrawConfig {
  const c = parse(env, ['PUBLIC_BUCKET', 'CATALOG_TABLE', 'PUBLIC_BASE_URL', ...STORAGE, 'EDGE_DISTRIBUTION_ID']);
  return {
    publicBucket: c.PUBLIC_BUCKET,
    catalogTable: c.CATALOG_TABLE,
    publicBaseUrl: c.PUBLIC_BASE_URL,
    ...storage(c),
    edgeDistributionId: c.EDGE_DISTRIBUTION_ID,
  };
}

/** Every function's configuration at once (the local stack, the command-line tools). */
export function loadConfig(env: Env = process.env): AppConfig {
  const c = parse(env, [...PUBLISH, 'EDGE_DISTRIBUTION_ID']);
  return { ...publishConfig(c), edgeDistributionId: c.EDGE_DISTRIBUTION_ID };
}

export function loadLocalConfig(env: Env = process.env): LocalConfig {
  const c = parse(env, ['PORT', 'DATA_DIR']);
  return { port: c.PORT, dataDir: resolve(c.DATA_DIR) };
}
