/**
 * A publish child built as the Lambda bundle is built (esbuild: ESM, minified, every package
 * inside but DuckDB and HiGHS), so that it runs as the Lambda does: plain node, no TypeScript
 * loader, one file to load. The bench measures its publish child this way, the crash test
 * starts many of its own (test/support/publish-child.ts), and the land CLI's test runs the CLI so.
 */
import { cp, mkdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/esm-banner.ts';
import { BENCH_DIR, ROOT } from './lib.ts';

/**
 * Bundles `entry` into `dir`, with a link to node_modules (DuckDB, HiGHS and any `external`
 * package, loaded from there) and the reference data beside it (read from
 * `import.meta.dirname/data`, as in the Lambda package); returns its path.
 */
export async function buildPublishBundle(
  entry: string,
  dir: string,
  options: { external?: string[]; splitDynamicImports?: boolean } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await cp(join(ROOT, 'src/reference/data'), join(dir, 'data'), { recursive: true });
  const name = basename(entry, '.ts');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // A CLI that imports most of its code only once its arguments are good (src/cli/land.ts) can
    // have that code in chunks of its own, so that a usage error loads none of it. The chunks sit
    // beside the entry: the code reads its reference data from import.meta.dirname/data.
    ...(options.splitDynamicImports
      ? { outdir: dir, splitting: true, entryNames: '[name]', chunkNames: '[name]-[hash]', outExtension: { '.js': '.mjs' } }
      : { outfile: join(dir, `${name}.mjs`) }),
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: ['@duckdb/node-api', 'highs', '@duckdb/node-bindings', '@duckdb/node-bindings-*', ...(options.external ?? [])],
    logLevel: 'silent',
  });
  return join(dir, `${name}.mjs`);
}

/** The bench's publish child (publish-child.ts, which runs functions/publish.ts's code). */
export const buildPublishChildBundle = (dir: string): Promise<string> => buildPublishBundle(join(BENCH_DIR, 'publish-child.ts'), dir);
