/**
 * The publish child (publish-child.ts, which runs functions/publish.ts's code) built as the Lambda
 * bundle is built (esbuild: ESM, minified, DuckDB and HiGHS left outside), so that the publish is
 * measured as the Lambda runs it: plain node, no TypeScript loader in the process.
 */
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from './bundles.ts';
import { BENCH_DIR, ROOT } from './lib.ts';

/** Builds the bundle into `dir` (with the reference data beside it, as in the Lambda package); returns its path. */
export async function buildPublishChildBundle(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await cp(join(ROOT, 'src/reference/data'), join(dir, 'data'), { recursive: true });
  const outfile = join(dir, 'publish-child.mjs');
  await build({
    entryPoints: [join(BENCH_DIR, 'publish-child.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile,
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@duckdb/node-api', 'highs', '@duckdb/node-bindings', '@duckdb/node-bindings-*'],
    logLevel: 'silent',
  });
  return outfile;
}
