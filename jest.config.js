/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig's isolatedModules): `npm run typecheck` checks types. (swc would be faster, but its
  // jest 30 / @swc/core platform packages are not all on the registry this project installs from,
  // which breaks `npm ci`.)
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
  testTimeout: 20000,
  // The machine has two cores; more workers only fight over them.
  maxWorkers: 2,
};
