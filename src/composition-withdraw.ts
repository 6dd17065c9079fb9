import type { AppConfig } from './config.ts';
import { createStores } from './composition.ts';
import { CloudFrontEdgeCache, createCloudFrontClient } from './adapters/cloudfront-edge-cache.ts';
import { ConfigError } from './errors.ts';
import type { WithdrawDeps } from './catalog/withdraw.ts';

/**
 * The withdrawal's part of the composition root (src/composition.ts): the stores, and on AWS the
 * CloudFront distribution whose copies must go too. Only this module loads the CloudFront client.
 */
export function createWithdrawDeps(config: AppConfig): WithdrawDeps {
  const { catalog, publicFiles } = createStores(config);
  // Locally (S3_ENDPOINT set) nothing caches the files. On AWS CloudFront keeps a version's files
  // for up to a year: withdrawing without invalidating them would leave them downloadable.
  if (config.s3Endpoint) return { catalog, publicFiles };
  if (!config.edgeDistributionId) {
    throw new ConfigError(
      'Invalid configuration: EDGE_DISTRIBUTION_ID: required to withdraw on AWS (the stack output DistributionId); without it CloudFront would keep serving the files for up to a year',
    );
  }
  return { catalog, publicFiles, edgeCache: new CloudFrontEdgeCache(createCloudFrontClient(), config.edgeDistributionId) };
}
