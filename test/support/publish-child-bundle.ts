import { join } from 'node:path';
import { buildPublishBundle } from '../../scripts/bench/publish-bundle.ts';

/**
 * test/support/publish-child.ts bundled as the publish Lambda is, for tests that start many
 * publish processes (crash.test.ts): each child loads one file instead of compiling the sources
 * through tsx and resolving the AWS SDK's hundreds of modules (about 1 s less per process here).
 * `dir` is the suite's own temporary directory. Returns the bundle's path.
 */
export const buildPublishChild = (dir: string): Promise<string> =>
  buildPublishBundle(join(import.meta.dirname, 'publish-child.ts'), join(dir, 'publish-child'));
