/** Unit tests sit beside the code; end-to-end tests in test/ run against real PostgreSQL. */
const shared = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@sophie/migrations$': '<rootDir>/migrations',
    '^@sophie/fake-kit$': '<rootDir>/apps/fake-kit/src',
    '^@sophie/(.*)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
