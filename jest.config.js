// Three tiers (see ../shared/ARCHITECTURE.md): unit (pure, no services), integration
// (real SQLite/PostgreSQL/Redis) and end-to-end (the API over HTTP).
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/eval/**/*.spec.ts'] },
    // Tests that start databases, processes or a browser: CI shares 2 cores with other work, so never Jest's 5 s.
    { ...shared, displayName: 'integration', testTimeout: 120_000, testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testTimeout: 120_000, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
