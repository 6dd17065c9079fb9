/**
 * One error model for the whole project. Every error that a caller may see carries an HTTP-like
 * status and a public message; anything else is an unknown error that becomes a plain 500 and a
 * log line (see src/api/error-handler.ts).
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }

  /** The message is public by construction: never put paths, stack traces or secrets in it. */
  toJSON(): { status: number; code: string; message: string } {
    return { status: this.status, code: this.code, message: this.message };
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

/** A version that was withdrawn (Art. 24.1): its files are gone for good, the reason is public. */
export class GoneError extends AppError {
  constructor(message: string) {
    super(410, 'gone', message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, 'bad_request', message);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(message = 'Method not allowed') {
    super(405, 'method_not_allowed', message);
  }
}

/** Where in an input a problem was found: the file, the spreadsheet row (header = row 1) and the field. */
export interface InputLocation {
  file: string;
  row?: number;
  field?: string;
}

/** A source export (or part of it) was refused: nothing of this run is published. */
export class InputRefusedError extends AppError {
  readonly location: InputLocation;

  constructor(location: InputLocation, reason: string, options?: { cause?: unknown }) {
    super(422, 'input_refused', `${describeLocation(location)}: ${reason}`, options);
    this.location = location;
  }
}

/** A publish gate (rejected-row threshold, policy check) blocked the version. */
export class PublishBlockedError extends AppError {
  constructor(message: string) {
    super(409, 'publish_blocked', message);
  }
}

/**
 * The identifier gate found something that looks like a personal identifier in a file to be
 * published. A hit names a published file and its `row`, or a source export and its `line`.
 */
export class IdentifierGateError extends PublishBlockedError {
  readonly hits: { file: string; column?: string; row?: number; line?: number; kind: string; masked: string }[];

  /** `detail`: why these hits block the version (a registry withholds a few rows instead). */
  constructor(datasetId: string, hits: IdentifierGateError['hits'], detail?: string) {
    const listed = hits
      .slice(0, 10)
      .map((h) =>
        [
          h.file,
          h.column && `column ${h.column}`,
          h.row !== undefined && `row ${h.row}`,
          h.line !== undefined && `line ${h.line}`,
          `${h.kind} ${h.masked}`,
        ]
          .filter(Boolean)
          .join(', '),
      );
    super(
      `identifier gate: ${hits.length} possible personal identifier(s) in ${datasetId}${detail ? ` (${detail})` : ''}; nothing was published. ${listed.join('; ')}`,
    );
    this.hits = hits;
  }
}

/** Another run changed the catalog first; this run published nothing. */
export class ConcurrentPublishError extends AppError {
  constructor(message: string) {
    super(409, 'concurrent_publish', message);
  }
}

/** Configuration is read once at start-up; a bad value stops the process with the variable's name. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super(500, 'config_error', message);
  }
}

export function describeLocation({ file, row, field }: InputLocation): string {
  return [file, row === undefined ? undefined : `row ${row}`, field === undefined ? undefined : `field ${field}`]
    .filter((part) => part !== undefined)
    .join(', ');
}
