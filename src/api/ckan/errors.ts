import { BadRequestError, NotFoundError } from '../../errors.ts';

/**
 * CKAN's "Validation Error": a 400 that names the parameter, as CKAN does
 * (`{"__type": "Validation Error", "rows": ["Invalid integer"]}`).
 */
export class CkanValidationError extends BadRequestError {
  readonly field: string;
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.field = field;
    this.detail = detail;
  }
}

export const notFound = (what: string, id: string): NotFoundError => new NotFoundError(`${what} not found: ${id}`);
