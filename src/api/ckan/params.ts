import { CkanValidationError } from './errors.ts';

/**
 * An action's parameters as CKAN receives them: strings from a query string, or any JSON value
 * from a POST body (ckanapi posts `{"id": "x", "include_datasets": false}`). Readers accept both.
 */
export type CkanParams = Record<string, unknown>;

export function stringParam(params: CkanParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new CkanValidationError(name, 'Must be a string');
}

export function requiredString(params: CkanParams, name: string): string {
  const value = stringParam(params, name)?.trim();
  if (!value) throw new CkanValidationError(name, 'Missing value');
  return value;
}

/** A whole number ≥ `min`; above `max` it is clamped, as CKAN does with `ckan.search.rows_max`. */
export function intParam(params: CkanParams, name: string, fallback: number, range?: { min?: number; max?: number }): number;
export function intParam(params: CkanParams, name: string, fallback: undefined, range?: { min?: number; max?: number }): number | undefined;
export function intParam(
  params: CkanParams,
  name: string,
  fallback: number | undefined,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d{1,15}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) throw new CkanValidationError(name, 'Invalid integer');
  if (n < min) throw new CkanValidationError(name, `Must be a natural number${min > 0 ? ` of at least ${min}` : ''}`);
  return Math.min(n, max);
}

export function boolParam(params: CkanParams, name: string, fallback: boolean): boolean {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  throw new CkanValidationError(name, 'Not a boolean value');
}

/** A list given as a JSON array, a JSON-encoded array (CKAN's `facet.field`) or a comma-separated string. */
export function listParam(params: CkanParams, name: string): string[] | undefined {
  let raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (s.startsWith('[')) {
      try {
        raw = JSON.parse(s) as unknown;
      } catch {
        throw new CkanValidationError(name, 'Not a valid JSON list');
      }
    } else {
      raw = s.split(',').map((x) => x.trim());
    }
  }
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) throw new CkanValidationError(name, 'Must be a list of strings');
  return (raw as string[]).filter((x) => x !== '');
}
