import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The layering `npm run lint` enforces (eslint.layering.mjs, through eslint.config.mjs), run by
 * ESLint itself on imports written for the purpose: a rule that stops matching (a typo in a
 * pattern, a block overridden by a later one) fails here, not silently in CI. ESLint loads its flat
 * config with a dynamic import(), which jest's module system refuses, so it runs in a node of its own.
 */
const ROOT = join(__dirname, '..', '..');

interface Case {
  file: string;
  source: string;
}

const LINT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const errors = [];
for (const { file, source } of cases) {
  const [result] = await eslint.lintText(source + '\\nexport {};\\n', { filePath: file });
  errors.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message));
}
const { SLICE_LEVELS } = await import('./eslint.layering.mjs');
process.stdout.write(JSON.stringify({ errors, slices: Object.keys(SLICE_LEVELS) }));
`;

/** Lints every case in one ESLint (starting one takes a second or two). */
function lint(cases: Case[]): { errors: string[][]; slices: string[] } {
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      LINT,
      JSON.stringify(cases.map((c) => ({ ...c, file: join(ROOT, c.file) }))),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`ESLint did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as { errors: string[][]; slices: string[] };
}

const importing = (from: string) => `import type { X } from '${from}';`;

const REFUSED: [string, string, string][] = [
  ['a domain, the platform', 'src/features/keys/domain/x.ts', '../../../platform/logger'],
  ['a domain, its own slack/', 'src/features/approvals/domain/x.ts', '../slack/approval-request'],
  ['a domain, its own store/', 'src/features/approvals/domain/ports/x.ts', '../../store/approval-items'],
  ['a domain, the Slack SDK', 'src/features/home/domain/x.ts', '@slack/bolt'],
  ['a domain, the AWS SDK', 'src/features/reports/domain/x.ts', '@aws-sdk/client-iam'],
  ['the kernel, the platform', 'src/kernel/x.ts', '../platform/store/table'],
  ['the kernel, the AWS SDK', 'src/kernel/ports/x.ts', '@aws-sdk/lib-dynamodb'],
  ['the kernel, a feature', 'src/kernel/x.ts', '../features/keys'],
  ['a domain, the OpenID Connect client', 'src/features/stepup/domain/x.ts', 'openid-client'],
  ['the kernel, jose', 'src/kernel/ports/x.ts', 'jose'],
  ['the step-up, a slice on its own level', 'src/features/stepup/slack/x.ts', '../../rotation'],
  ['the platform, a feature', 'src/platform/aws/x.ts', '../../features/reports/domain/classify'],
  ['the platform, a feature index', 'src/platform/slack/x.ts', '../../features/audit'],
  ['src, the sandbox', 'src/app.ts', '../sandbox/slack-stand-in'],
  ['a slice, the sandbox', 'src/features/command/slack/x.ts', '../../../../sandbox/iam'],
  ['a slice, past another slice’s index', 'src/features/command/slack/x.ts', '../../keys/domain/key-queries'],
  ['a slice index, past another slice’s index', 'src/features/home/index.ts', '../approvals/slack/texts'],
  ['a slice, one above it', 'src/features/approvals/slack/x.ts', '../../rotation'],
  ['a slice domain, one above it', 'src/features/creation/domain/x.ts', '../../approvals'],
  ['the bottom slice, the top one', 'src/features/keys/x.ts', '../command'],
  ['keys, audit (the same level)', 'src/features/keys/domain/x.ts', '../../audit'],
  ['a domain, a lower slice’s index (its adapters)', 'src/features/rotation/domain/x.ts', '../../creation'],
  ['a domain, a lower slice’s index file', 'src/features/home/domain/x.ts', '../../approvals/index'],
  [
    'a domain, a file behind a lower slice’s door',
    'src/features/home/domain/x.ts',
    '../../approvals/domain/approval',
  ],
];

const ALLOWED: [string, string, string][] = [
  ['a domain, the kernel', 'src/features/keys/domain/x.ts', '../../../kernel/types'],
  ['a domain, its own ports', 'src/features/keys/domain/x.ts', './ports/key-holds'],
  [
    'a domain, a lower slice through its domain door',
    'src/features/rotation/domain/x.ts',
    '../../creation/domain',
  ],
  [
    'a domain, its own slice’s file named like a slice',
    'src/features/rotation/domain/ports/x.ts',
    '../rotation',
  ],
  ['a listener, a lower slice through its index', 'src/features/home/slack/x.ts', '../../approvals'],
  ['a listener, its own domain and the platform', 'src/features/keys/slack/x.ts', '../domain/key-queries'],
  ['a listener, the Slack SDK', 'src/features/keys/slack/x.ts', '@slack/bolt'],
  ['a store adapter, the platform store', 'src/features/audit/store/x.ts', '../../../platform/store/paging'],
  ['the top slice, every other', 'src/features/command/index.ts', '../home'],
  ['the platform, the kernel', 'src/platform/store/x.ts', '../../kernel/errors'],
  ['the platform, the AWS SDK', 'src/platform/aws/x.ts', '@aws-sdk/client-iam'],
  ['the platform, the OpenID Connect client', 'src/platform/oidc/x.ts', 'openid-client'],
  ['the step-up, approvals below it', 'src/features/stepup/index.ts', '../approvals'],
  ['the composition root, a slice', 'src/app.ts', './features/keys'],
  ['a kernel file named like a layer', 'src/kernel/x.ts', './store-refusal'],
];

const REEXPORT: Case = { file: 'src/platform/x.ts', source: "export type { X } from '../features/keys';" };

describe('the layering lint', () => {
  let result: { errors: string[][]; slices: string[] };
  const errorsOf = (index: number) => result.errors[index];

  beforeAll(() => {
    result = lint([
      ...[...REFUSED, ...ALLOWED].map(([, file, from]) => ({ file, source: importing(from) })),
      REEXPORT,
    ]);
  });

  it.each(REFUSED.map((row, index) => [row[0], index] as const))('refuses %s', (_name, index) => {
    // One import may break two rules (upward and past the door): each says so.
    expect(errorsOf(index)?.length).toBeGreaterThan(0);
    for (const message of errorsOf(index) ?? []) expect(message).toContain('is restricted');
  });

  it.each(ALLOWED.map((row, index) => [row[0], REFUSED.length + index] as const))(
    'allows %s',
    (_name, index) => {
      expect(errorsOf(index)).toEqual([]);
    },
  );

  it('refuses a re-export as it refuses an import', () => {
    expect(errorsOf(REFUSED.length + ALLOWED.length)).toEqual([expect.stringContaining('is restricted')]);
  });

  it('orders every slice in src/features, so a new one is given its level before it lints', () => {
    const slices = readdirSync(join(ROOT, 'src', 'features'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(slices.filter((slice) => !result.slices.includes(slice))).toEqual([]);
  });
});
