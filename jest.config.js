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
    // Tests that start databases, processes or a browser get two minutes (test/support/long-timeout.ts).
    { ...shared, displayName: 'integration', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
