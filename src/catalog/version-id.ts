/**
 * Version ids are UTC timestamps in ISO 8601 basic format (`20261125T213550Z`): they sort as
 * they were published, read as dates, and are safe in URLs, S3 keys and file names.
 */
export const versionId = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

export const VERSION_PATTERN = /^\d{8}T\d{6}Z$/;

export const versionDate = (version: string): string =>
  `${version.slice(0, 4)}-${version.slice(4, 6)}-${version.slice(6, 8)}T${version.slice(9, 11)}:${version.slice(11, 13)}:${version.slice(13, 15)}Z`;
