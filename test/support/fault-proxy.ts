import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxy {
  endpoint: string;
  faults: { errors: number; drops: number; lostResponses: number; forwarded: number };
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a local protocol server that misbehaves like a real network and a busy
 * service, at random but reproducibly: server errors and throttling answers (never forwarded),
 * connections dropped before forwarding, and — the nasty one — requests forwarded and applied but
 * whose answer is lost.
 */
export async function startFaultProxy(
  target: string,
  options: { rate: number; seed: number; kind: 's3' | 'dynamodb' },
): Promise<FaultProxy> {
  let seed = options.seed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const upstream = new URL(target);
  const faults = { errors: 0, drops: 0, lostResponses: 0, forwarded: 0 };
  const server: Server = createServer((req, res) => {
    const roll = random();
    const fault = roll < options.rate ? (roll < options.rate / 3 ? 'error' : roll < (2 * options.rate) / 3 ? 'drop' : 'lose') : undefined;
    if (fault === 'error') {
      faults.errors += 1;
      req.resume();
      // Half the refusals are throttling, half internal errors, as both services answer them; the
      // SDK waits out throttling five times longer (500 ms base against 100 ms).
      const throttled = roll < options.rate / 6;
      if (options.kind === 's3') {
        const [status, code, message] = throttled
          ? [503, 'SlowDown', 'Please reduce your request rate.']
          : [500, 'InternalError', 'We encountered an internal error. Please try again.'];
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
      } else {
        const [status, type, message] = throttled
          ? [400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.']
          : [500, 'InternalServerError', 'Internal server error'];
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
      }
      return;
    }
    if (fault === 'drop') {
      faults.drops += 1;
      req.socket.destroy();
      return;
    }
    faults.forwarded += 1;
    const proxied = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (fault === 'lose') {
          faults.lostResponses += 1;
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => req.socket.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
