import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '../..');

/**
 * test/support/publish-child.ts as one plain ES module, for tests that start many publish
 * processes (crash.test.ts): our TypeScript is bundled once, so each child starts in plain node
 * instead of compiling the sources again through tsx (about 1 s less CPU per process here). The
 * packages stay external, loaded from node_modules as before; only the loader changes, not the
 * code that runs. `dir` is the suite's own temporary directory: the bundle, a link to
 * node_modules and one to the reference data (read from `import.meta.dirname/data`, as in the
 * Lambda bundle) go there. Returns the bundle's path.
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
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
