declare const trusted: unique symbol;

/**
 * SQL this code wrote: a quoted name or value, or a fragment built with the `sql` tag from those.
 * A plain string (a header, a definition's value, a caller's text) is not one, so it cannot reach
 * a query where SQL is expected without going through the quoting below.
 */
export type Sql = string & { readonly [trusted]: true };

/** Quoting for SQL built from definitions and from untrusted headers. */
export const ident = (name: string): Sql => `"${name.replaceAll('"', '""')}"` as Sql;
export const literal = (value: string): Sql => `'${value.replaceAll("'", "''")}'` as Sql;
/** Fragments joined by commas: arguments, columns, IN lists. */
export const sqlList = (fragments: readonly Sql[]): Sql => fragments.join(', ') as Sql;
export const literalList = (values: readonly string[]): Sql => sqlList(values.map(literal));

/** A fragment written here in the code: only SQL and numbers may be put into it. */
export function sql(strings: TemplateStringsArray, ...parts: readonly (Sql | number)[]): Sql {
  return strings.reduce((text, piece, i) => text + String(parts[i - 1]) + piece) as Sql;
}
