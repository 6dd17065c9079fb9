import { Duration, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { NodeFunction } from './node-function.ts';

export interface PublicApiProps {
  /** Steady-state requests per second for the whole stage. @default 100 */
  readonly rateLimit?: number;
  /** @default 200 */
  readonly burstLimit?: number;
}

/**
 * The public API (catalog JSON, pages, download redirects): one function behind an HTTP API
 * `$default` route. Meant to be reached through CloudFront; `originDomainName` is the host to
 * give the distribution.
 *
 * The function gets no resource access here: bind it in the stack (read-only catalog only).
 */
export class PublicApi extends Construct {
  public readonly fn: NodeFunction;
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  /** `<api-id>.execute-api.<region>.<url-suffix>`, without scheme or path. */
  public readonly originDomainName: string;

  public constructor(scope: Construct, id: string, props: PublicApiProps = {}) {
    super(scope, id);

    this.fn = new NodeFunction(this, 'ApiFn', {
      source: 'functions/api.ts',
      serviceName: 'api',
      description: 'Public catalog API, pages and download redirects',
      memorySize: 512,
      timeout: Duration.seconds(10),
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Vietnam health open data: public API',
      defaultIntegration: new HttpLambdaIntegration('ApiFnIntegration', this.fn),
      // The default stage has no throttle settings, so create `$default` ourselves.
      createDefaultStage: false,
    });

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 100, burstLimit: props.burstLimit ?? 200 },
    });

    const stack = Stack.of(this);
    this.originDomainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
