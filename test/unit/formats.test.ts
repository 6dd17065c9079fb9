import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { findDataset } from '../../datasets/index.ts';
import { datasetMetadata } from '../../src/catalog/metadata.ts';
import { prepareExportFile } from '../../src/pipeline/staging.ts';
import type { VersionFile } from '../../src/catalog/model.ts';
import { InputRefusedError } from '../../src/errors.ts';
import { buildDataPackage, tableSchema } from '../../src/catalog/formats/datapackage.ts';
import { digestFile, digestStream } from '../../src/pipeline/files.ts';
import { writeTableFiles } from '../../src/pipeline/outputs.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { readHeader } from '../../src/pipeline/read-header.ts';

const dir = mkdtempSync(join(tmpdir(), 'formats-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const tempFile = (content: string | Buffer): string => {
  const file = join(dir, `f${++files}.csv`);
  writeFileSync(file, content);
  return file;
};
const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

/** Runs fn and returns what it threw (fails the test when it does not throw). */
async function refusal(fn: () => Promise<unknown>): Promise<InputRefusedError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputRefusedError);
    return error as InputRefusedError;
  }
  throw new Error('expected an InputRefusedError, nothing was thrown');
}

describe('readHeader', () => {
  it('strips a UTF-8 BOM', async () => {
    // Prepare
    const file = tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('TenCoSo,SoGiayPhep\r\nA,1\r\n')]));

    // Act
    const header = await readHeader(file, 'ds/79/a.csv', ',');

    // Assess
    expect(header).toEqual(['TenCoSo', 'SoGiayPhep']);
  });

  it('normalises an NFD header to NFC and trims names', async () => {
    const file = tempFile(`${' Tên cơ sở '.normalize('NFD')},Địa chỉ\nx,y\n`);
    const header = await readHeader(file, 'a.csv', ',');
    expect(header).toEqual(['Tên cơ sở', 'Địa chỉ']);
    expect(Buffer.from(header[0]!)).toEqual(Buffer.from('T\u00EAn c\u01A1 s\u1EDF'));
  });

  it('reads quoted names and the dataset delimiter', async () => {
    expect(await readHeader(tempFile('"a,b";c;"d ""e"""\n1;2;3\n'), 'a.csv', ';')).toEqual(['a,b', 'c', 'd "e"']);
  });

  it('reads only the header: a bad quote in a later row is not its concern', async () => {
    expect(await readHeader(tempFile('a,b\n"x,y"z\n"open'), 'a.csv', ',')).toEqual(['a', 'b']);
  });

  it('refuses an empty file, naming the file', async () => {
    // Prepare
    const file = tempFile('');

    // Act
    const error = await refusal(() => readHeader(file, 'medical-facilities/79/empty.csv', ','));

    // Assess
    expect(error.message).toBe('medical-facilities/79/empty.csv: the file is empty (no header row)');
    expect(error.location).toEqual({ file: 'medical-facilities/79/empty.csv' });
    expect(error.status).toBe(422);
    expect(error.code).toBe('input_refused');
  });

  it('refuses a header that names a column twice, naming the field', async () => {
    const error = await refusal(() => readHeader(tempFile('TenCoSo,DiaChi,TenCoSo\n1,2,3\n'), 'x.csv', ','));
    expect(error.message).toBe('x.csv, row 1, field TenCoSo: the header names this column twice');
    expect(error.location).toEqual({ file: 'x.csv', row: 1, field: 'TenCoSo' });
  });

  it('counts NFC and NFD spellings of a name as the same name', async () => {
    const error = await refusal(() => readHeader(tempFile(`Tên,${'Tên'.normalize('NFD')}\n1,2\n`), 'x.csv', ','));
    expect(error.location.field).toBe('Tên');
  });

  it.each([
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n', 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a,b\r\n', 'utf16le').swap16()])],
  ])('reads %s once prepareExportFile has transcoded it to UTF-8', async (_name, content) => {
    const utf8 = await prepareExportFile(tempFile(content), 'utf16.csv');
    expect(readFileSync(utf8, 'utf8')).toBe('a,b\r\n');
    expect(await readHeader(utf8, 'utf16.csv', ',')).toEqual(['a', 'b']);
  });

  it('refuses a UTF-16 byte-order mark followed by bytes that are not UTF-16', async () => {
    const error = await refusal(() => prepareExportFile(tempFile(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41])), 'odd.csv'));
    expect(error.message).toBe('odd.csv: starts with a UTF-16LE byte-order mark but is not valid UTF-16LE');
  });

  it('refuses an empty header cell, naming its position', async () => {
    const error = await refusal(() => readHeader(tempFile('a,,b\n1,2,3\n'), 'x.csv', ','));
    expect(error.message).toBe('x.csv, row 1, field column 2: a header cell is empty');
  });

  it('refuses a blank first line', async () => {
    const error = await refusal(() => readHeader(tempFile('\na,b\n'), 'x.csv', ','));
    expect(error.message).toBe('x.csv, row 1: the header row is empty');
  });

  it('refuses a header that is not valid CSV', async () => {
    const error = await refusal(() => readHeader(tempFile('"a,b\n'), 'x.csv', ','));
    expect(error.message.startsWith('x.csv, row 1: the header row is not valid CSV (')).toBe(true);
  });
});

