import type { WithdrawConfig } from './config.ts';
import { createS3Client } from './adapters/s3-client.ts';
import { S3ObjectStore } from './adapters/s3-object-store.ts';
import { createCatalogStore } from './composition-api.ts';
import { CloudFrontEdgeCache, createCloudFrontClient } from './adapters/cloudfront-edge-cache.ts';
import { ConfigError } from './errors.ts';
import type { WithdrawDeps } from './catalog/withdraw.ts';
import { publishSite } from './site/publish-site.ts';

/**
 * The withdrawal's part of the composition root (src/composition.ts): the stores, and on AWS the
 * CloudFront distribution whose copies must go too. Only this module loads the CloudFront client.
 */
export function createWithdrawDeps(config: WithdrawConfig): WithdrawDeps {
  const catalog = createCatalogStore(config);
  const publicFiles = new S3ObjectStore(createS3Client(config), config.publicBucket);
  const renderSite = () => publishSite({ catalog, publicFiles, publicBaseUrl: config.publicBaseUrl });
  // Locally (S3_ENDPOINT set) nothing caches the files. On AWS CloudFront keeps a version's files
  // for up to a year: withdrawing without invalidating them would leave them downloadable.
  if (config.s3Endpoint) return { catalog, publicFiles, renderSite };
  if (!config.edgeDistributionId) {
    throw new ConfigError(
      'Invalid configuration: EDGE_DISTRIBUTION_ID: required to withdraw on AWS (the stack output DistributionId); without it CloudFront would keep serving the files for up to a year',
    );
  }
  return { catalog, publicFiles, renderSite, edgeCache: new CloudFrontEdgeCache(createCloudFrontClient(), config.edgeDistributionId) };
}
