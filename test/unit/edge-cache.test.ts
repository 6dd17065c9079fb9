import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CloudFrontEdgeCache, createCloudFrontClient } from '../../src/adapters/cloudfront-edge-cache.ts';
import { createWithdrawDeps } from '../../src/composition-withdraw.ts';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { LOCAL_CREDENTIALS } from '../../src/adapters/local-credentials.ts';

const AWS_ENV = {
  LANDING_BUCKET: 'landing-bucket',
  PUBLIC_BUCKET: 'public-bucket',
  CATALOG_TABLE: 'catalog-table',
  PUBLIC_BASE_URL: 'https://data.example.vn',
};

/**
 * No local server speaks CloudFront's API, so this one answers CreateInvalidation as the API
 * reference shows and keeps what the real SDK client sent.
 */
async function withCloudFrontEndpoint<T>(run: (endpoint: string, requests: { method: string; url: string; body: string }[]) => Promise<T>) {
  const requests: { method: string; url: string; body: string }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    requests.push({ method: req.method!, url: req.url!, body });
    res.writeHead(201, { 'content-type': 'text/xml', location: `https://cloudfront.amazonaws.com${req.url}/I2J0I21PCUYOIK` });
    res.end(
      `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-26T04:00:00Z</CreateTime>${/<InvalidationBatch[\s\S]*<\/InvalidationBatch>/.exec(body)?.[0] ?? ''}</Invalidation>`,
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

describe('CloudFrontEdgeCache', () => {
  it('sends one CreateInvalidation for the distribution with the paths, and returns its id', async () => {
    await withCloudFrontEndpoint(async (endpoint, requests) => {
      const cache = new CloudFrontEdgeCache(createCloudFrontClient({ endpoint, credentials: LOCAL_CREDENTIALS }), 'E2QWRUHAPOMQZL');
      const result = await cache.invalidate(['/datasets/births/20261126T000000Z/*']);

      expect(result).toEqual({ id: 'I2J0I21PCUYOIK' });
      expect(cache.name).toBe('CloudFront distribution E2QWRUHAPOMQZL');
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ method: 'POST', url: '/2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation' });
      expect(requests[0]!.body).toContain('<Path>/datasets/births/20261126T000000Z/*</Path>');
      expect(requests[0]!.body).toContain('<Quantity>1</Quantity>');
      expect(requests[0]!.body).toMatch(/<CallerReference>[0-9a-f-]{36}<\/CallerReference>/);
    });
  });
});

describe('createWithdrawDeps', () => {
  it('refuses to withdraw on AWS without the distribution, naming EDGE_DISTRIBUTION_ID', () => {
    expect(() => createWithdrawDeps(loadConfig(AWS_ENV))).toThrow(ConfigError);
    expect(() => createWithdrawDeps(loadConfig(AWS_ENV))).toThrow(/EDGE_DISTRIBUTION_ID/);
  });

  it('invalidates through CloudFront on AWS, and has no edge cache on the local stack', () => {
    expect(createWithdrawDeps(loadConfig({ ...AWS_ENV, EDGE_DISTRIBUTION_ID: 'E2QWRUHAPOMQZL' })).edgeCache?.name).toBe(
      'CloudFront distribution E2QWRUHAPOMQZL',
    );
    const local = createWithdrawDeps(
      loadConfig({ ...AWS_ENV, S3_ENDPOINT: 'http://127.0.0.1:4569', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567' }),
    );
    expect(local.edgeCache).toBeUndefined();
  });

  it('rejects a distribution id that is not one', () => {
    expect(() => loadConfig({ ...AWS_ENV, EDGE_DISTRIBUTION_ID: 'd111111abcdef8.cloudfront.net' })).toThrow(/EDGE_DISTRIBUTION_ID/);
  });
});
