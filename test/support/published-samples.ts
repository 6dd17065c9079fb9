import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import { createDocumentClient } from '../../src/adapters/dynamodb-client.ts';
import { generatedSamples, type GeneratedSamples } from '../../src/local/samples.ts';
import { seedSampleExport } from '../../src/local/stack.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { startTestStack, type TestStack } from './local-stack.ts';

/** When the samples are published, and the public address their datapackage.json names. */
export const SAMPLES_PUBLISHED_AT = '2026-11-25T02:00:00Z';
export const SAMPLES_BASE_URL = 'https://data.example.gov.vn';

const READY_TIMEOUT_MS = 180_000;
/** The template's catalog table, every item, as JSON. */
const CATALOG_ITEMS = 'catalog-items.json';

/**
 * Every dataset published once from its sample export, as `npm start` does, shared by the suites
 * that only read a published catalog: the first suite of the run to ask publishes them into a
 * template directory (real s3rver and dynalite, closed afterwards: the bucket's files, and the
 * catalog table's items as JSON); every suite then works on its own copy, on servers of its own.
 * The run's directory comes from test/support/global-setup.ts.
 */
export async function startSampleStack(publicBaseUrl = SAMPLES_BASE_URL): Promise<TestStack & { reports: PublishReport[] }> {
  const template = await sampleTemplate();
  const reports = JSON.parse(await readFile(join(template, 'reports.json'), 'utf8')) as PublishReport[];
  const items = JSON.parse(await readFile(join(template, CATALOG_ITEMS), 'utf8')) as CatalogItem[];
  // The bucket's files as the template holds them; the catalog's items written again into a table
  // in memory (half the cost of a request to one on disk).
  const stack = await startTestStack(publicBaseUrl, {
    prepare: async (dir) => cp(join(template, 'data', 's3'), join(dir, 's3'), { recursive: true }),
  });
  await writeCatalogItems(stack, items);
  return { ...stack, reports };
}

function runDir(): string {
  const dir = process.env.TEST_RUN_DIR;
  if (!dir) throw new Error('TEST_RUN_DIR is not set: run the tests with `npm test` (vitest.config.ts names the global setup)');
  return dir;
}

/**
 * The generated part of the sample exports (src/local/samples.ts) for a publish on `asOf`, kept
 * in the run's directory: a later publish with the same periods due lands the same files without
 * writing them again. `background`: written by a worker thread in that order, as `npm start` does.
 */
export function runGeneratedSamples(asOf: Date, background: readonly string[] = []): GeneratedSamples {
  return generatedSamples(asOf, join(runDir(), 'generated-samples'), { background, keep: true });
}

async function sampleTemplate(): Promise<string> {
  const ready = join(runDir(), 'samples');
  try {
    // Whoever takes the lock publishes; the others wait for the finished directory.
    await mkdir(join(runDir(), 'samples.lock'));
  } catch {
    return waitFor(ready);
  }
  const building = await mkdtemp(join(runDir(), 'samples-building-'));
  await publishSamples(building);
  await rename(building, ready);
  return ready;
}

async function publishSamples(into: string): Promise<void> {
  const dataDir = join(into, 'data');
  const stack = await startTestStack(SAMPLES_BASE_URL, { keepIn: dataDir, site: true, dynamodb: 'memory' });
  const generated = runGeneratedSamples(
    new Date(SAMPLES_PUBLISHED_AT),
    datasetDefinitions.map((d) => d.id),
  );
  try {
    const reports: PublishReport[] = [];
    for (const definition of datasetDefinitions) {
      await seedSampleExport(stack.stores.landing, definition.id, sampleDir(definition.id), { generated });
      // The static catalog once, after the last (each commit would render it again, whole).
      const report = await publishDataset(definition, { ...stack.deps, renderSite: undefined, now: () => new Date(SAMPLES_PUBLISHED_AT) });
      if (report.outcome !== 'published') throw new Error(`the ${definition.id} sample published nothing (${report.outcome})`);
      reports.push(report);
    }
    await stack.deps.renderSite?.();
    await writeFile(join(into, 'reports.json'), JSON.stringify(reports));
    await writeFile(join(into, CATALOG_ITEMS), JSON.stringify(await readCatalogItems(stack)));
  } finally {
    await generated.close();
    await stack.close();
  }
  // The work directory holds nothing a later run needs.
  await rm(join(dataDir, 'work'), { recursive: true, force: true });
}

async function waitFor(dir: string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (
      await stat(dir).then(
        () => true,
        () => false,
      )
    )
      return dir;
    if (Date.now() > deadline) throw new Error(`the published samples did not appear in ${dir} within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type CatalogItem = Record<string, unknown>;

async function readCatalogItems(stack: TestStack): Promise<CatalogItem[]> {
  const documents = createDocumentClient(stack.config);
  const items: CatalogItem[] = [];
  let start: CatalogItem | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: stack.config.catalogTable, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  documents.destroy();
  return items;
}

/** DynamoDB takes 25 items a batch. */
async function writeCatalogItems(stack: TestStack, items: readonly CatalogItem[]): Promise<void> {
  const documents = createDocumentClient(stack.config);
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [stack.config.catalogTable]: batch } }));
    if (Object.keys(UnprocessedItems ?? {}).length) throw new Error('the local catalog table left sample items unwritten');
  }
  documents.destroy();
}
