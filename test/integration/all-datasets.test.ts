import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { loadCatalog } from '../../src/catalog/queries.ts';
import { dataJson as dataJsonOf } from '../../src/catalog/formats/data-json.ts';
import { periodDates } from '../../src/pipeline/periods.ts';
import { datasetDefinitions, sampleDir } from '../../datasets/index.ts';
import { seedSampleExport } from '../../src/local/stack.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import { readObject, startTestStack, type TestStack } from '../support/local-stack.ts';
import { runGeneratedSamples, SAMPLES_BASE_URL, SAMPLES_PUBLISHED_AT, startSampleStack } from '../support/published-samples.ts';
import { testDir } from '../support/test-dir.ts';

/** Every dataset, published from its sample export, as `npm start` does. */
describe('all datasets publish from their sample exports', () => {
  const stacks: TestStack[] = [];
  const reports = new Map<string, PublishReport[]>();
  /** A published CSV's records, read once for every test of the file (the largest is 3 MB). */
  const parsedCsv = new Map<string, Promise<Record<string, string>[]>>();
  const csvRows = (key: string): Promise<Record<string, string>[]> => {
    let rows = parsedCsv.get(key);
    if (!rows) {
      rows = readObject(stacks[0]!.stores, key).then(
        (bytes) => parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[],
      );
      parsedCsv.set(key, rows);
    }
    return rows;
  };

  beforeAll(async () => {
    // Two independent runs at different times of the same day (the same periods due): the same
    // input must give byte-identical data files. The first is the run the suites share.
    const samples = await startSampleStack();
    stacks.push(samples);
    for (const report of samples.reports) reports.set(report.datasetId, [report]);
    const later = Date.parse(SAMPLES_PUBLISHED_AT) + 7.5 * 3_600_000;
    const stack = await startTestStack();
    stacks.push(stack);
    // The same periods are due: the generated exports the first run landed, landed again.
    const generated = runGeneratedSamples(new Date(later));
    for (const definition of datasetDefinitions) {
      await seedSampleExport(stack.stores.landing, definition.id, sampleDir(definition.id), { generated });
      const report = await publishDataset(definition, { ...stack.deps, now: () => new Date(later) });
      reports.get(definition.id)?.push(report);
      expect([definition.id, report.outcome]).toEqual([definition.id, 'published']);
    }
  }, 240_000);
  afterAll(async () => Promise.all(stacks.map((s) => s.close())));

  it('publishes all nine datasets', () => {
    expect([...reports.keys()].sort()).toEqual([
      'births',
      'deaths',
      'health-care-encounters',
      'health-insurance-coverage',
      'health-workforce',
      'medical-devices',
      'medical-facilities',
      'notifiable-diseases',
      'registered-medicines',
    ]);
  });

  it('gives byte-identical CSV and Parquet files for the same input', () => {
    for (const [id, [first, second]] of reports) {
      const data = (r: PublishReport) => r.files.filter((f) => f.format === 'csv' || f.format === 'parquet').map((f) => [f.name, f.sha256]);
      expect([id, data(second!)]).toEqual([id, data(first!)]);
    }
  });

  it('reads every CSV and Parquet back in DuckDB with the same rows', async () => {
    const dir = await testDir('readback-all-');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    for (const [id, [report]] of reports) {
      const tables = report!.files.filter((f) => f.format === 'parquet').map((f) => f.name.replace(/\.parquet$/, ''));
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        const csv = join(dir, `${table}.csv`);
        const parquet = join(dir, `${table}.parquet`);
        await writeFile(csv, await readObject(stacks[0]!.stores, `datasets/${id}/${report!.version}/${table}.csv`));
        await writeFile(parquet, await readObject(stacks[0]!.stores, `datasets/${id}/${report!.version}/${table}.parquet`));
        // Read the CSV with the Parquet file's column types, undo the CSV-only formula guard, compare both ways.
        const types = (await db.runAndReadAll(`DESCRIBE SELECT * FROM '${parquet}'`)).getRowObjectsJS();
        const columns = types.map((t) => `'${t.column_name}': '${t.column_type}'`).join(', ');
        const unguard = types
          .filter((t) => t.column_type === 'VARCHAR')
          .map(
            (t) =>
              `CASE WHEN regexp_matches("${t.column_name}", '^''[=+\\-@\\t\\r]') THEN substr("${t.column_name}", 2) ELSE "${t.column_name}" END AS "${t.column_name}"`,
          );
        const fromCsv = `SELECT * ${unguard.length ? `REPLACE (${unguard.join(', ')})` : ''} FROM read_csv('${csv}', header = true, columns = {${columns}})`;
        const counts = (
          await db.runAndReadAll(
            `SELECT (SELECT count(*) FROM (${fromCsv})) AS csv_rows, (SELECT count(*) FROM '${parquet}') AS parquet_rows,
               (SELECT count(*) FROM ((${fromCsv}) EXCEPT ALL SELECT * FROM '${parquet}')) AS only_csv,
               (SELECT count(*) FROM (SELECT * FROM '${parquet}' EXCEPT ALL (${fromCsv}))) AS only_parquet`,
          )
        ).getRowObjectsJS()[0]!;
        expect([table, Number(counts.only_csv), Number(counts.only_parquet)]).toEqual([table, 0, 0]);
        expect(Number(counts.csv_rows)).toBe(Number(counts.parquet_rows));
        expect(Number(counts.parquet_rows)).toBeGreaterThan(0);
      }
    }
  });

  it('draws charts whose every bar a reader gets again from the published CSV alone', async () => {
    // A bar is the sum of its category's published counts and the number of its suppressed cells
    // (aggregates), or its rows (registries): nothing a reader of the file could not add up.
    for (const [id, [report]] of reports) {
      const record = (await stacks[0]!.stores.catalog.getVersion(id, report!.version))!;
      const definition = datasetDefinitions.find((d) => d.id === id)!;
      expect([id, (record.charts ?? []).length]).toEqual([id, definition.kind === 'registry' ? definition.chartBy.length : 2]);
      for (const chart of record.charts ?? []) {
        const rows = await csvRows(`datasets/${id}/${report!.version}/${chart.table}.csv`);
        const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
        const expected = new Map<string, { value: number; hiddenCells: number }>();
        for (const row of rows) {
          if (chart.period !== undefined && row[definition.kind === 'aggregate' ? definition.release.period : '']! !== chart.period)
            continue;
          const key = unguard(row[chart.column] ?? '');
          const bar = expected.get(key) ?? { value: 0, hiddenCells: 0 };
          if (definition.kind === 'registry') bar.value += 1;
          else if (row.count_status === 'suppressed') bar.hiddenCells += 1;
          else bar.value += Number(row.count);
          expected.set(key, bar);
        }
        const drawn = chart.bars.filter((b) => b.code !== '*');
        const other = chart.bars.find((b) => b.code === '*');
        expect([id, chart.id, drawn.map((b) => [b.code, b.value, b.hiddenCells])]).toEqual([
          id,
          chart.id,
          drawn.map((b) => [b.code, expected.get(b.code)?.value, expected.get(b.code)?.hiddenCells]),
        ]);
        expect([id, chart.id, drawn.length + (chart.otherCategories ?? 0)]).toEqual([id, chart.id, expected.size]);
        if (other)
          expect(other.value).toBe(
            [...expected].filter(([code]) => !drawn.some((b) => b.code === code)).reduce((n, [, b]) => n + b.value, 0),
          );
      }
    }
  });

  it('publishes at least half of the cells of every aggregate table as a count above zero: the samples show real numbers', async () => {
    // A count shown: published (event releases) or rounded (snapshots), and not 0. Suppressed
    // cells and zeros are the rest; the generated samples are sized for this (src/local/samples.ts).
    const shares: Array<[string, number]> = [];
    for (const definition of datasetDefinitions) {
      if (definition.kind !== 'aggregate') continue;
      const shown = definition.release.kind === 'snapshot' ? 'rounded' : 'published';
      const [report] = reports.get(definition.id)!;
      for (const file of report!.files.filter((f) => f.format === 'csv')) {
        const rows = await csvRows(file.key);
        const counted = rows.filter((r) => r.count_status === shown && Number(r.count) > 0).length;
        shares.push([file.name, Math.round((1000 * counted) / rows.length) / 10]);
      }
    }
    expect(shares.map(([name]) => name)).toHaveLength(
      datasetDefinitions.reduce((n, d) => n + (d.kind === 'aggregate' ? d.tables.length : 0), 0),
    );
    expect(shares.filter(([, percent]) => percent < 50)).toEqual([]);
  });

  it('previews an aggregate by the largest counts of its latest period, names without codes, the counts in view', async () => {
    for (const definition of datasetDefinitions.filter((d) => d.kind === 'aggregate')) {
      const [report] = reports.get(definition.id)!;
      const preview = (await stacks[0]!.stores.catalog.getVersion(definition.id, report!.version))!.preview!;
      const rows = await csvRows(`datasets/${definition.id}/${report!.version}/${preview.table}.csv`);
      const period = definition.release.period;
      const latest = rows
        .map((r) => r[period]!)
        .sort()
        .at(-1);
      expect([definition.id, preview.period]).toEqual([definition.id, latest]);
      expect(preview.columns).toContain('count');
      expect(preview.columns.filter((c) => c.endsWith('_code') && preview.columns.includes(c.replace(/_code$/, '_name')))).toEqual([]);
      // Every row shown is a row of that period, largest first; no larger count was left out.
      const counts = preview.rows.map((r) =>
        r[preview.columns.indexOf('count')] === null ? -1 : Number(r[preview.columns.indexOf('count')]),
      );
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      const inPeriod = rows.filter((r) => r[period] === latest).map((r) => (r.count === '' ? -1 : Number(r.count)));
      expect(counts).toEqual([...inPeriod].sort((a, b) => b - a).slice(0, counts.length));
      expect(preview.rows.every((r) => r[preview.columns.indexOf(period)] === latest)).toBe(true);
    }
  });

  it('states the days the data cover: an aggregate from its first to its last period, in the record and in DCAT-US', async () => {
    const dataJson = dataJsonOf(await loadCatalog(stacks[0]!.stores.catalog), SAMPLES_BASE_URL) as {
      dataset: { landingPage: string; temporal: string }[];
    };
    for (const definition of datasetDefinitions) {
      const [report] = reports.get(definition.id)!;
      const record = (await stacks[0]!.stores.catalog.getVersion(definition.id, report!.version))!;
      const listed = dataJson.dataset.find((d) => d.landingPage.endsWith(`/dataset/${definition.id}`))!;
      if (definition.kind === 'registry') {
        expect([definition.id, record.coverage]).toEqual([definition.id, undefined]);
        continue;
      }
      const table = report!.files.find((f) => f.format === 'csv')!;
      const rows = await csvRows(table.key);
      const periods = [...new Set(rows.map((r) => r[definition.release.period]!))].sort();
      const expected = { start: periodDates(periods[0]!).start, end: periodDates(periods.at(-1)!).end };
      expect([definition.id, record.coverage]).toEqual([definition.id, expected]);
      expect([definition.id, listed.temporal]).toEqual([definition.id, `${expected.start}/${expected.end}`]);
    }
  });

  it('declares constraints and primary keys in the data package that every published row meets', async () => {
    for (const [id, [report]] of reports) {
      const datapackage = JSON.parse(
        (await readObject(stacks[0]!.stores, report!.files.find((f) => f.format === 'datapackage')!.key)).toString('utf8'),
      ) as {
        resources: {
          format: string;
          path: string;
          schema: {
            fields: { name: string; constraints?: { required?: boolean; enum?: string[]; pattern?: string; minimum?: number } }[];
            primaryKey?: string[];
          };
        }[];
      };
      const definition = datasetDefinitions.find((d) => d.id === id)!;
      for (const resource of datapackage.resources.filter((r) => r.format === 'csv')) {
        const { fields, primaryKey } = resource.schema;
        expect([resource.path, primaryKey !== undefined]).toEqual([resource.path, definition.kind === 'aggregate']);
        const file = report!.files.find((f) => f.name === resource.path)!;
        const rows = await csvRows(file.key);
        const broken: string[] = [];
        for (const field of fields) {
          const c = field.constraints ?? {};
          for (const row of rows) {
            const value = row[field.name] ?? '';
            if (value === '') {
              if (c.required) broken.push(`${field.name} empty`);
              continue;
            }
            if (c.enum && !c.enum.includes(value)) broken.push(`${field.name}=${value} not in enum`);
            if (c.pattern && !new RegExp(c.pattern, 'u').test(value)) broken.push(`${field.name}=${value} not ${c.pattern}`);
            if (c.minimum !== undefined && Number(value) < c.minimum) broken.push(`${field.name}=${value} < ${c.minimum}`);
          }
        }
        if (primaryKey) {
          const keys = rows.map((r) => primaryKey.map((k) => r[k]).join('\u001f'));
          if (new Set(keys).size !== keys.length) broken.push('primary key repeated');
        }
        expect([resource.path, [...new Set(broken)].slice(0, 5)]).toEqual([resource.path, []]);
        if (primaryKey) {
          // Each dimension's code column is constrained: categories by enum, periods by pattern.
          expect(fields.filter((f) => primaryKey.includes(f.name)).every((f) => f.constraints?.enum || f.constraints?.pattern)).toBe(true);
        } else {
          // A register: its province column (if any) lists the provinces in force; the columns from required fields are required.
          const province = fields.find((f) => f.name === 'province_code');
          if (province) expect([resource.path, province.constraints?.enum?.length]).toEqual([resource.path, 34]);
          expect(fields.some((f) => f.constraints?.required)).toBe(true);
        }
      }
    }
  });

  it('publishes event aggregates only as counts that are 0 or at least k, with suppressed cells empty and marked', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const dir = await testDir('aggregates-');
    const events = datasetDefinitions.filter((d) => d.kind === 'aggregate' && d.release.kind === 'event');
    expect(events.map((d) => d.id).sort()).toEqual(['births', 'deaths', 'health-care-encounters', 'notifiable-diseases']);
    const suppressed = new Map<string, number>();
    for (const definition of events) {
      const [report] = reports.get(definition.id)!;
      expect(report!.disclosure?.k).toBe(11);
      for (const file of report!.files.filter((f) => f.format === 'parquet')) {
        const path = join(dir, file.name);
        await writeFile(path, await readObject(stacks[0]!.stores, file.key));
        const [row] = (
          await db.runAndReadAll(
            `SELECT count(*) FILTER (WHERE count BETWEEN 1 AND 10) AS small,
                    count(*) FILTER (WHERE count_status = 'suppressed' AND count IS NOT NULL) AS leaked,
                    count(*) FILTER (WHERE count_status = 'published' AND count IS NULL) AS missing,
                    count(*) FILTER (WHERE count_status NOT IN ('published', 'suppressed')) AS unknown_status,
                    count(*) FILTER (WHERE count_status = 'suppressed') AS suppressed
             FROM '${path}'`,
          )
        ).getRowObjectsJS();
        expect([file.name, Number(row!.small), Number(row!.leaked), Number(row!.missing), Number(row!.unknown_status)]).toEqual([
          file.name,
          0,
          0,
          0,
          0,
        ]);
        suppressed.set(definition.id, (suppressed.get(definition.id) ?? 0) + Number(row!.suppressed));
      }
    }
    // Drawn records leave small counts, so suppression is at work in these samples; the encounters
    // sample is drawn by strata, every count 0 or at least k (datasets/health-care-encounters/generator.ts).
    expect([...suppressed].filter(([, n]) => n > 0).map(([id]) => id)).toEqual(['births', 'deaths', 'notifiable-diseases']);
  });

  it('publishes snapshots only as multiples of the rounding base, every count marked rounded', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const dir = await testDir('snapshots-');
    const snapshots = datasetDefinitions.filter((d) => d.kind === 'aggregate' && d.release.kind === 'snapshot');
    expect(snapshots.map((d) => d.id).sort()).toEqual(['health-insurance-coverage', 'health-workforce']);
    for (const definition of snapshots) {
      const [report] = reports.get(definition.id)!;
      for (const file of report!.files.filter((f) => f.format === 'parquet')) {
        const path = join(dir, file.name);
        await writeFile(path, await readObject(stacks[0]!.stores, file.key));
        const [row] = (
          await db.runAndReadAll(
            `SELECT count(*) FILTER (WHERE count % 10 <> 0 OR count IS NULL) AS unrounded,
                    count(*) FILTER (WHERE count_status <> 'rounded') AS other_status,
                    count(*) FILTER (WHERE count > 0) AS non_zero,
                    count(DISTINCT snapshot) AS snapshots
             FROM '${path}'`,
          )
        ).getRowObjectsJS();
        expect([file.name, Number(row!.unrounded), Number(row!.other_status), Number(row!.snapshots)]).toEqual([file.name, 0, 0, 1]);
        expect(Number(row!.non_zero)).toBeGreaterThan(0);
      }
    }
  });
});
