import { Duration } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, OriginGroup, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** CKAN's Action API takes POST (`package_search` with a JSON body): never cached, every method passed on. */
export const CKAN_ACTION_PATHS = ['/api/3/action/*', '/api/action/*'] as const;

/**
 * The pages use an inline `<style>` and no script (`<script type="application/ld+json">` holds
 * data, which CSP does not block); forms submit to the site itself. Loosen this together with any
 * page that starts to need more.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: ResponseSecurityHeadersBehavior = {
  // The stack does not own the custom domain's sibling hosts, hence no includeSubdomains.
  strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: false, override: true },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
  contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
};

export interface EdgeProps {
  /** Host of the HTTP API (`<id>.execute-api.<region>.amazonaws.com`). */
  readonly apiOriginDomainName: string;
  /** Served under `/${publicPrefix}/*` through origin access control. */
  readonly publicBucket: IBucket;
  readonly publicPrefix: string;
  /**
   * The viewer-request CloudFront Function of the default behaviour (src/site/viewer-request.js):
   * maps the URLs of the static catalog onto its objects under `site/` in the public bucket.
   */
  readonly siteFunctionSource: string;
  /** Receives CloudFront's standard logs under `cloudfront/` (needs ACLs enabled). */
  readonly logBucket: IBucket;
  /** Custom domain names; require `certificate`. @default - the `*.cloudfront.net` name only */
  readonly domainNames?: string[];
  /** ACM certificate in us-east-1 covering `domainNames`; sets TLS 1.2 (2021 policy) as the minimum. */
  readonly certificate?: ICertificate;
  /** ARN of an AWS WAF web ACL with scope CLOUDFRONT (created in us-east-1). @default - none */
  readonly webAclArn?: string;
}

/**
 * The one CloudFront distribution in front of everything:
 * - `/datasets/*` from the public bucket (origin access control): files of a version never
 *   change, the objects carry `Cache-Control: immutable, max-age=31536000` and CloudFront honours
 *   it (managed CachingOptimized: up to a year); CORS for browsers reading Parquet with Range.
 * - everything else (default behaviour) from the static catalog first, then the API: a CloudFront
 *   Function maps the pages, the catalog JSON and the catalog documents (`/catalog.jsonld`,
 *   `/catalog.ttl`, `/data.json`, `/feed.atom`, `/catalog.csv`, `/sitemap.xml`, `/robots.txt`, `/favicon.svg`, `/openapi.json`) onto their objects
 *   under `site/` (src/site/paths.ts), rendered at publish time; an origin group asks the bucket,
 *   and on 403/404 (a search, paging, the redirects, an unknown dataset, a withdrawn version) the
 *   API, which answers what must be computed. Cached for the object's or the API's `max-age` (60 s
 *   for the catalog, 300 s for the metadata documents), 60 s when there is none, never more than
 *   an hour; every query string the function leaves is part of the cache key (search, paging).
 * - CKAN's action paths pass POST through, uncached.
 * - HTTPS only (HTTP redirects), security headers on every response, standard logs to the log bucket.
 */
export class Edge extends Construct {
  public readonly distribution: Distribution;
  public readonly shortCachePolicy: CachePolicy;
  public readonly siteRouter: EdgeFunction;
  public readonly siteOrApi: OriginGroup;

  public constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    if ((props.domainNames?.length ?? 0) > 0 !== (props.certificate !== undefined)) {
      throw new Error('Edge: domainNames and certificate go together');
    }

    this.shortCachePolicy = new CachePolicy(this, 'ShortCachePolicy', {
      comment: 'Pages, API and catalog documents: the origin max-age, 60 s without one, at most 1 h; query strings in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.hours(1),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, nosniff, no framing, referrer policy, CSP',
      securityHeadersBehavior: SECURITY_HEADERS,
    });
    const openDataHeaders = new ResponseHeadersPolicy(this, 'OpenDataHeaders', {
      comment: 'Security headers, and CORS for reading the open files from any web page',
      securityHeadersBehavior: SECURITY_HEADERS,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['*'],
        accessControlExposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Last-Modified'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
    });

    // The pages and documents are read by browsers and portals from anywhere, as the API's answers are.
    const siteHeaders = new ResponseHeadersPolicy(this, 'SiteHeaders', {
      comment: 'Security headers, and CORS for reading the catalog from any web page',
      securityHeadersBehavior: SECURITY_HEADERS,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlExposeHeaders: ['ETag', 'Last-Modified', 'Content-Language'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
    });

    const api = new HttpOrigin(props.apiOriginDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
    const bucket = S3BucketOrigin.withOriginAccessControl(props.publicBucket);
    // Without s3:ListBucket, OAC gets 403 for a missing object; both mean "ask the API".
    this.siteOrApi = new OriginGroup({ primaryOrigin: bucket, fallbackOrigin: api, fallbackStatusCodes: [403, 404] });
    this.siteRouter = new EdgeFunction(this, 'SiteRouter', {
      comment: 'Maps catalog URLs onto the static catalog in the public bucket (src/site/viewer-request.js)',
      code: FunctionCode.fromFile({ filePath: props.siteFunctionSource }),
      runtime: FunctionRuntime.JS_2_0,
    });
    const fromApi: Omit<BehaviorOptions, 'origin'> = {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      // API Gateway routes on its own Host header, so forward everything else.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      compress: true,
    };
    const ckanActions: BehaviorOptions = {
      ...fromApi,
      origin: api,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Vietnam health open data',
      priceClass: PriceClass.PRICE_CLASS_200, // includes the Vietnamese edge locations
      httpVersion: HttpVersion.HTTP2_AND_3,
      domainNames: props.domainNames,
      certificate: props.certificate,
      // Only with a custom certificate: the default *.cloudfront.net one is fixed at TLSv1.
      minimumProtocolVersion: props.certificate && SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      defaultBehavior: {
        ...fromApi,
        origin: this.siteOrApi,
        // Origin groups fail over for these methods only; the site is read-only anyway.
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: this.shortCachePolicy,
        responseHeadersPolicy: siteHeaders,
        functionAssociations: [{ function: this.siteRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      // Order matters: CloudFront takes the first pattern that matches.
      additionalBehaviors: {
        ...Object.fromEntries(CKAN_ACTION_PATHS.map((p) => [p, ckanActions])),
        [`/${props.publicPrefix}/*`]: {
          origin: bucket,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          // Origin and Access-Control-Request-* reach S3, so it answers CORS preflights.
          originRequestPolicy: OriginRequestPolicy.CORS_S3_ORIGIN,
          responseHeadersPolicy: openDataHeaders,
          compress: true,
        },
      },
    });
  }
}
