/** ESM + SWC: tests run the TypeScript sources directly (see docs in README). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // A directory for the run: the published samples several suites share (test/support/published-samples.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Two suites at a time (a 2-core machine): every suite starts its own protocol servers on ports
  // the OS picks and works in its own temporary directory, so suites never share state.
  maxWorkers: 2,
  // Slowest first, also on a fresh clone with no timings cached (see the file).
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
