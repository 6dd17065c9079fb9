import { landSource, landedAt, parseExportArgs } from './export-args.ts';

/**
 * `npm run land -- <dataset-id> --source <file> [--province <code>] [--month YYYY-MM]`: drops an export into the
 * landing bucket as a source system would, without publishing (so that a publish can be run, and
 * timed, on its own with `npm run publish -- <dataset-id>`). On the running `npm start` stack or on
 * embedded servers. Exit codes: 0 landed, 2 no such file, 64 usage, 1 other.
 */
const { definition, source, province, month } = parseExportArgs('land', { sourceRequired: true });
// Loaded once the arguments are known to be good: a mistyped command answers at once.
const { createStores } = await import('../composition.ts');
const { openLocalStackForCommand } = await import('../local/stack.ts');
const { stack, config } = await openLocalStackForCommand();
let exitCode = 0;
try {
  const key = await landSource(createStores(config), definition, source!, province, month);
  console.log(`landed ${source} as ${landedAt(config, key)}`);
} catch (error) {
  exitCode = 1;
  console.error(`${definition.id}: NOT landed — ${(error as Error).message}`);
} finally {
  await stack.close();
}
process.exit(exitCode);
