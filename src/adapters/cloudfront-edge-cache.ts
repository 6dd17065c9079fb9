import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { EdgeCache } from '../ports/edge-cache.ts';

/** CloudFront invalidations for one distribution (the CloudFront API lives in us-east-1). */
export class CloudFrontEdgeCache implements EdgeCache {
  readonly name: string;

  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
  ) {
    this.name = `CloudFront distribution ${distributionId}`;
  }

  async invalidate(paths: string[]): Promise<{ id: string }> {
    const out = await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: { CallerReference: randomUUID(), Paths: { Quantity: paths.length, Items: paths } },
      }),
    );
    const id = out.Invalidation?.Id;
    if (!id) throw new Error(`CloudFront accepted no invalidation for ${paths.join(', ')}`);
    return { id };
  }
}

export const createCloudFrontClient = (
  options: { endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
) => new CloudFrontClient({ region: 'us-east-1', maxAttempts: 5, ...options });