describe('writeTableFiles: the published CSV', () => {
  const columns = [
    { name: 'facility_name', type: 'string' as const, title: { vi: '', en: '' }, description: { vi: '', en: '' } },
    { name: 'beds', type: 'integer' as const, title: { vi: '', en: '' }, description: { vi: '', en: '' } },
  ];
  const writeCsv = async (rows: string) => {
    const db = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
    await db.run(`CREATE TABLE t (facility_name VARCHAR, beds INTEGER)`);
    if (rows) await db.run(`INSERT INTO t VALUES ${rows}`);
    const { csvFile } = await writeTableFiles(db, { sqlTable: 't', name: `t${++files}`, columns, workDir: dir });
    db.closeSync();
    return readFileSync(csvFile);
  };

  it('is EF BB BF, the header, then RFC 4180 rows with CRLF, formulas defused, byte for byte', async () => {
    const written = await writeCsv(`('Phòng khám "An Bình", Q.1', 12), ('=SUM(A1)', NULL), ('-1', 3)`);
    expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(written.subarray(3).toString('utf8')).toBe(
      'facility_name,beds\r\n"Phòng khám ""An Bình"", Q.1",12\r\n\'=SUM(A1),\r\n\'-1,3\r\n',
    );
  });

  it('is the BOM and the header for a table without rows', async () => {
    expect((await writeCsv('')).toString('utf8')).toBe('\uFEFFfacility_name,beds\r\n');
  });
});

describe('digestFile and digestStream', () => {
  it.each([
    ['small text', Buffer.from('a,b\r\n1,2\r\n')],
    ['several stream chunks', Buffer.alloc(300_000, 'Đ')],
    ['binary', Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256))],
  ])('equals crypto sha256 and the size: %s', async (_name, content) => {
    // Prepare
    const file = tempFile(content);

    // Act
    const digest = await digestFile(file);

    // Assess
    expect(digest).toEqual({ sha256: sha256(content), bytes: content.length });
  });

  it('gives the well-known digest of the empty file', async () => {
    expect(await digestFile(tempFile(''))).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      bytes: 0,
    });
  });

  it('digestStream agrees with digestFile', async () => {
    const content = Buffer.from('x'.repeat(100_000) + 'Hà Nội');
    const stream = Readable.from([content.subarray(0, 7), content.subarray(7, 70_000), content.subarray(70_000)]);
    expect(await digestStream(stream)).toEqual(await digestFile(tempFile(content)));
  });
});

