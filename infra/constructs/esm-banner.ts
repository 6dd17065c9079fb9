/**
 * esbuild output is ESM; bundled CommonJS dependencies still call `require`, which does not
 * exist in an ES module, so define it at the top of the bundle. Shared by the Lambda bundles
 * (node-function.ts) and the bundles the bench and the crash test build as the Lambda does; no
 * CDK import, so those load it cheaply.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
