/**
 * Jest runs the unit tests and the integration tests against a real Neo4j of its own (the `test`
 * profile), which tests/support/global-setup.ts starts and global-teardown.ts stops again.
 * The browser tests (tests/browser/*.browser.test.ts) match the same pattern and use that database too.
 * One worker: the integration tests share that database and reset it between suites.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The map page's modules (web/src) import each other as './x.js', as browsers need; ts-jest has the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['reflect-metadata', '<rootDir>/tests/support/setup-logging.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
};
