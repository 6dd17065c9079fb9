import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { datasetDefinitions } from '../../datasets/index.ts';
import { exportToString, findGenerator } from '../../datasets/generators/index.ts';
import { IdentifierGateError } from '../../src/errors.ts';
import { scanTable } from '../../src/gate/scan.ts';
import { sql } from '../../src/sql.ts';
import { defineDataset, type AggregateDefinition, type DatasetDefinitionInput } from '../../src/policy/dataset-definition.ts';
import { publishDataset } from '../../src/pipeline/publish.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const ROWS = 3000;
const SEED = 20261125;
const personLevel = datasetDefinitions.filter((d): d is AggregateDefinition => d.kind === 'aggregate');

/** The definition as a careless editor might write it: every source field marked open and published row by row. */
function everythingMarkedOpen(definition: AggregateDefinition) {
  const column = (name: string, i: number) => ({
    name: `field_${i}`,
    type: 'string' as const,
    title: { vi: name, en: name },
    description: { vi: name, en: name },
    source: { kind: 'text' as const, field: name },
  });
  return defineDataset({
    ...definition,
    kind: 'registry',
    fields: definition.fields.map((f) => ({ ...f, class: 'open' })),
    columns: definition.fields.map((f, i) => column(f.name, i)),
    sortBy: ['field_0'],
    dimensions: undefined,
    tables: undefined,
    disclosure: undefined,
  } as unknown as DatasetDefinitionInput);
}

describe('canaries planted in generated person-level exports are always caught', () => {
  let db: DuckDBConnection;
  let dir: string;
  let stack: TestStack;
  beforeAll(async () => {
    db = await (await DuckDBInstance.create(':memory:')).connect();
    dir = await mkdtemp(join(tmpdir(), 'canaries-'));
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(personLevel.map((d) => [d.id, d] as const))(
    '%s: every planted identifier and every citizen ID is found by the gate',
    async (id, definition) => {
      // Prepare: the same seed with and without canaries differs exactly where canaries were planted.
      const generator = findGenerator(id)!;
      const withCanaries = await exportToString(generator, { rows: ROWS, seed: SEED, canaries: true });
      const plain = parse(await exportToString(generator, { rows: ROWS, seed: SEED }), { columns: true }) as Record<string, string>[];
      const planted = parse(withCanaries, { columns: true }) as Record<string, string>[];
      const expected = new Set<string>();
      planted.forEach((row, i) => {
        for (const field of generator.canaryFields) if (row[field] !== plain[i]![field]) expected.add(`${field}:${i}`);
      });
      const identityFields = definition.fields.filter((f) => /CCCD/.test(f.name)).map((f) => f.name);
      const file = join(dir, `${id}.csv`);
      await writeFile(file, withCanaries);
      await db.run(
        `CREATE OR REPLACE TABLE export AS SELECT row_number() OVER () AS n, * FROM read_csv('${file}', all_varchar = true, header = true)`,
      );

      // Act
      const hits = await scanTable(db, {
        table: 'export',
        file: `${id}.csv`,
        columns: [...generator.canaryFields, ...identityFields],
        orderBy: sql`n`,
        limit: 10 * ROWS,
      });

      // Assess: 100 % of canaries, and every citizen ID.
      const found = new Set(hits.map((h) => `${h.column}:${h.row! - 2}`));
      expect(expected.size).toBeGreaterThan(0);
      expect([...expected].filter((k) => !found.has(k))).toEqual([]);
      for (const field of identityFields) {
        const rowsWithId = planted.map((r, i) => (r[field] ? `${field}:${i}` : undefined)).filter(Boolean);
        expect(rowsWithId.length).toBeGreaterThan(ROWS / 2);
        expect(rowsWithId.filter((k) => !found.has(k!))).toEqual([]);
      }
    },
  );

  it.each(personLevel.map((d) => [d.id, d] as const))(
    '%s: a definition that wrongly marks person-level fields open is blocked, nothing published',
    async (id, definition) => {
      const generator = findGenerator(id)!;
      await stack.stores.landing.put(
        `${id}/20261125T000000Z-export.csv`,
        await exportToString(generator, { rows: 500, seed: SEED, canaries: true }),
      );
      const error = await publishDataset(everythingMarkedOpen(definition), stack.deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdentifierGateError);
      expect((error as IdentifierGateError).hits.length).toBeGreaterThan(0);
      expect(await stack.stores.publicFiles.list(`datasets/${id}/`)).toEqual([]);
    },
  );
});
