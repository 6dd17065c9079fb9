import { AppError } from '../errors.ts';

/**
 * Cells that cannot describe a real population: bad indices, negative or fractional counts,
 * duplicate ids, or published values that no non-negative joint counts can produce.
 */
export class DisclosureInputError extends AppError {
  constructor(message: string) {
    super(422, 'disclosure_input_invalid', message);
  }
}
