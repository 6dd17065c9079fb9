import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION, NodeFunction } from './node-function.ts';

/** Packages the API imports only when a row query or a workbook asks (src/composition-api.ts, src/api/routes/rows.ts). */
export const API_LAZY_MODULES = ['exceljs', 'hyparquet', 'hyparquet-compressors', '@aws-sdk/client-s3', '@aws-sdk/lib-storage'] as const;

export interface PublicApiProps {
  /** Encrypts the function's logs and the access logs. */
  readonly logKey: IKey;
  /** Steady-state requests per second for the whole stage. @default 100 */
  readonly rateLimit?: number;
  /** @default 200 */
  readonly burstLimit?: number;
}

/**
 * One JSON line per request. `sourceIp` is a CloudFront edge address when the request came
 * through the distribution (the viewer's address is in CloudFront's own logs).
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The public API (catalog JSON, pages, download redirects, CKAN actions): one function behind an
 * HTTP API `$default` route. Meant to be reached through CloudFront; `originDomainName` is the
 * host to give the distribution.
 *
 * The function gets no resource access here: bind it in the stack (read-only catalog only).
 */
export class PublicApi extends Construct {
  public readonly fn: NodeFunction;
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  /** `<api-id>.execute-api.<region>.<url-suffix>`, without scheme or path. */
  public readonly originDomainName: string;

  public constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);

    this.fn = new NodeFunction(this, 'ApiFn', {
      source: 'functions/api.ts',
      serviceName: 'api',
      logKey: props.logKey,
      description: 'Public catalog API, pages and download redirects',
      memorySize: 512,
      timeout: Duration.seconds(10),
      // Loaded on the first row query or workbook (dynamic imports), installed beside the bundle
      // rather than bundled, so that a cold start parses none of them.
      nodeModules: [...API_LAZY_MODULES],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Vietnam health open data: public API',
      defaultIntegration: new HttpLambdaIntegration('ApiFnIntegration', this.fn),
      // The default stage has no throttle settings, so create `$default` ourselves.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 100, burstLimit: props.burstLimit ?? 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
    });

    const stack = Stack.of(this);
    this.originDomainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
