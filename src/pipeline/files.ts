import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

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
