import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** sha256 (hex) and size of a file, streamed. */
export const digestFile = (file: string): Promise<{ sha256: string; bytes: number }> => digestStream(createReadStream(file));

/** sha256 (hex) and size of a stream. */
export async function digestStream(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The published CSV: a UTF-8 byte-order mark (so Excel shows Vietnamese intact; pandas, DuckDB,
 * R and csv-parse skip it), then the RFC 4180 body DuckDB wrote. Returns the sha256 and size of
 * what it wrote, hashed on the way (the file is not read a second time).
 */
export async function writeCsvWithBom(bodyFile: string, outFile: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256').update(UTF8_BOM);
  let bytes = UTF8_BOM.length;
  const out = createWriteStream(outFile);
  out.write(UTF8_BOM);
  await pipeline(
    createReadStream(bodyFile),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    out,
  );
  return { sha256: hash.digest('hex'), bytes };
}
