import { describe, expect, it } from 'vitest';
import { datasetDefinitions, findDataset } from '../../datasets/index.ts';
import { closedFields, datasetMetadata } from '../../src/catalog/metadata.ts';
import {
  datasetDefinitionSchema,
  defineDataset,
  type DatasetDefinition,
  type DatasetDefinitionInput,
  type OutputColumn,
  type RegistryDefinition,
  dimensionFields,
} from '../../src/policy/dataset-definition.ts';

const fieldOf = (column: OutputColumn): string => (column.source.kind === 'province' ? column.source.addressField : column.source.field);

/** A small definition that is valid; each negative case changes one thing. */
function validInput(): Extract<DatasetDefinitionInput, { kind: 'registry' }> {
  const text = (vi: string, en: string) => ({ vi, en });
  return {
    id: 'test-dataset',
    title: text('Bộ dữ liệu thử', 'Test dataset'),
    description: text('Mô tả', 'Description'),
    kind: 'registry' as const,
    keywords: { vi: ['thử'], en: ['test'] },
    decree: { categories: [24], scope: ['14.1.a'] },
    licence: { id: 'CC-BY-4.0', title: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    publisher: { name: text('Bộ Y tế', 'Ministry of Health'), url: 'https://moh.gov.vn', email: 'opendata@moh.gov.vn' },
    source: { name: text('Nguồn', 'Source'), format: 'csv' },
    schedule: 'rate(1 day)',
    updateFrequency: text('Hằng ngày', 'Daily'),
    fields: [
      { name: 'Ten', class: 'open', description: text('Tên', 'Name') },
      { name: 'Ngay', class: 'open', description: text('Ngày', 'Date') },
      { name: 'CCCD', class: 'personal', description: text('Số định danh', 'Citizen ID') },
    ],
    columns: [
      {
        name: 'name',
        type: 'string',
        title: text('Tên', 'Name'),
        description: text('Tên', 'Name'),
        source: { kind: 'text', field: 'Ten' },
      },
      {
        name: 'day',
        type: 'date',
        title: text('Ngày', 'Date'),
        description: text('Ngày', 'Date'),
        source: { kind: 'date', field: 'Ngay', formats: ['%Y-%m-%d'] },
      },
    ],
    sortBy: ['name'],
  };
}

describe('every dataset definition', () => {
  it('there is at least one, and ids are unique kebab-case', () => {
    const ids = datasetDefinitions.map((d) => d.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(findDataset(id)?.id).toBe(id);
    }
    expect(findDataset('no-such-dataset')).toBeUndefined();
  });

  describe.each(datasetDefinitions.map((d) => [d.id, d] as const))('%s', (_id, definition: DatasetDefinition) => {
    it('parses again through datasetDefinitionSchema to the same object', () => {
      // Prepare
      const copy = structuredClone(definition);

      // Act
      const reparsed = datasetDefinitionSchema.safeParse(copy);

      // Assess
      expect(reparsed.error).toBeUndefined();
      expect(reparsed.data).toEqual(definition);
    });

    it('names Art. 5 categories within 1–24 and an Art. 14 scope', () => {
      const { categories, scope } = definition.decree;
      expect(categories.length).toBeGreaterThan(0);
      for (const n of categories) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(24);
      }
      expect(new Set(categories).size).toBe(categories.length);
      expect(scope.length).toBeGreaterThan(0);
      for (const s of scope) expect(s).toMatch(/^14\.[1-4](\.[a-eđ])?$/u);
    });

    it('has a licence with an https URL, a publisher, a source name and a schedule', () => {
      expect(definition.licence.id).not.toBe('');
      expect(definition.licence.title).not.toBe('');
      expect(new URL(definition.licence.url).protocol).toBe('https:');
      expect(definition.publisher.name.vi).not.toBe('');
      expect(definition.publisher.name.en).not.toBe('');
      expect(new URL(definition.publisher.url).protocol).toBe('https:');
      expect(definition.publisher.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
      expect(definition.source.name.vi).not.toBe('');
      expect(definition.source.name.en).not.toBe('');
      expect(definition.schedule).toMatch(/^(cron|rate)\(.+\)$/);
    });

    it('derives every registry column from a declared open field, with unique names and sort keys', () => {
      if (definition.kind !== 'registry') return expect(definition.kind).toBe('aggregate');
      // Prepare
      const fields = new Map(definition.fields.map((f) => [f.name, f]));

      // Act
      const used = definition.columns.map((c) => ({ column: c.name, field: fieldOf(c), class: fields.get(fieldOf(c))?.class }));

      // Assess
      expect(used.filter((u) => u.class !== 'open')).toEqual([]);
      const names = definition.columns.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      for (const key of definition.sortBy) expect(names).toContain(key);
      if (definition.quality.duplicateKey) expect(names).toContain(definition.quality.duplicateKey);
    });

    it('publishes an aggregate only through fixed grids of declared dimensions, with k of at least 5', () => {
      if (definition.kind !== 'aggregate') return expect(definition.kind).toBe('registry');
      const fields = new Map(definition.fields.map((f) => [f.name, f]));
      const dimensions = new Set(definition.dimensions.map((d) => d.name));
      for (const table of definition.tables) for (const d of table.dimensions) expect(dimensions).toContain(d);
      for (const dim of definition.dimensions) {
        for (const used of dimensionFields(dim.source))
          expect(['open', 'personal', 'private-secret', 'family-secret']).toContain(fields.get(used)?.class);
      }
      expect(definition.disclosure.k).toBeGreaterThanOrEqual(5);
      // No date finer than a month, except ISO weeks for notifiable diseases.
      const kinds = definition.dimensions.map((d) => d.source.kind);
      if (kinds.includes('iso-week')) expect(definition.id).toBe('notifiable-diseases');
    });

    it('lists every non-open field as closed in the catalog metadata', () => {
      // Act
      const metadata = datasetMetadata(definition);

      // Assess
      const nonOpen = definition.fields.filter((f) => f.class !== 'open').map((f) => f.name);
      expect(metadata.closedFields.map((f) => f.field)).toEqual(nonOpen);
      expect(metadata.tables.length).toBe(definition.kind === 'registry' ? 1 : definition.tables.length);
      expect(metadata.categories.map((c) => c.number)).toEqual(definition.decree.categories);
      expect(metadata.legalBasis.id).toBe('102/2025/NĐ-CP');
    });

    it('tells a field the tables count by from one that is only dropped', () => {
      const counted = Object.fromEntries(closedFields(definition).flatMap((f) => (f.countedAs ? [[f.field, f.countedAs]] : [])));
      const expected =
        definition.kind === 'aggregate'
          ? Object.fromEntries(
              definition.fields.flatMap((f) => {
                const dims = definition.dimensions.filter((d) => dimensionFields(d.source).includes(f.name)).map((d) => d.name);
                return f.class !== 'open' && dims.length ? [[f.name, dims]] : [];
              }),
            )
          : {};
      expect(counted).toEqual(expected);
      if (definition.id === 'births')
        expect(counted).toMatchObject({ GioiTinh: ['sex'], TuoiMe: ['mother_age_group'], MaTinh: ['province'] });
    });
  });
});

describe('medical-facilities', () => {
  const definition = findDataset('medical-facilities') as RegistryDefinition;

  it('classifies SoCCHN_NDD as personal and never uses it in a column', () => {
    expect(definition.fields.find((f) => f.name === 'SoCCHN_NDD')?.class).toBe('personal');
    expect(definition.columns.map(fieldOf)).not.toContain('SoCCHN_NDD');
  });

  it('publishes SoCCHN_NDD in the metadata as a closed field citing Art. 6', () => {
    expect(closedFields(definition)).toEqual([
      {
        field: 'SoCCHN_NDD',
        class: 'personal',
        provision: 'Art. 6, Art. 10.2.c',
        reason: {
          vi: 'Dữ liệu cá nhân: chỉ được cung cấp khi có sự đồng ý của chủ thể dữ liệu và đơn vị quản lý',
          en: 'Personal data: shared only with the consent of the data subject and the data manager',
        },
      },
    ]);
  });

  it('is in Art. 5 category 24 (medical facilities)', () => {
    expect(definition.decree.categories).toContain(24);
    expect(datasetMetadata(definition).categories.find((c) => c.number === 24)).toEqual({
      number: 24,
      vi: 'Các cơ sở y tế',
      en: 'Medical facilities',
    });
  });
});

describe('defineDataset refuses', () => {
  it('accepts the valid base definition (control)', () => {
    const def = defineDataset(validInput());
    expect(def.id).toBe('test-dataset');
    expect(def.quality.maxRejectedRatio).toBe(0.01);
    expect(def.source.delimiter).toBe(',');
  });

  it('a column fed by a personal field, naming the field and its class', () => {
    // Prepare
    const input = validInput();
    input.columns[0]!.source = { kind: 'text', field: 'CCCD' };

    // Act / Assess
    expect(() => defineDataset(input)).toThrow('uses "CCCD", classified personal: only open fields may be published');
    expect(() => defineDataset(input)).toThrow('Dataset definition "test-dataset" is invalid');
  });

  it('a province column whose address field is not open', () => {
    const input = validInput();
    input.fields.push({ name: 'DiaChiNha', class: 'private-secret', description: { vi: 'Địa chỉ nhà', en: 'Home address' } });
    input.columns.push({
      name: 'province_code',
      type: 'string',
      title: { vi: 'Mã tỉnh', en: 'Province code' },
      description: { vi: 'Mã tỉnh', en: 'Province code' },
      source: { kind: 'province', part: 'code', addressField: 'DiaChiNha' },
    });
    expect(() => defineDataset(input)).toThrow('uses "DiaChiNha", classified private-secret');
  });

  it('a column using an undeclared field', () => {
    const input = validInput();
    input.columns[0]!.source = { kind: 'text', field: 'KhongCo' };
    expect(() => defineDataset(input)).toThrow('uses "KhongCo", which is not a declared source field');
  });

  it('duplicate column names', () => {
    const input = validInput();
    input.columns.push({ ...input.columns[0]! });
    expect(() => defineDataset(input)).toThrow('duplicate column name');
  });

  it('duplicate source field names', () => {
    const input = validInput();
    input.fields.push({ ...input.fields[0]! });
    expect(() => defineDataset(input)).toThrow('duplicate source field name');
  });

  it('sortBy naming a source field instead of a column', () => {
    const input = validInput();
    input.sortBy = ['Ten'];
    expect(() => defineDataset(input)).toThrow('"Ten" is not an output column');
  });

  it('an identifierAllow pattern that is not a regular expression', () => {
    const input = validInput();
    input.identifierAllow = [{ column: input.columns[0]!.name, kinds: ['phone'], pattern: '(?:84|0)2[0-9', reason: 'switchboards' }];
    expect(() => defineDataset(input)).toThrow('not a valid regular expression');
    input.identifierAllow[0]!.pattern = '(?:84|0)2[0-9]{9}';
    expect(() => defineDataset(input)).not.toThrow();
  });

  it('a duplicateKey that is not a column', () => {
    const input = validInput();
    input.quality = { duplicateKey: 'licence' };
    expect(() => defineDataset(input)).toThrow('"licence" is not an output column');
  });

  it.each([[25], [0], [-1], [2.5]])('category %p', (n) => {
    const input = validInput();
    input.decree.categories = [24, n];
    expect(() => defineDataset(input)).toThrow(/Art\. 5 has categories 1–24|expected int/);
  });

  it('category 25 with the Art. 5 message', () => {
    const input = validInput();
    input.decree.categories = [25];
    expect(() => defineDataset(input)).toThrow('Art. 5 has categories 1–24');
  });

  it('no category at all', () => {
    const input = validInput();
    input.decree.categories = [];
    expect(() => defineDataset(input)).toThrow('decree.categories');
  });

  it.each([['15.1.a'], ['14.5'], ['14.1.g'], ['14']])('scope %p outside Art. 14', (scope) => {
    const input = validInput();
    input.decree.scope = [scope];
    expect(() => defineDataset(input)).toThrow('decree.scope');
  });

  it('accepts Art. 14.4.đ (the Vietnamese letter)', () => {
    const input = validInput();
    input.decree.scope = ['14.4.đ'];
    expect(defineDataset(input).decree.scope).toEqual(['14.4.đ']);
  });

  it('a date column declared as string', () => {
    const input = validInput();
    input.columns[1]!.type = 'string';
    expect(() => defineDataset(input)).toThrow('a date column has type date');
  });

  it('a text column declared as date', () => {
    const input = validInput();
    input.columns[0]!.type = 'date';
    expect(() => defineDataset(input)).toThrow('a text column has type string');
  });

  it('a licence without a URL', () => {
    const input = validInput();
    input.licence = { id: 'CC-BY-4.0', title: 'CC BY 4.0', url: 'not a url' };
    expect(() => defineDataset(input)).toThrow('licence.url');
  });

  it('a column name that is not lower snake_case', () => {
    const input = validInput();
    input.columns[0]!.name = 'FacilityName';
    expect(() => defineDataset(input)).toThrow('lower snake_case');
  });

  it('a schedule that is not cron() or rate()', () => {
    const input = validInput();
    input.schedule = 'every day';
    expect(() => defineDataset(input)).toThrow('schedule');
  });
});
