import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import type { RegistryDefinition } from '../../src/policy/dataset-definition.ts';
import { provinceMatcher, provinceTableStatement } from '../../src/pipeline/province-match.ts';
import { makePublishedRows } from '../../src/pipeline/registry.ts';
import { ident } from '../../src/sql.ts';
import { loadProvinces, provinceAliases } from '../../src/reference/provinces.ts';

const definition = medicalFacilities as RegistryDefinition;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'published-rows-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** `typed` as the engine leaves it: 400 rows over 12 provinces (some from the folder, some from the address, some none), every third row repeated. */
const TYPED = `
  CREATE TEMP TABLE typed AS
  SELECT CASE WHEN i % 5 = 0 THEN '' ELSE lpad(CAST((i % 12) * 2 + 1 AS VARCHAR), 2, '0') END AS __partition_province,
         CASE WHEN i % 5 = 0 THEN (['ha noi', 'ho chi minh', 'da nang', NULL])[i % 4 + 1] END AS __address_alias,
         'Cơ sở ' || (i % 37) AS facility_name,
         CASE WHEN i % 11 = 0 THEN NULL ELSE lpad(CAST(i % 150 AS VARCHAR), 5, '0') || '/SYT-GPHĐ' END AS licence_number,
         (['Phòng khám', 'Nhà thuốc', NULL])[i % 3 + 1] AS form_of_practice,
         (['Đang hoạt động', 'Thu hồi'])[i % 2 + 1] AS status,
         'Số ' || (i % 50) AS address,
         CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 90)::INTEGER END AS issue_date
  FROM (SELECT i FROM range(400) r(i) UNION ALL SELECT i FROM range(0, 400, 3) r(i))`;

/** `final` made with sort chunks of `chunkRows`, as rows in stored order, and the number of chunks used. */
async function published(chunkRows?: number): Promise<{ rows: unknown[][]; chunks: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' });
  const db = await instance.connect();
  const dir = join(workDir, String(chunkRows));
  await mkdir(dir);
  try {
    await db.run(TYPED);
    await db.run(provinceTableStatement(loadProvinces()));
    await db.run(provinceMatcher(provinceAliases()).createAliasTable);
    await makePublishedRows(
      definition,
      dir,
      async (sql) => {
        await db.run(sql);
      },
      async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS(),
      chunkRows,
    );
    const rows = (await db.runAndReadAll(`SELECT * FROM final ORDER BY rowid`)).getRowsJS();
    const [[chunks]] = (await db.runAndReadAll(`SELECT count(DISTINCT chunk) FROM sort_chunk`)).getRowsJS() as [[bigint]];
    return { rows, chunks: Number(chunks) };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe('makePublishedRows', () => {
  it('gives the sorted DISTINCT rows, the same whether sorted whole or in chunks of the first sort key', async () => {
    // Act
    const whole = await published();
    const chunked = await published(40);

    // Assess: against DuckDB's own DISTINCT + ORDER BY of the same rows.
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(TYPED);
    const columns = definition.columns.map((c) => c.name);
    const order = [...definition.sortBy, ...columns.filter((c) => !definition.sortBy.includes(c))]
      .map((c) => `${ident(c)} NULLS LAST`)
      .join(', ');
    const province = `coalesce(nullif(__partition_province, ''), a.code)`;
    const expected = (
      await db.runAndReadAll(
        `SELECT DISTINCT facility_name, licence_number, form_of_practice, status, address, ${province} AS province_code,
           p.name AS province_name, issue_date
         FROM typed
         LEFT JOIN (VALUES ('ha noi', '01'), ('ho chi minh', '79'), ('da nang', '48')) a(alias, code) ON __address_alias = a.alias
         LEFT JOIN (SELECT * FROM (VALUES ${loadProvinces()
           .map((p) => `('${p.code}', '${p.name}')`)
           .join(', ')}) v(code, name)) p ON p.code = ${province}
         ORDER BY ${order}`,
      )
    ).getRowsJS();
    db.closeSync();
    instance.closeSync();

    expect(columns).toEqual([
      'facility_name',
      'licence_number',
      'form_of_practice',
      'status',
      'address',
      'province_code',
      'province_name',
      'issue_date',
    ]);
    expect(whole.chunks).toBe(1);
    expect(chunked.chunks).toBeGreaterThan(5);
    expect(whole.rows.length).toBeLessThan(534);
    expect(whole.rows).toEqual(expected);
    expect(chunked.rows).toEqual(expected);
  });
});
