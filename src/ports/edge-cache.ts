/**
 * The CDN's copies of public files. Version files are cached for up to a year (they never change),
 * so a withdrawn version's files must also leave the edge, not only the bucket. The only
 * implementation is CloudFront (src/adapters/cloudfront-edge-cache.ts); the local server caches
 * nothing and needs none.
 */
export interface EdgeCache {
  /** Which distribution, for the operator's report. */
  readonly name: string;
  /**
   * Asks the CDN to drop its copies of these paths (`/datasets/<id>/<version>/*`). Resolves once
   * the request is accepted (the edges follow within minutes), with its id.
   */
  invalidate(paths: string[]): Promise<{ id: string }>;
}
