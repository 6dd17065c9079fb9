import { normaliseForMatch } from '../../text.ts';
import { CkanValidationError } from './errors.ts';

/**
 * The part of Solr's query syntax that CKAN clients send in `q` and `fq`: free words and
 * "phrases", `field:value`, `field:"value"`, `field:(a OR b)`, ranges `field:[a TO b]` (`{`/`}`
 * exclusive, `*` open), `+`/`-` prefixes, `AND`/`OR`/`NOT`, parentheses, and `*:*`. Clauses
 * next to each other must all hold (CKAN's default operator is AND).
 */
export type QueryNode =
  | { kind: 'all' }
  | { kind: 'text'; field: TextField; words: string[]; phrase: boolean }
  | { kind: 'term'; field: string; value: string }
  | { kind: 'range'; field: string; lo?: number; hi?: number; loInclusive: boolean; hiInclusive: boolean }
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode };

export type TextField = 'text' | 'title' | 'notes';
const TEXT_FIELDS: readonly string[] = ['text', 'title', 'notes'];
/** Fields compared whole (case and diacritics ignored), possibly multi-valued. */
export const TERM_FIELDS = [
  'id',
  'name',
  'tags',
  'groups',
  'organization',
  'owner_org',
  'res_format',
  'license_id',
  'dataset_type',
  'type',
  'state',
  'capacity',
  'private',
  'version',
] as const;
export const DATE_FIELDS = ['metadata_modified', 'metadata_created'] as const;
export const NUMBER_FIELDS = ['num_resources', 'num_tags'] as const;
const KNOWN_FIELDS: readonly string[] = [...TEXT_FIELDS, ...TERM_FIELDS, ...DATE_FIELDS, ...NUMBER_FIELDS];

/** A package as the query sees it, like CKAN's Solr document. */
export interface QueryDocument {
  text: { text: string; title: string; notes: string };
  terms: Record<(typeof TERM_FIELDS)[number], string[]>;
  dates: Record<(typeof DATE_FIELDS)[number], number>;
  numbers: Record<(typeof NUMBER_FIELDS)[number], number>;
}

/**
 * An ISO 8601 time as microseconds since the epoch (CKAN's and the harvester's precision:
 * `2026-11-25T01:00:00.123456Z`); no zone = UTC, as in Solr and CKAN.
 */
export function isoMicros(s: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', frac = '', zone = 'Z'] = m;
  const tz = zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  // Date.parse rolls 2026-02-30 over to March: check the calendar date on its own first.
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return undefined;
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${tz}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
}

const normalise = (s: string): string => normaliseForMatch(s);

