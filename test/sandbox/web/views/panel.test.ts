import { BOT_OWN_CREDENTIALS, type PanelView } from '../../../../sandbox/page-server/api';
import { panelHtml } from '../../../../sandbox/web/src/views/panel';
import { textOf, unsafeParts } from '../html-shape';

const NAMES = {
  users: new Map([
    ['U0APPROVER', 'April Approver'],
    ['U0ALICE', 'Alice Smith'],
  ]),
  channels: new Map([['C0SECOPS', 'secops']]),
};
const HOSTILE = '<img src=x onerror=alert(1)>';

const PANEL: PanelView = {
  iamCalls: [
    {
      at: '2026-01-02T03:04:05.000Z',
      action: 'DeleteAccessKey',
      userName: 'bob',
      accessKeyId: 'AKIA1',
      status: 200,
      account: { name: 'prod', id: '444455556666' },
      sourceIdentity: 'U0APPROVER',
      roleSessionName: 'keywarden-U0APPROVER',
    },
    {
      at: '2026-01-02T03:04:06.000Z',
      action: 'ListAccessKeys',
      userName: HOSTILE,
      status: 404,
      error: 'NoSuchEntity',
      account: { name: 'dev', id: '123456789012' },
    },
    {
      at: '2026-01-02T03:04:07.000Z',
      action: 'GetCredentialReport',
      status: 200,
      account: { name: 'prod', id: '444455556666' },
      sourceIdentity: 'keywarden',
      roleSessionName: 'keywarden',
    },
  ],
  assumeRoles: [
    {
      at: '2026-01-02T03:04:04.000Z',
      roleArn: 'arn:aws:iam::444455556666:role/keywarden',
      account: { name: 'prod', id: '444455556666' },
      roleSessionName: 'keywarden-U0ALICE',
      sourceIdentity: 'U0ALICE',
      externalId: true,
      status: 200,
    },
    {
      at: '2026-01-02T03:04:03.000Z',
      roleArn: 'arn:aws:iam::444455556666:role/keywarden',
      account: { name: 'prod', id: '444455556666' },
      roleSessionName: HOSTILE,
      externalId: false,
      status: 403,
      error: 'AccessDenied',
    },
  ],
  trailLookups: [
    {
      at: '2026-01-02T03:04:08.000Z',
      region: 'eu-west-1',
      account: { name: 'dev', id: '123456789012' },
      accessKeyId: 'AKIADEV1',
      events: 12,
      nextPage: false,
      status: 200,
    },
    {
      at: '2026-01-02T03:04:09.000Z',
      region: 'us-east-1',
      account: { name: 'dev', id: '123456789012' },
      accessKeyId: HOSTILE,
      nextPage: true,
      status: 400,
      error: 'ThrottlingException',
    },
  ],
  canSimulateLeak: true,
  accounts: [
    {
      name: 'dev',
      id: '123456789012',
      users: [
        {
          userName: 'alice',
          service: false,
          keys: [
            {
              accessKeyId: 'AKIADEV1',
              status: 'Active',
              createdAt: '2025-12-01T00:00:00.000Z',
              lastUsed: { at: '2026-01-01T00:00:00.000Z', service: 's3', region: 'eu-west-1' },
            },
          ],
        },
        { userName: HOSTILE, service: true, keys: [] },
      ],
    },
    {
      name: 'prod',
      id: '444455556666',
      roleArn: 'arn:aws:iam::444455556666:role/keywarden',
      users: [
        {
          userName: 'alice',
          service: false,
          keys: [{ accessKeyId: 'AKIAPROD1', status: 'Inactive', createdAt: '2025-11-01T00:00:00.000Z' }],
        },
      ],
    },
  ],
  approvals: [
    {
      id: 'r1',
      state: 'EXECUTED',
      keyId: 'AKIA1',
      owner: 'bob',
      requestedBy: 'U0BOB',
      reason: HOSTILE,
      createdAt: '2026-01-02T03:00:00.000Z',
      expiresAt: '2026-01-03T03:00:00.000Z',
      approvals: ['U0APPROVER'],
      required: 1,
      outcome: HOSTILE,
    },
  ],
  audit: [
    {
      at: '2026-01-02T03:04:05.000Z',
      actor: 'U0APPROVER',
      action: 'approve',
      outcome: 'ok',
      detail: HOSTILE,
    },
  ],
  reports: [
    {
      index: 0,
      channel: 'C0SECOPS',
      schedule: '0 9 * * MON',
      timezone: 'UTC',
      maxAgeDays: 90,
      maxUnusedDays: 30,
      canRunNow: false,
    },
  ],
  workflowRuns: [
    {
      executionId: 'Fx0000000001',
      step: 'request_key_deletion',
      requester: 'U0ALICE',
      keyId: 'AKIA2',
      state: 'completed',
      startedAt: '2026-01-02T03:04:05.000Z',
      outputs: { request_id: 'r-1', decision: 'deleted' },
    },
    {
      executionId: 'Fx0000000002',
      step: 'request_key_deletion',
      requester: 'U0ALICE',
      keyId: HOSTILE,
      state: 'failed',
      startedAt: '2026-01-02T03:04:06.000Z',
      error: HOSTILE,
    },
  ],
};

