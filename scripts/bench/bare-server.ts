/**
 * Child process: a bare Node `http` server answering the bytes the API answered (status, headers,
 * body captured beforehand, read from `--responses <file>`), for the paths captured; 404 else.
 * Prints `READY {"port"}` and runs until its stdin closes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onParentGone, requiredArg } from './lib.ts';

export interface CapturedResponse {
  path: string;
  status: number;
  headers: Record<string, string>;
  /** base64 */
  body: string;
}

const captured = JSON.parse(readFileSync(requiredArg('responses'), 'utf8')) as CapturedResponse[];
const byPath = new Map(captured.map((c) => [c.path, { ...c, bytes: Buffer.from(c.body, 'base64') }]));
const server = createServer((req, res) => {
  const hit = byPath.get(req.url ?? '');
  if (!hit) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(hit.status, hit.headers);
  res.end(hit.bytes);
});
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
onParentGone(async () => {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
});
process.stdout.write(`READY ${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