describe('buildDataPackage', () => {
  // ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose .default is the plugin.
  const addFormats = addFormatsModule.default;
  // Unknown keywords still fail (strictSchema); the upstream profiles are not written for Ajv's
  // stricter lint checks (minProperties beside anyOf without a type, required inside anyOf).
  const ajv = new Ajv({ strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true });
  addFormats(ajv);
  // Annotations the Frictionless profiles use for their documentation site.
  ajv.addKeyword('propertyOrder').addKeyword('context').addKeyword('options').addKeyword('notes');
  // Upstream typo (`item` for `items`, under fieldsMatch): without effect, as in any draft-07 validator.
  ajv.addKeyword('item');
  ajv.addFormat('textarea', true);
  const schemaDir = join(import.meta.dirname, '..', 'fixtures', 'frictionless-v2');
  const compile = (name: string): ValidateFunction => {
    const schema = JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    return ajv.compile(schema);
  };
  const validators = {
    package: compile('datapackage.json'),
    resource: compile('dataresource.json'),
    schema: compile('tableschema.json'),
    dialect: compile('tabledialect.json'),
  };
  const errorsOf = (validate: ValidateFunction, value: unknown) => (validate(value) ? [] : validate.errors);

  const metadata = datasetMetadata(findDataset('medical-facilities')!);
  const csvContent = '\uFEFFfacility_name\r\nA\r\n';
  const parquetContent = Buffer.from('PAR1fakePAR1');

  async function build() {
    const csvDigest = await digestFile(tempFile(csvContent));
    const parquetDigest = await digestFile(tempFile(parquetContent));
    const csv: VersionFile = {
      name: 'medical-facilities.csv',
      format: 'csv',
      key: 'datasets/medical-facilities/versions/20261125T213550Z/medical-facilities.csv',
      mediaType: 'text/csv; charset=utf-8',
      ...csvDigest,
    };
    const parquet: VersionFile = {
      name: 'medical-facilities.parquet',
      format: 'parquet',
      key: 'datasets/medical-facilities/versions/20261125T213550Z/medical-facilities.parquet',
      mediaType: 'application/vnd.apache.parquet',
      ...parquetDigest,
    };
    return buildDataPackage({
      metadata,
      version: '20261125T213550Z',
      created: '2026-11-25T21:35:50Z',
      datasetUrl: 'https://data.example.gov.vn/datasets/medical-facilities',
      tables: [{ schema: metadata.tables[0]!, csv, parquet }],
    });
  }

  it('validates against the Frictionless v2 Data Package profile', async () => {
    // Act
    const descriptor = await build();

    // Assess
    expect(errorsOf(validators.package, descriptor)).toEqual([]);
  });

  it('each resource validates as a Data Resource, its schema as a Table Schema, the dialect as a Table Dialect', async () => {
    const descriptor = await build();
    expect(descriptor.resources).toHaveLength(2);
    for (const resource of descriptor.resources) {
      expect(errorsOf(validators.resource, resource)).toEqual([]);
      expect(errorsOf(validators.schema, resource.schema)).toEqual([]);
    }
    expect(errorsOf(validators.dialect, (descriptor.resources[0] as { dialect: unknown }).dialect)).toEqual([]);
  });

  it('the validators do reject broken descriptors (control)', async () => {
    // Prepare
    const descriptor = await build();
    const noResources = { ...descriptor, resources: [] };
    const badHash = { ...descriptor.resources[0]!, hash: 'sha256:not-hex' };
    const badLicence = { ...descriptor, licenses: [{ name: 'CC BY 4.0' }] };
    const noPath = { ...descriptor.resources[1]!, path: undefined };
    const badField = { ...descriptor.resources[0]!.schema, fields: [{ name: 'x', type: 'text' }] };

    // Act / Assess
    expect(validators.package(noResources)).toBe(false);
    expect(validators.resource(badHash)).toBe(false);
    expect(validators.package(badLicence)).toBe(false);
    expect(validators.resource(JSON.parse(JSON.stringify(noPath)))).toBe(false);
    expect(validators.schema(badField)).toBe(false);
  });

  it('hashes are sha256:<hex> of the file bytes, and sizes are the byte counts', async () => {
    const descriptor = await build();
    const [csv, parquet] = descriptor.resources;
    expect(csv!.hash).toBe(`sha256:${sha256(csvContent)}`);
    expect(parquet!.hash).toBe(`sha256:${sha256(parquetContent)}`);
    for (const r of descriptor.resources) expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(csv!.bytes).toBe(Buffer.byteLength(csvContent));
    expect(parquet!.bytes).toBe(parquetContent.length);
  });

  it('describes the dataset and both files', async () => {
    const descriptor = await build();
    expect(descriptor.name).toBe('medical-facilities');
    expect(descriptor.id).toBe('https://data.example.gov.vn/datasets/medical-facilities');
    expect(descriptor.version).toBe('20261125T213550Z');
    expect(descriptor.licenses).toEqual([
      { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0 International' },
    ]);
    expect(descriptor.resources.map((r) => [r.name, r.path, r.format, r.mediatype])).toEqual([
      ['medical-facilities-csv', 'medical-facilities.csv', 'csv', 'text/csv'],
      ['medical-facilities-parquet', 'medical-facilities.parquet', 'parquet', 'application/vnd.apache.parquet'],
    ]);
    expect((descriptor.resources[0] as { dialect: unknown }).dialect).toEqual({
      header: true,
      delimiter: ',',
      lineTerminator: '\r\n',
      quoteChar: '"',
      doubleQuote: true,
    });
  });

  it('the table schema lists the output columns in order, dates with the default format', () => {
    // Act
    const schema = tableSchema(metadata.tables[0]!);

    // Assess
    expect(schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['facility_name', 'string'],
      ['licence_number', 'string'],
      ['form_of_practice', 'string'],
      ['status', 'string'],
      ['address', 'string'],
      ['province_code', 'string'],
      ['province_name', 'string'],
      ['issue_date', 'date'],
    ]);
    expect(schema.fields.find((f) => f.name === 'issue_date')).toMatchObject({ format: 'default' });
    expect(schema.fields.filter((f) => 'format' in f).map((f) => f.name)).toEqual(['issue_date']);
    expect(schema.missingValues).toEqual(['']);
    expect(JSON.stringify(schema)).not.toContain('SoCCHN_NDD');
  });
});
