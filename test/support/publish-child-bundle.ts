import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../../scripts/bench/bundles.ts';

const ROOT = join(import.meta.dirname, '../..');

/**
 * test/support/publish-child.ts bundled as the publish Lambda is (esbuild: ESM, every package
 * inside but DuckDB and HiGHS), for tests that start many publish processes (crash.test.ts): each
 * child then loads one file instead of compiling the sources through tsx and resolving the AWS
 * SDK's hundreds of modules (about 1 s less per process here). `dir` is the suite's own temporary
 * directory: the bundle, a link to node_modules (DuckDB, HiGHS) and one to the reference data
 * (read from `import.meta.dirname/data`, as in the Lambda bundle) go there. Returns the bundle's path.
 */
export async function buildPublishChild(dir: string): Promise<string> {
  const out = join(dir, 'publish-child');
  await mkdir(out, { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
  await symlink(join(ROOT, 'src/reference/data'), join(out, 'data'), 'dir');
  const outfile = join(out, 'publish-child.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/support/publish-child.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@duckdb/node-api', 'highs', '@duckdb/node-bindings', '@duckdb/node-bindings-*'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
