import { build } from 'esbuild';
const r = await build({ entryPoints: ['test/support/publish-child.ts'], bundle: true, platform: 'node', target: 'node20', format: 'esm', write: false, minify: true, metafile: true, mainFields: ['module', 'main'], external: ['@duckdb/node-api', 'highs', '@duckdb/node-bindings', '@duckdb/node-bindings-*'], logLevel: 'silent', outfile: '/tmp/x.mjs' });
const out = Object.values(r.metafile.outputs)[0]!;
for (const [file, { bytesInOutput }] of Object.entries(out.inputs).filter(([f]) => f.includes('zod')).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 400)) console.log(String(bytesInOutput).padStart(8), file);
