import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parsePolicy } from '../../src/platform/config';

const dir = mkdtempSync(join(tmpdir(), 'keywarden-config-'));
function policyFile(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return path;
}

const GOOD_POLICY = `
roles: { admins: [U0ADMIN, S0GROUP], approvers: [U0APPROVER] }
identity: { users: { U0ALICE: alice }, emailDomain: example.com }
approvals: { channel: C0APPROVALS, required: 2, expiresAfterHours: 12 }
reports:
  - { channel: C0SECOPS, schedule: "0 9 * * MON", timezone: Europe/Berlin, maxAgeDays: 60 }
exempt: { users: [ci-deploy] }
`;

const baseEnv = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  it('reads the environment and the policy file into one typed object', () => {
    const config = loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policyFile(GOOD_POLICY), PORT: '4000' });
    expect(config.port).toBe(4000);
    expect(config.slack.signingSecret).toBe('secret');
    expect(config.store).toEqual({ table: undefined, createTable: false, dataDir: './data' });
    expect(config.policy.approvals).toEqual({ channel: 'C0APPROVALS', required: 2, expiresAfterHours: 12 });
    expect(config.policy.reports[0]).toMatchObject({
      timezone: 'Europe/Berlin',
      maxAgeDays: 60,
      // Unset in the file: the CIS default.
      maxUnusedDays: 45,
      notifyOwners: false,
    });
    // Deny by default: self-service is a grant the policy must state.
    expect(config.policy.selfService).toBe(false);
    expect(config.policy.identity.serviceUsers).toEqual([]);
    expect(config.policy.accounts).toEqual([{ name: 'default' }]);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      KEYWARDEN_CONFIG: policyFile(GOOD_POLICY),
      KEYWARDEN_TABLE: 'keywarden',
      KEYWARDEN_CREATE_TABLE: 'true',
    });
    expect(config.slack.appToken).toBe('xapp-1');
    expect(config.store.createTable).toBe(true);
  });

  it('reads KEYWARDEN_AUDIT_EVENT_BUS as a bus name or ARN; unset, no audit stream', () => {
    const policy = policyFile(GOOD_POLICY);
    expect(loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policy }).auditEventBus).toBeUndefined();
    expect(
      loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policy, KEYWARDEN_AUDIT_EVENT_BUS: 'keywarden-audit' })
        .auditEventBus,
    ).toBe('keywarden-audit');
    const arn = 'arn:aws:events:eu-west-1:123456789012:event-bus/keywarden-audit';
    expect(
      loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policy, KEYWARDEN_AUDIT_EVENT_BUS: arn }).auditEventBus,
    ).toBe(arn);
  });

  it('reads approvals.stepUp with KEYWARDEN_PUBLIC_URL and KEYWARDEN_OIDC_CLIENT_SECRET', () => {
    const policy = policyFile(
      GOOD_POLICY.replace(
        'expiresAfterHours: 12 }',
        'expiresAfterHours: 12, stepUp: { issuer: "https://login.example.com/", clientId: keywarden, amr: [mfa] } }',
      ),
    );
    const config = loadConfig({
      ...baseEnv,
      KEYWARDEN_CONFIG: policy,
      KEYWARDEN_PUBLIC_URL: 'https://keywarden.example.com/',
      KEYWARDEN_OIDC_CLIENT_SECRET: 'oidc-secret',
    });
    expect(config.policy.approvals?.stepUp).toEqual({
      issuer: 'https://login.example.com/',
      clientId: 'keywarden',
      amr: ['mfa'],
      maxAgeSeconds: 300,
      for: ['delete'],
    });
    expect(config.stepUp).toEqual({
      publicUrl: 'https://keywarden.example.com',
      clientSecret: 'oidc-secret',
    });
    expect(() => loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policy })).toThrow(
      /^environment: KEYWARDEN_PUBLIC_URL: is required with approvals.stepUp/,
    );
    expect(() =>
      loadConfig({
        ...baseEnv,
        KEYWARDEN_CONFIG: policy,
        KEYWARDEN_PUBLIC_URL: 'http://keywarden.example.com',
      }),
    ).toThrow(/^environment: KEYWARDEN_PUBLIC_URL: must be an https URL/);
    // Without stepUp in the policy, neither variable changes anything.
    expect(loadConfig({ ...baseEnv, KEYWARDEN_CONFIG: policyFile(GOOD_POLICY) }).stepUp).toBeUndefined();
  });

  it.each([
    [
      'an http issuer',
      'issuer: "http://login.example.com/", clientId: k',
      'approvals.stepUp.issuer: must be an https URL',
    ],
    [
      'an unknown use',
      'issuer: "https://l.example.com/", clientId: k, for: [rotate]',
      'approvals.stepUp.for.0',
    ],
    [
      'a max age of a day',
      'issuer: "https://l.example.com/", clientId: k, maxAgeSeconds: 86400',
      'approvals.stepUp.maxAgeSeconds',
    ],
    ['no client id', 'issuer: "https://l.example.com/"', 'approvals.stepUp.clientId'],
  ])('refuses approvals.stepUp with %s, in one line naming the field', (_name, fields, message) => {
    const text = GOOD_POLICY.replace(
      'expiresAfterHours: 12 }',
      `expiresAfterHours: 12, stepUp: { ${fields} } }`,
    );
    expect(() => parsePolicy(text, 'policy.yml')).toThrow(`policy.yml: ${message}`);
  });

  const failures: [string, Record<string, string>, string][] = [
    ['a missing bot token', { SLACK_SIGNING_SECRET: 's' }, 'environment: SLACK_BOT_TOKEN:'],
    [
      'a user token in place of a bot token',
      { ...baseEnv, SLACK_BOT_TOKEN: 'xoxp-1' },
      'SLACK_BOT_TOKEN: must be a bot token',
    ],
    ['neither mode', { SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN'],
    ['a bad port', { ...baseEnv, PORT: 'eighty' }, 'environment: PORT:'],
    ['a bad log level', { ...baseEnv, LOG_LEVEL: 'loud' }, 'environment: LOG_LEVEL:'],
    ['a missing policy file', { ...baseEnv, KEYWARDEN_CONFIG: join(dir, 'nope.yml') }, 'file not found'],
    [
      'an audit event bus that is no bus name',
      { ...baseEnv, KEYWARDEN_AUDIT_EVENT_BUS: 'my bus!' },
      'environment: KEYWARDEN_AUDIT_EVENT_BUS: must be an EventBridge event bus name or ARN',
    ],
  ];

  it.each(failures)('names the field for %s, in one line', (_name, env, expected) => {
    expect(() => loadConfig({ KEYWARDEN_CONFIG: policyFile(GOOD_POLICY), ...env })).toThrow(expected);
    try {
      loadConfig({ KEYWARDEN_CONFIG: policyFile(GOOD_POLICY), ...env });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('parsePolicy', () => {
  const failures: [string, string, string][] = [
    ['a display name as admin', 'roles: { admins: [alice] }', 'p.yml: roles.admins.0: must be a Slack user'],
    ['an unknown key', 'selfservice: true', 'p.yml: (root):'],
    [
      'a channel name for approvals',
      'approvals: { channel: "#approvals" }',
      'approvals.channel: must be a Slack channel ID',
    ],
    ['zero approvers required', 'approvals: { channel: C0A1, required: 0 }', 'approvals.required:'],
    [
      'an invalid IAM user in the map',
      'identity: { users: { U0A: "bob smith" } }',
      'identity.users.U0A: must be an IAM user name',
    ],
    ['broken YAML', 'roles: [', 'p.yml: is not valid YAML'],
    [
      'a service user that is also mapped to a person',
      'identity: { users: { U0A: ci-deploy }, serviceUsers: [CI-Deploy] }',
      'identity.serviceUsers.0: CI-Deploy is also mapped to a person',
    ],
    [
      'two Slack people mapped to one IAM user (names compare without case)',
      'identity: { users: { U0A: alice, U0B: Alice } }',
      'p.yml: identity.users.U0B: U0A and U0B are both mapped to the IAM user Alice',
    ],
    [
      'a negative threshold',
      'reports: [{ channel: C0S, schedule: "0 9 * * *", maxAgeDays: -1 }]',
      'reports.0.maxAgeDays:',
    ],
  ];

  it.each(failures)('rejects %s', (_name, yaml, expected) => {
    expect(() => parsePolicy(yaml, 'p.yml')).toThrow(expected);
  });

  it('an empty file is a valid, deny-everything policy', () => {
    const policy = parsePolicy('', 'p.yml');
    expect(policy.roles).toEqual({ admins: [], approvers: [] });
    expect(policy.approvals).toBeUndefined();
    expect(policy.selfService).toBe(false);
  });

  it('the example policy the README starts from is valid, and says what it shows', () => {
    const policy = parsePolicy(
      readFileSync(join(__dirname, '..', '..', 'keywarden.example.yml'), 'utf8'),
      'example',
    );
    expect(policy.selfService).toBe(true);
    expect(policy.approvals?.reason).toEqual({
      required: true,
      pattern: '^(INC|CHG)-[0-9]+',
      hint: 'Start with the incident or change ticket (INC-123, CHG-123), then say why.',
    });
    expect(policy.reports[0]).toMatchObject({ maxAgeDays: 90, maxUnusedDays: 45, notifyOwners: true });
  });

  it('accounts: a role account needs its ARN; names are unique; reports name known accounts', () => {
    expect(() => parsePolicy('accounts: [{ name: prod, externalId: x-prod }]', 'p.yml')).toThrow(
      'accounts.0.externalId: externalId is sent on AssumeRole, so it needs a roleArn',
    );
    expect(() =>
      parsePolicy(
        'accounts: [{ name: home }, { name: home, roleArn: "arn:aws:iam::111111111111:role/k" }]',
        'p.yml',
      ),
    ).toThrow('home is named twice');
    expect(() => parsePolicy('accounts: [{ name: home }, { name: dev }]', 'p.yml')).toThrow(
      'only one account may go without a roleArn',
    );
    expect(() =>
      parsePolicy('reports: [{ channel: C0S, schedule: "0 9 * * *", accounts: [prdo] }]', 'p.yml'),
    ).toThrow('reports.0.accounts.0: prdo is not one of the accounts (default)');
  });

  it('reads the service users by name', () => {
    const policy = parsePolicy('identity: { serviceUsers: [ci-deploy, backup-s3] }', 'p.yml');
    expect(policy.identity.serviceUsers).toEqual(['ci-deploy', 'backup-s3']);
  });
});