class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly param: string,
  ) {}

  private fail(message: string): never {
    throw new CkanValidationError(this.param, `${message} (at character ${this.pos + 1} of "${this.source}")`);
  }

  private skipSpace(): void {
    while (this.pos < this.source.length && /\s/.test(this.source[this.pos]!)) this.pos++;
  }

  private keyword(word: string): boolean {
    const next = this.source[this.pos + word.length];
    if (this.source.startsWith(word, this.pos) && (next === undefined || /[\s(]/.test(next))) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  parse(): QueryNode {
    const node = this.expression();
    this.skipSpace();
    if (this.pos < this.source.length) this.fail('Unbalanced ")"');
    return node;
  }

  private expression(): QueryNode {
    const items: QueryNode[] = [];
    let or = false;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.source.length || this.source[this.pos] === ')') break;
      if (this.keyword('AND') || this.keyword('&&')) continue;
      if (this.keyword('OR') || this.keyword('||')) {
        if (items.length === 0) this.fail('OR without a left-hand side');
        or = true;
        continue;
      }
      const clause = this.clause();
      const previous = or ? items.pop() : undefined;
      if (previous) items.push({ kind: 'or', items: [...(previous.kind === 'or' ? previous.items : [previous]), clause] });
      else items.push(clause);
      or = false;
    }
    if (or) this.fail('OR without a right-hand side');
    if (items.length === 0) return { kind: 'all' };
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private clause(): QueryNode {
    const sign = this.source[this.pos];
    if (sign === '+' || sign === '-') this.pos++;
    else if (this.keyword('NOT')) {
      this.skipSpace();
      return { kind: 'not', item: this.clause() };
    }
    const node = this.primary();
    return sign === '-' ? { kind: 'not', item: node } : node;
  }

  private primary(): QueryNode {
    const c = this.source[this.pos];
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      if (this.source[this.pos] !== ')') this.fail('Missing ")"');
      this.pos++;
      return inner;
    }
    if (c === '"') return this.text('text', this.quoted(), true);
    const field = /^([A-Za-z_][A-Za-z0-9_]*|\*):/.exec(this.source.slice(this.pos));
    if (field && (field[1] === '*' || KNOWN_FIELDS.includes(field[1]!))) {
      this.pos += field[0].length;
      return this.value(field[1]!);
    }
    if (field && this.param === 'fq') this.fail(`Unknown field "${field[1]}"`);
    // In q an unknown "field:" is just text (a user typing "covid-19: số ca").
    return this.text('text', this.bare(), false);
  }

  private value(field: string): QueryNode {
    const c = this.source[this.pos];
    if (field === '*') {
      if (this.bare() !== '*') this.fail('Only *:* is supported with the * field');
      return { kind: 'all' };
    }
    if (c === '[' || c === '{') return this.range(field);
    if (c === '(') {
      this.pos++;
      const alternatives: QueryNode[] = [];
      for (;;) {
        this.skipSpace();
        if (this.source[this.pos] === ')') break;
        if (this.pos >= this.source.length) this.fail('Missing ")"');
        if (this.keyword('OR') || this.keyword('||')) continue;
        const quoted = this.source[this.pos] === '"';
        alternatives.push(this.fieldValue(field, quoted ? this.quoted() : this.bare(), quoted));
      }
      this.pos++;
      if (alternatives.length === 0) this.fail(`Empty value list for ${field}`);
      return alternatives.length === 1 ? alternatives[0]! : { kind: 'or', items: alternatives };
    }
    const quoted = c === '"';
    return this.fieldValue(field, quoted ? this.quoted() : this.bare(), quoted);
  }

  private fieldValue(field: string, value: string, quoted: boolean): QueryNode {
    if (value === '') this.fail(`Missing value for ${field}`);
    if (TEXT_FIELDS.includes(field)) return this.text(field as TextField, value, quoted);
    if ((DATE_FIELDS as readonly string[]).includes(field) || (NUMBER_FIELDS as readonly string[]).includes(field)) {
      if (value === '*') return { kind: 'range', field, loInclusive: true, hiInclusive: true };
      const n = this.bound(field, value);
      return { kind: 'range', field, lo: n, hi: n, loInclusive: true, hiInclusive: true };
    }
    return { kind: 'term', field, value: value === '*' ? '*' : normalise(value) };
  }

  private text(field: TextField, value: string, phrase: boolean): QueryNode {
    if (value === '*') return { kind: 'all' };
    const words = normalise(value.replace(/\*$/, '')).split(' ').filter(Boolean);
    return words.length === 0 ? { kind: 'all' } : { kind: 'text', field, words, phrase };
  }

  private range(field: string): QueryNode {
    if (!(DATE_FIELDS as readonly string[]).includes(field) && !(NUMBER_FIELDS as readonly string[]).includes(field)) {
      this.fail(`Ranges are supported on ${[...DATE_FIELDS, ...NUMBER_FIELDS].join(', ')} only`);
    }
    const loInclusive = this.source[this.pos] === '[';
    const end = this.source.slice(this.pos).search(/[\]}]/);
    if (end < 0) this.fail('Missing "]" or "}"');
    const body = this.source.slice(this.pos + 1, this.pos + end);
    const hiInclusive = this.source[this.pos + end] === ']';
    const parts = body.trim().split(/\s+TO\s+/);
    if (parts.length !== 2) this.fail('A range reads [from TO to]');
    this.pos += end + 1;
    const [lo, hi] = parts.map((p) => (p.trim() === '*' ? undefined : this.bound(field, p.trim().replace(/^"|"$/g, ''))));
    return { kind: 'range', field, lo, hi, loInclusive, hiInclusive };
  }

  private bound(field: string, value: string): number {
    if ((NUMBER_FIELDS as readonly string[]).includes(field)) {
      if (!/^-?\d+$/.test(value)) this.fail(`"${value}" is not a whole number`);
      return Number(value);
    }
    const micros = isoMicros(value);
    if (micros === undefined) this.fail(`"${value}" is not an ISO 8601 UTC time (e.g. 2026-11-25T00:00:00Z) or *`);
    return micros;
  }

  private quoted(): string {
    const end = this.source.indexOf('"', this.pos + 1);
    if (end < 0) this.fail('Missing closing quote');
    const value = this.source.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  private bare(): string {
    const start = this.pos;
    while (this.pos < this.source.length && !/[\s()]/.test(this.source[this.pos]!)) {
      if (this.source[this.pos] === '\\') this.pos++;
      this.pos++;
    }
    return this.source.slice(start, this.pos).replace(/\\(.)/g, '$1');
  }
}

export const parseQuery = (source: string, param: 'q' | 'fq'): QueryNode => new Parser(source, param).parse();

const containsWords = (haystack: string, words: string[], phrase: boolean): boolean => {
  const text = ` ${haystack} `;
  // Words match at a word start ("benh" finds "bệnh", "benh vien" finds "bệnh viện"), as the catalog page's search does.
  return phrase ? text.includes(` ${words.join(' ')}`) : words.every((w) => text.includes(` ${w}`));
};

export function matches(node: QueryNode, doc: QueryDocument): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'text':
      return containsWords(doc.text[node.field], node.words, node.phrase);
    case 'term': {
      const values = doc.terms[node.field as (typeof TERM_FIELDS)[number]];
      return node.value === '*' ? values.length > 0 : values.some((v) => normalise(v) === node.value);
    }
    case 'range': {
      const value = (DATE_FIELDS as readonly string[]).includes(node.field)
        ? doc.dates[node.field as (typeof DATE_FIELDS)[number]]
        : doc.numbers[node.field as (typeof NUMBER_FIELDS)[number]];
      if (node.lo !== undefined && (node.loInclusive ? value < node.lo : value <= node.lo)) return false;
      if (node.hi !== undefined && (node.hiInclusive ? value > node.hi : value >= node.hi)) return false;
      return true;
    }
    case 'and':
      return node.items.every((n) => matches(n, doc));
    case 'or':
      return node.items.some((n) => matches(n, doc));
    case 'not':
      return !matches(node.item, doc);
  }
}

/** The free words a package is ranked by (those not under a NOT). */
export function scoringWords(node: QueryNode): string[] {
  switch (node.kind) {
    case 'text':
      return node.words;
    case 'and':
    case 'or':
      return node.items.flatMap(scoringWords);
    default:
      return [];
  }
}