describe('the side panel', () => {
  const html = panelHtml(PANEL, NAMES);

  it('shows each IAM call with its action, UserName, key and outcome', () => {
    const text = textOf(html);
    expect(text).toContain('03:04:05DeleteAccessKeybobAKIA1200');
    expect(text).toContain('ListAccessKeys');
    expect(text).toContain('NoSuchEntity');
  });

  it('says under each IAM call which account it ran in and as whom: a SourceIdentity, or the bot’s own credentials', () => {
    const text = textOf(html);
    expect(text).toContain('prod 444455556666 · SourceIdentity U0APPROVER (April Approver)');
    expect(text).toContain(`dev 123456789012 · ${BOT_OWN_CREDENTIALS}`);
    expect(text).toContain('prod 444455556666 · SourceIdentity keywarden (scheduled work)');
  });

  it('lists AssumeRole calls: session name, SourceIdentity, whether an ExternalId was sent, allowed or refused', () => {
    const section = textOf(/aria-label="STS AssumeRole">(.*?)<\/section>/s.exec(html)?.[1] ?? '');
    expect(section).toContain(
      'allowed 03:04:04 AssumeRole into prod 444455556666RoleSessionName keywarden-U0ALICE · ' +
        'SourceIdentity U0ALICE (Alice Smith) · ExternalId sent',
    );
    expect(section).toContain('refused 03:04:03');
    expect(section).toContain('no SourceIdentity · no ExternalId');
  });

  it('shows each account’s users and keys, collapsed, with how the bot reaches it', () => {
    const accounts = /aria-label="AWS accounts">(.*?)<\/section>/s.exec(html)?.[1] ?? '';
    expect(accounts.match(/<details /g)).toHaveLength(2);
    expect(accounts).not.toContain(' open');
    const text = textOf(accounts);
    expect(text).toContain(`dev 123456789012 · 2 users, 1 key (1 active) · ${BOT_OWN_CREDENTIALS}`);
    expect(text).toContain('prod 444455556666 · 1 user, 1 key (0 active) · role keywarden');
    expect(text).toContain('aliceAKIADEV1Active2025-12-012026-01-01 s3');
    expect(text).toContain('aliceAKIAPROD1Inactive2025-11-01never');
  });

  it('shows requests with their state and approvers by name, audit events, and a run-now control per report', () => {
    const text = textOf(html);
    expect(text).toContain('EXECUTED');
    expect(text).toContain('1/1 approvals (April Approver)');
    expect(text).toContain('April Approver approve');
    expect(text).toContain('#secops');
    expect(html).toContain('<button type="button" class="panel-button" data-run-report="0">Run now</button>');
  });

  it('offers a form to simulate a key in use', () => {
    expect(html).toContain('<form class="panel-form" data-use-key>');
    expect(textOf(html)).toContain('Use it now');
  });

  it('runs a workflow "request deletion of this key" and shows each run: running, its decision, or its error', () => {
    expect(html).toContain('<form class="panel-form" data-run-workflow>');
    const text = textOf(html);
    expect(text).toContain('request_key_deletion');
    expect(text).toContain('decision: deleted');
    expect(text).toContain('Alice Smith');
  });

  it('lists CloudTrail lookups by key, region and account, with the events found or the failure', () => {
    const section = textOf(/aria-label="CloudTrail LookupEvents">(.*?)<\/section>/s.exec(html)?.[1] ?? '');
    expect(section).toContain('12 events 03:04:08 LookupEvents AKIADEV1eu-west-1 · dev 123456789012');
    expect(section).toContain('ThrottlingException 03:04:09');
    expect(section).toContain('us-east-1 · dev 123456789012 · next page');
  });

  it('offers a leak of any active key, people first, only when the sandbox wired the queue', () => {
    const form = /<form class="panel-form" data-simulate-leak>(.*?)<\/form>/s.exec(html)?.[1] ?? '';
    expect([...form.matchAll(/<option value="(\w+)"/g)].map((m) => m[1])).toEqual(['AKIADEV1']);
    expect(textOf(form)).toContain('alice@dev AKIADEV1');
    expect(textOf(form)).toContain('Simulate a leak');
    expect(panelHtml({ ...PANEL, canSimulateLeak: false }, NAMES)).not.toContain('data-simulate-leak');
  });

  it('shows hostile names and details as text', () => {
    expect(html).not.toContain('<img');
    expect(textOf(html)).toContain(HOSTILE);
    expect(
      unsafeParts(html, {
        tags: [
          'details',
          'summary',
          'section',
          'h2',
          'table',
          'colgroup',
          'col',
          'thead',
          'tbody',
          'tr',
          'th',
          'td',
          'form',
          'label',
          'input',
          'select',
          'option',
        ],
        // The panel's own forms (simulate traffic, a leak, run a workflow): fixed markup; a leak option's
        // value is a key id.
        attributes: [
          'data-simulate-leak',
          'value',
          'colspan',
          'data-account',
          'data-run-report',
          'data-use-key',
          'data-run-workflow',
          'name',
          'autocomplete',
          'spellcheck',
          'pattern',
          'required',
          'placeholder',
          // An audit event's stored codes, in its title.
          'data-audit-codes',
          'title',
        ],
      }),
    ).toEqual([]);
  });

  it('says each audit event as Slack does, with mentions by name, and keeps its codes in the title', () => {
    const withSentence = panelHtml(
      {
        ...PANEL,
        audit: [
          {
            at: '2026-01-02T03:04:05.000Z',
            actor: 'U0ALICE',
            action: 'deactivate',
            outcome: 'refused',
            owner: 'bob',
            keyId: 'AKIAEXAMPLEKEY000001',
            detail: `not-allowed ${HOSTILE}`,
            sentence:
              '2026-01-02 03:04 UTC · <@U0ALICE> deactivated key `AKIAEXAMPLEKEY000001` of `bob`: refused, not theirs.',
          },
        ],
      },
      NAMES,
    );
    const section = /aria-label="Audit events">(.*?)<\/section>/s.exec(withSentence)?.[1] ?? '';
    expect(textOf(section)).toContain(
      'Alice Smith deactivated key AKIAEXAMPLEKEY000001 of bob: refused, not theirs.',
    );
    expect(section).not.toContain('<@U0ALICE>');
    const title = /title="([^"]*)"/.exec(section)?.[1] ?? '';
    expect(title).toContain('U0ALICE · deactivate · refused · bob · AKIAEXAMPLEKEY000001 · not-allowed');
    expect(section).not.toContain('<img');
  });
});
