/**
 * The layers of src/ (docs/architecture.md), checked by `npm run lint` with no-restricted-imports:
 * - nothing in src imports sandbox/;
 * - src/kernel and every src/features/<slice>/domain import no platform/, slack/ or store/ folder, no
 *   @slack/* and no @aws-sdk/* (and the kernel no feature);
 * - src/platform imports no feature;
 * - a feature imports another only through its index.ts (install and what its adapters offer) or its
 *   domain door, domain/index.ts (types and pure functions, no adapters), and only one lower in
 *   SLICE_LEVELS; a domain folder takes another slice only through its domain door.
 *
 * In a flat config the last block that sets a rule for a file replaces its options, so every block
 * below carries the whole list for its files: general blocks first, the more specific after them.
 * test/platform/layering.test.ts runs ESLint on fixtures so a rule that stops matching fails CI.
 */

/** Lower may be imported by higher; slices on one level do not import each other. */
export const SLICE_LEVELS = {
  keys: 0,
  audit: 0,
  creation: 1,
  approvals: 2,
  rotation: 3,
  workflows: 3,
  stepup: 3,
  reports: 4,
  home: 5,
  exposure: 5,
  organization: 6,
  command: 7,
};

const SLICES = Object.keys(SLICE_LEVELS);
/** "keys, audit < creation < ... < command" */
const ORDER = [...new Set(Object.values(SLICE_LEVELS))]
  .map((level) => SLICES.filter((slice) => SLICE_LEVELS[slice] === level).join(', '))
  .join(' < ');
const TS = '**/*.ts';

const noSandbox = {
  regex: '(^|/)sandbox(/|$)',
  message: 'src/ never imports sandbox/: the stand-ins are for tests and the demo only.',
};

const domainOutward = [
  {
    regex: '(^|/)(platform|slack|store)(/|$)',
    message: 'The domain and the kernel import no platform/, slack/ or store/ code: declare a port instead.',
  },
  {
    regex: '^@slack/',
    message: 'The domain and the kernel import no Slack SDK: that is slack/ and platform/bolt.',
  },
  {
    regex: '^@aws-sdk/',
    message: 'The domain and the kernel import no AWS SDK: that is platform/aws and store/.',
  },
  {
    regex: '^(openid-client|oauth4webapi|jose|oidc-provider)(/|$)',
    message: 'The domain and the kernel import no OpenID Connect library: that is platform/oidc.',
  },
];

const noFeatures = (who) => ({
  regex: '(^|/)features(/|$)',
  message: `${who} imports no feature: move the shared piece into src/kernel, or give it its own type.`,
});

const throughIndex = {
  regex: `^(\\.\\./)+(${SLICES.join('|')})/(?!(index|domain|domain/index)$).+`,
  message:
    "Another slice is imported only through its index.ts ('../../<slice>') or its domain door " +
    "('../../<slice>/domain'), never a file of its domain/, slack/ or store/.",
};

/** A domain takes another slice's domain door, never its index.ts, which brings that slice's adapters. */
const domainThroughDoor = {
  regex: `^(\\.\\./){2,}(${SLICES.join('|')})(/index)?$`,
  message:
    "A domain imports another slice through its domain door ('../../<slice>/domain'), not its index.ts.",
};

/** Imports of the slices at this one's level or above (none for the top one). */
function notUpward(slice) {
  const level = SLICE_LEVELS[slice];
  const forbidden = SLICES.filter((other) => other !== slice && SLICE_LEVELS[other] >= level);
  if (forbidden.length === 0) return [];
  const message = `'${slice}' imports only slices below it (${ORDER}).`;
  return [{ regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`, message }];
}

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export const layering = [
  restrict([`src/${TS}`], [noSandbox]),
  restrict([`src/kernel/${TS}`], [noSandbox, ...domainOutward, noFeatures('The kernel')]),
  restrict([`src/platform/${TS}`], [noSandbox, noFeatures('The platform')]),
  ...SLICES.flatMap((slice) => [
    restrict([`src/features/${slice}/${TS}`], [noSandbox, throughIndex, ...notUpward(slice)]),
    restrict(
      [`src/features/${slice}/domain/${TS}`],
      [noSandbox, throughIndex, domainThroughDoor, ...notUpward(slice), ...domainOutward],
    ),
  ]),
];
