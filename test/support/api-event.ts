import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * An API Gateway HTTP API (v2) event as API Gateway sends it, for a path with its query string
 * (resolved against `base`); with `body`, a JSON POST body.
 */
export function apiEvent(base: string, path: string, method = 'GET', body?: string): APIGatewayProxyEventV2 {
  const url = new URL(path, base);
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'data.example.gov.vn',
      domainPrefix: 'data',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}
