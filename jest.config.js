const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

// module.path is this file's directory (__dirname, which the lint config does not declare).
const ROOT = module.path;

/**
 * Two lanes. `unit`: tests that start nothing (the domain over the fakes in test/support/fakes, pure
 * functions), run by `npm run test:unit` in seconds. `wire`: everything else, through real servers,
 * stand-ins and stores. `npm test` runs both. A test is in the wire lane when it lives in test/e2e/
 * or imports anything that can open a socket, or the cron adapter (real timers, seconds of waiting);
 * the unit lane refuses sockets (no-network.ts), so a test sorted wrongly fails instead of slowing
 * the lane down.
 */
const WIRE_IMPORT =
  /from '(?:[./]+\/(?:sandbox\/|support\/(?:bot|store-lanes|dynamo-faults|free-port|secrets|stale-reports)'|src\/app'|src\/platform\/store\/(?:open-store|embedded-dynamo|dynamo-client)'|src\/platform\/aws\/iam-client'|src\/platform\/process\/cron-scheduler')|@aws-sdk\/|@slack\/web-api|(?:node:)?(?:http|https|net|child_process)'|ws'|playwright-core)/;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const isWire = (path) =>
  relative(ROOT, path).startsWith(join('test', 'e2e')) || WIRE_IMPORT.test(readFileSync(path, 'utf8'));

const files = testFiles(join(ROOT, 'test'));

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Transpile only (tsconfig's isolatedModules): `npm run typecheck` checks types. (swc would be faster, but its
  // jest 30 / @swc/core platform packages are not all on the registry this project installs from,
  // which breaks `npm ci`.)
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // openid-client 6 and oidc-provider 9 (and their jose and oauth4webapi) are ESM only. Node 20.19+
    // require()s them natively, so the built bot needs nothing; jest's module system cannot, so here
    // they are transpiled to CommonJS like our own files (docs/security.md, "Step-up: modules").
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, target: 'ES2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose|oidc-provider)/)'],
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Wire tests start servers, a browser and a JVM (DynamoDB Local): on a loaded two-core machine a
  // cold start alone has taken over 20 s. The unit lane sets its own 20 s (no-network.ts).
  testTimeout: 60000,
  // The machine has two cores; more workers only fight over them.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: files.filter((path) => !isWire(path)),
      setupFilesAfterEnv: ['<rootDir>/test/support/no-network.ts'],
    },
    { ...common, displayName: 'wire', testMatch: files.filter(isWire) },
  ],
};
