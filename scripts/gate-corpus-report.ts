/**
 * Recall and precision of the identifier gate on test/fixtures/gate/labelled-corpus.json, per kind
 * and overall, through both recognisers: the JavaScript one (findIdentifiers) and the DuckDB one
 * (sqlPatterns on the folded and blanked readings). Lists every miss and every false hit, then
 * the hits in the open fields of generated register exports (all legitimate values).
 *
 *   npx tsx scripts/gate-corpus-report.ts
 *
 * Recall of a kind: the share of its entries in which that kind is found. Precision: the share of
 * hits that fall on identifier entries, counting an entry as one hit (found anything) or none.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { exportToString, findGenerator } from '../datasets/generators/index.ts';
import { datasetDefinitions } from '../datasets/index.ts';
import { findIdentifiers, IDENTIFIER_KINDS, sqlBlanked, sqlFolded, sqlPatterns, type IdentifierKind } from '../src/gate/identifiers.ts';
import { literal } from '../src/sql.ts';
import { CORPUS_FILE, type LabelledEntry } from './make-gate-corpus.ts';

export const readLabelledCorpus = (): LabelledEntry[] =>
  (JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as { entries: LabelledEntry[] }).entries;

/** The kinds findIdentifiers reports in each text, sorted. */
export const jsKinds = (texts: readonly string[]): IdentifierKind[][] =>
  texts.map((t) => [...new Set(findIdentifiers(t).map((h) => h.kind))].sort());

/** The kinds whose DuckDB pattern matches each text, sorted. */
export async function sqlKinds(
  db: DuckDBConnection,
  texts: readonly string[],
  contextGiven?: ReadonlySet<IdentifierKind>,
): Promise<IdentifierKind[][]> {
  await db.run('CREATE OR REPLACE TEMP TABLE gate_texts (i INTEGER, text VARCHAR)');
  for (let start = 0; start < texts.length; start += 500) {
    const values = texts.slice(start, start + 500).map((t, k) => `(${start + k}, ${literal(t)})`);
    await db.run(`INSERT INTO gate_texts VALUES ${values.join(', ')}`);
  }
  const patterns = sqlPatterns(contextGiven);
  const tests = patterns.map((p, k) => `regexp_matches(${p.on === 'folded' ? 'folded' : 'blanked'}, ${literal(p.pattern)}) AS k${k}`);
  const rows = (
    await db.runAndReadAll(
      `SELECT i, ${tests.join(', ')} FROM (
         SELECT i, folded, ${sqlBlanked('folded')} AS blanked FROM (SELECT i, ${sqlFolded('text')} AS folded FROM gate_texts))
       ORDER BY i`,
    )
  ).getRows();
  const found: IdentifierKind[][] = texts.map(() => []);
  for (const [i, ...flags] of rows)
    found[Number(i)] = patterns
      .filter((_, k) => flags[k] === true)
      .map((p) => p.kind)
      .sort();
  return found;
}

export interface Measure {
  /** Per kind: entries of that kind, and how many had it found. */
  recall: { kind: IdentifierKind; entries: number; found: number }[];
  identifiers: number;
  identifiersFound: number;
  legitimate: number;
  falseHits: number;
  /** found / identifiers. */
  overallRecall: number;
  /** identifier entries with a hit / all entries with a hit. */
  precision: number;
  misses: LabelledEntry[];
  falsePositives: (LabelledEntry & { found: IdentifierKind[] })[];
}

export function measure(entries: readonly LabelledEntry[], found: readonly IdentifierKind[][]): Measure {
  const recall = IDENTIFIER_KINDS.map((kind) => {
    const of = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === kind);
    return { kind, entries: of.length, found: of.filter(({ i }) => found[i]!.includes(kind)).length };
  });
  const misses = entries.filter((e, i) => e.kind !== null && !found[i]!.includes(e.kind));
  const falsePositives = entries.flatMap((e, i) => (e.kind === null && found[i]!.length > 0 ? [{ ...e, found: [...found[i]!] }] : []));
  const identifiers = entries.filter((e) => e.kind !== null).length;
  const truePositives = entries.filter((e, i) => e.kind !== null && found[i]!.length > 0).length;
  return {
    recall,
    identifiers,
    identifiersFound: identifiers - misses.length,
    legitimate: entries.length - identifiers,
    falseHits: falsePositives.length,
    overallRecall: (identifiers - misses.length) / identifiers,
    precision: truePositives / (truePositives + falsePositives.length),
    misses,
    falsePositives,
  };
}

const percent = (x: number): string => `${(100 * x).toFixed(2)} %`;

function print(engine: string, m: Measure): void {
  console.log(`\n${engine}`);
  for (const r of m.recall)
    console.log(`  ${r.kind.padEnd(24)} recall ${percent(r.found / r.entries).padStart(8)}  (${r.found}/${r.entries})`);
  console.log(`  ${'overall'.padEnd(24)} recall ${percent(m.overallRecall).padStart(8)}  (${m.identifiersFound}/${m.identifiers})`);
  console.log(
    `  ${'legitimate values'.padEnd(24)} passed ${percent(1 - m.falseHits / m.legitimate).padStart(8)}  (${m.legitimate - m.falseHits}/${m.legitimate})`,
  );
  console.log(`  ${'precision'.padEnd(24)}        ${percent(m.precision).padStart(8)}`);
  for (const e of m.misses) console.log(`  MISSED ${e.kind} (${e.form}): ${JSON.stringify(e.text)}`);
  for (const e of m.falsePositives) console.log(`  FALSE HIT ${e.found.join(',')} (${e.form}): ${JSON.stringify(e.text)}`);
}

/**
 * Hits in the published (open) fields of generated register exports without canaries: every value
 * is legitimate, and none was written with the gate's rules in view.
 */
async function generatedRegisters(rows: number): Promise<void> {
  console.log(`\nGenerated register exports (${rows} rows each, open fields, no canaries)`);
  for (const definition of datasetDefinitions.filter((d) => d.kind === 'registry')) {
    const generator = findGenerator(definition.id);
    if (!generator) continue;
    const open = definition.fields.filter((f) => f.class === 'open').map((f) => f.name);
    const text = (await exportToString(generator, { rows, seed: 7 })).trim();
    const records = (
      text.startsWith('[')
        ? JSON.parse(text)
        : text.startsWith('{')
          ? text.split('\n').map((l) => JSON.parse(l))
          : parse(text, { columns: true, bom: true })
    ) as Record<string, unknown>[];
    let cells = 0;
    let hit = 0;
    for (const record of records)
      for (const field of open) {
        const value = record[field];
        if (typeof value !== 'string') continue;
        cells += 1;
        if (findIdentifiers(value).length > 0) hit += 1;
      }
    console.log(`  ${definition.id.padEnd(24)} ${cells} cells, ${hit} with a hit`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entries = readLabelledCorpus();
  const texts = entries.map((e) => e.text);
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    console.log(
      `${CORPUS_FILE}: ${entries.filter((e) => e.kind).length} identifiers, ${entries.filter((e) => !e.kind).length} legitimate values`,
    );
    print('JavaScript (findIdentifiers)', measure(entries, jsKinds(texts)));
    print('DuckDB (sqlPatterns)', measure(entries, await sqlKinds(db, texts)));
    await generatedRegisters(20_000);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
