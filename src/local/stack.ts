import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createDocumentClient } from '../adapters/dynamodb-client.ts';
import { createS3Client } from '../adapters/s3-client.ts';
import { ensureBucket, ensureCatalogTable } from '../adapters/provisioning.ts';
import { loadConfig, loadLocalConfig, type AppConfig } from '../config.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { generatedSamples, hasGeneratedSample, type GeneratedSamples } from './samples.ts';
import { startProtocolServers, type ProtocolServerOptions, type ProtocolServers } from './servers.ts';

/** Names of the local resources; on AWS the CDK app names them. */
export const LOCAL_RESOURCES = { landingBucket: 'landing', publicBucket: 'public-datasets', catalogTable: 'catalog' } as const;

/**
 * The environment a Lambda handler would read, pointed at the local servers: for processes started
 * as a Lambda would be (tests, benchmarks). In this process, use `localConfig`.
 */
export function localEnvironment(
  endpoints: { s3Endpoint: string; dynamodbEndpoint: string },
  publicBaseUrl: string,
  dataDir: string,
): Record<string, string> {
  return {
    LANDING_BUCKET: LOCAL_RESOURCES.landingBucket,
    PUBLIC_BUCKET: LOCAL_RESOURCES.publicBucket,
    CATALOG_TABLE: LOCAL_RESOURCES.catalogTable,
    PUBLIC_BASE_URL: publicBaseUrl,
    S3_ENDPOINT: endpoints.s3Endpoint,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    WORK_DIR: join(dataDir, 'work'),
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}

/** Every function's configuration, pointed at the local servers. */
export const localConfig = (
  endpoints: { s3Endpoint: string; dynamodbEndpoint: string },
  publicBaseUrl: string,
  dataDir: string,
): AppConfig => loadConfig(localEnvironment(endpoints, publicBaseUrl, dataDir));

/** What `npm start` advertises in DATA_DIR so that `npm run publish` can use the running stack. */
interface StackFile {
  pid: number;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  publicBaseUrl: string;
}

const stackFile = (dataDir: string) => join(dataDir, 'stack.json');

export interface LocalStack extends Pick<ProtocolServers, 's3Endpoint' | 'dynamodbEndpoint'> {
  /** Set when the stack belongs to a running `npm start`. */
  publicBaseUrl?: string;
  close(): Promise<void>;
}

/** The stack a running `npm start` advertises in dataDir, if it still answers. */
export async function findRunningStack(dataDir: string): Promise<LocalStack | undefined> {
  if (!existsSync(stackFile(dataDir))) return undefined;
  const running = JSON.parse(await readFile(stackFile(dataDir), 'utf8')) as StackFile;
  if (!isAlive(running.pid) || !(await answers(running.s3Endpoint)) || !(await answers(running.dynamodbEndpoint))) return undefined;
  return { ...running, close: async () => {} };
}

/** Starts the embedded servers on dataDir; with `advertise`, records them for other commands. */
export async function startLocalStack(
  dataDir: string,
  options: { advertise?: StackFile['publicBaseUrl'] } & Pick<ProtocolServerOptions, 'dynamodb'> = {},
): Promise<LocalStack> {
  const servers = await startProtocolServers(dataDir, { dynamodb: options.dynamodb }).catch((error: Error) => {
    throw new Error(`Cannot open the local stack in ${dataDir} (${error.message}). Is another process using it?`);
  });
  if (options.advertise) {
    const file: StackFile = {
      pid: process.pid,
      s3Endpoint: servers.s3Endpoint,
      dynamodbEndpoint: servers.dynamodbEndpoint,
      publicBaseUrl: options.advertise,
    };
    await writeFile(stackFile(dataDir), JSON.stringify(file, null, 2));
  }
  return {
    s3Endpoint: servers.s3Endpoint,
    dynamodbEndpoint: servers.dynamodbEndpoint,
    publicBaseUrl: options.advertise,
    close: async () => {
      if (options.advertise) await rm(stackFile(dataDir), { force: true });
      await servers.close();
    },
  };
}

/**
 * For a one-off command (`npm run publish`, `npm run withdraw`): the running `npm start` stack on
 * DATA_DIR if there is one, else embedded servers of its own; the configuration points at it and
 * the resources exist. `close()` stops only servers this call started.
 */
export async function openLocalStackForCommand(env: NodeJS.ProcessEnv = process.env): Promise<{ stack: LocalStack; config: AppConfig }> {
  const { dataDir, port } = loadLocalConfig(env);
  const running = await findRunningStack(dataDir);
  const stack = running ?? (await startLocalStack(dataDir));
  const config = localConfig(stack, running?.publicBaseUrl ?? `http://127.0.0.1:${port}`, dataDir);
  await provisionLocalResources(config);
  return { stack, config };
}

/** Creates the buckets and the catalog table when missing (CDK does this on AWS). */
export async function provisionLocalResources(config: AppConfig): Promise<void> {
  const s3 = createS3Client(config);
  await ensureBucket(s3, config.landingBucket);
  await ensureBucket(s3, config.publicBucket);
  await ensureCatalogTable(createDocumentClient(config), config.catalogTable);
}

/**
 * Seeds the landing bucket with a dataset's sample when nothing has landed for it yet: the files
 * of `sampleDir` (`sample/<folder>/<file>` lands at `<dataset>/<folder>/<file>`), and the exports
 * of its generated sample for a run on `asOf` (samples.ts), which `generated` writes (or has
 * written); without it they are written into a directory of their own and removed once landed.
 */
export async function seedSampleExport(
  landing: ObjectStore,
  datasetId: string,
  sampleDir: string,
  options: { asOf?: Date; generated?: GeneratedSamples } = {},
): Promise<string[]> {
  if ((await landing.list(`${datasetId}/`)).length > 0) return [];
  const files = (await readdir(sampleDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(csv|json|ndjson|jsonl)$/i.test(e.name))
    .map((e) => ({ name: relative(sampleDir, join(e.parentPath, e.name)).split('\\').join('/'), file: join(e.parentPath, e.name) }));
  const own =
    options.generated || !hasGeneratedSample(datasetId)
      ? undefined
      : generatedSamples(options.asOf ?? new Date(), await mkdtemp(join(tmpdir(), 'samples-')));
  try {
    files.push(...((await (options.generated ?? own)?.exports(datasetId)) ?? []));
    const keys: string[] = [];
    for (const { name, file } of files.sort((a, b) => a.name.localeCompare(b.name))) {
      const key = `${datasetId}/${name}`;
      await landing.uploadFile(key, file, { contentType: /\.csv$/i.test(file) ? 'text/csv; charset=utf-8' : 'application/json' });
      keys.push(key);
    }
    return keys;
  } finally {
    await own?.close();
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const answers = async (endpoint: string): Promise<boolean> => {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
};
