import { z } from 'zod';
import { ConfigError } from './errors.ts';

const httpUrl = () => z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });
const optionalUrl = httpUrl().optional();

const configSchema = z.object({
  LANDING_BUCKET: z.string().min(3),
  PUBLIC_BUCKET: z.string().min(3),
  CATALOG_TABLE: z.string().min(3),
  /** Public origin that serves `/datasets/*` (CloudFront on AWS, the local server locally). */
  PUBLIC_BASE_URL: httpUrl().transform((url) => url.replace(/\/+$/, '')),
  AWS_REGION: z.string().default('ap-southeast-1'),
  /** Only set for the local stack: the S3 and DynamoDB protocol servers' endpoints. */
  S3_ENDPOINT: optionalUrl,
  DYNAMODB_ENDPOINT: optionalUrl,
  /** Scratch space for staging exports and building files (Lambda: /tmp). */
  WORK_DIR: z.string().optional(),
  /** DuckDB memory cap, e.g. "1GB"; keeps the publish inside the Lambda's memory. */
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i)
    .default('1GB'),
});

export interface AppConfig {
  landingBucket: string;
  publicBucket: string;
  catalogTable: string;
  publicBaseUrl: string;
  region: string;
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  workDir?: string;
  duckdbMemoryLimit: string;
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
    workDir: c.WORK_DIR,
    duckdbMemoryLimit: c.DUCKDB_MEMORY_LIMIT,
  };
}
