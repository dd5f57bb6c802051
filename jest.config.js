/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only; `npm run typecheck` is where types are checked.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
  testTimeout: 20000,
  // The machine has two cores; more workers only fight over them.
  maxWorkers: 2,
};
