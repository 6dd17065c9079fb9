import type { Localized } from '../../policy/dataset-definition.ts';

/**
 * The small part of JSON-LD the catalog writes, and a Turtle writer for it. One graph, two
 * serialisations: the builders make a JSON-LD document (inline `@context` of prefixes only, so a
 * harvester never fetches a remote context) and `toTurtle` writes the same triples as Turtle.
 *
 * Shape: `@graph` holds nodes with an `@id`; a node without `@id` (a blank node: a checksum, a
 * contact point, a period of time) only ever appears nested, once, as a property value.
 */

export type IriRef = { '@id': string };
export type Literal = { '@value': string; '@language'?: string; '@type'?: string };
export type Value = IriRef | Literal | Node;

export interface Node {
  '@id'?: string;
  '@type'?: string | string[];
  [property: string]: Value | Value[] | string | string[] | undefined;
}

export interface JsonLdDocument {
  '@context': Record<string, string>;
  '@graph': Node[];
}

export const PREFIXES = {
  adms: 'http://www.w3.org/ns/adms#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatap: 'http://data.europa.eu/r5r/',
  dct: 'http://purl.org/dc/terms/',
  eli: 'http://data.europa.eu/eli/ontology#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

export const ref = (iri: string): IriRef => ({ '@id': iri });
export const literal = (value: string, language?: string): Literal =>
  language ? { '@value': value, '@language': language } : { '@value': value };
export const typed = (value: string | number, datatype: string): Literal => ({ '@value': String(value), '@type': datatype });
/** Vietnamese first, English second. */
export const localized = (text: Localized): Literal[] => [literal(text.vi, 'vi'), literal(text.en, 'en')];

/** A node with its properties in the given order; undefined and empty values are left out, single values unwrapped. */
export function node(id: string | undefined, types: string[], properties: Record<string, Value | Value[] | undefined>): Node {
  const result: Node = {};
  if (id !== undefined) result['@id'] = id;
  if (types.length > 0) result['@type'] = types.length === 1 ? types[0]! : types;
  for (const [property, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      result[property] = value.length === 1 ? value[0]! : value;
    } else {
      result[property] = value;
    }
  }
  return result;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const PN_LOCAL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Turtle for the document's graph: prefixes, then one block per node in document order. */
export function toTurtle(doc: JsonLdDocument): string {
  const context = doc['@context'];
  const expand = (name: string): string => {
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    const local = name.slice(colon + 1);
    return prefix in context && !local.startsWith('//') ? `${context[prefix]}${local}` : name;
  };
  const term = (name: string): string => {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(0, colon) in context && PN_LOCAL.test(name.slice(colon + 1))) return name;
    return `<${escapeIri(expand(name))}>`;
  };
  const value = (v: Value, indent: string): string => {
    if (isLiteral(v)) {
      const quoted = `"${escapeString(v['@value'])}"`;
      if (v['@language']) return `${quoted}@${v['@language']}`;
      return v['@type'] ? `${quoted}^^${term(v['@type'])}` : quoted;
    }
    if (isNode(v)) return `[\n${body(v, `${indent}    `)}\n${indent}]`;
    return term(v['@id']!);
  };
  const body = (n: Node, indent: string): string => {
    const lines: string[] = [];
    const types = n['@type'];
    if (types !== undefined) lines.push(`${indent}a ${asArray(types).map(term).join(', ')}`);
    for (const [property, raw] of Object.entries(n)) {
      if (property.startsWith('@') || raw === undefined) continue;
      const values = asArray(raw as Value | Value[]);
      lines.push(`${indent}${term(property)} ${values.map((v) => value(v, indent)).join(`,\n${indent}    `)}`);
    }
    return lines.join(' ;\n');
  };
  const prefixes = Object.entries(context).map(([prefix, iri]) => `@prefix ${prefix}: <${escapeIri(iri)}> .`);
  const blocks = doc['@graph'].map((n) => {
    const id = n['@id'];
    if (id === undefined) throw new Error('a top-level node needs an @id');
    return `${term(id)}\n${body(n, '    ')} .`;
  });
  return `${prefixes.join('\n')}\n\n${blocks.join('\n\n')}\n`;
}

const isLiteral = (v: Value): v is Literal => typeof (v as Partial<Literal>)['@value'] === 'string';

/** A nested node object (a blank node); the Turtle writer only nests nodes without an @id. */
function isNode(v: Value): v is Node {
  if ('@id' in v) {
    if (Object.keys(v).length > 1) throw new Error(`node ${v['@id']} must be a top-level node, not nested`);
    return false;
  }
  return true;
}

/** Turtle STRING_LITERAL_QUOTE: escape the quote, the backslash and control characters. */
function escapeString(s: string): string {
  return s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    }
  });
}

/** IRIREF forbids spaces, controls and <>"{}|^`\ : write them as UCHAR escapes. */
function escapeIri(iri: string): string {
  return iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}
