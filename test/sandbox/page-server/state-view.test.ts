import { IamState } from '../../../sandbox/iam';
import { accountViews, channelsSeenBy, fileLink } from '../../../sandbox/page-server/state-view';
import type { StoredMessage } from '../../../sandbox/slack';

const LAYOUT = {
  channels: [
    { id: 'C0GENERAL', name: 'general' },
    { id: 'C0APPROVALS', name: 'key-approvals' },
  ],
  botName: 'Keywarden',
  dmChannelOf: (userId: string) => `D${userId.slice(1)}`,
};

const message = (ts: string, channel: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  ts,
  channel,
  user: 'U0KEYWARDEN',
  text: `${channel} ${ts}`,
  ...extra,
});

const MESSAGES: StoredMessage[] = [
  message('1.1', 'C0GENERAL'),
  message('1.2', 'C0GENERAL', { ephemeralTo: 'U0ALICE' }),
  message('1.3', 'C0GENERAL', { ephemeralTo: 'U0BOB' }),
  message('1.4', 'D0ALICE', { ephemeralTo: 'U0ALICE' }),
  message('1.5', 'D0ALICE'),
  message('1.6', 'D0BOB'),
  message('1.7', 'C0ELSEWHERE'),
  message('1.8', 'C0APPROVALS', {
    edited: true,
    files: [{ id: 'F0AB', name: 'a b.csv', url: 'http://127.0.0.1:1/x' }],
  }),
];

const seenBy = (viewer: string) => channelsSeenBy(viewer, MESSAGES, LAYOUT);
const tsIn = (viewer: string, channel: string) =>
  seenBy(viewer)
    .find((c) => c.id === channel)
    ?.messages.map((m) => m.ts);

describe('what one person sees of the workspace', () => {
  it('lists the named channels, any other channel with messages, and only their own DM with the bot', () => {
    expect(seenBy('U0ALICE').map((c) => [c.id, c.name, c.kind])).toEqual([
      ['C0GENERAL', 'general', 'channel'],
      ['C0APPROVALS', 'key-approvals', 'channel'],
      ['C0ELSEWHERE', 'C0ELSEWHERE', 'channel'],
      ['D0ALICE', 'Keywarden', 'dm'],
    ]);
    expect(seenBy('U0BOB').map((c) => c.id)).not.toContain('D0ALICE');
  });

  it('shows an ephemeral message to its recipient only, marked as ephemeral', () => {
    expect(tsIn('U0ALICE', 'C0GENERAL')).toEqual(['1.1', '1.2']);
    expect(tsIn('U0BOB', 'C0GENERAL')).toEqual(['1.1', '1.3']);
    expect(tsIn('U0APPROVER', 'C0GENERAL')).toEqual(['1.1']);
    expect(seenBy('U0ALICE')[0]?.messages.map((m) => m.ephemeral)).toEqual([false, true]);
    expect(tsIn('U0ALICE', 'D0ALICE')).toEqual(['1.4', '1.5']);
  });

  it('keeps the edited mark and points file links at the page server', () => {
    const approvals = seenBy('U0BOB').find((c) => c.id === 'C0APPROVALS')?.messages[0];
    expect(approvals?.edited).toBe(true);
    expect(approvals?.files).toEqual([{ id: 'F0AB', name: 'a b.csv', url: '/files/F0AB/a%20b.csv' }]);
    expect(fileLink('F1', '../x')).toBe('/files/F1/..%2Fx');
  });
});

describe('the accounts as the IAM stand-in holds them', () => {
  const dev = new IamState();
  const prod = new IamState({ accountId: '444455556666' });
  dev.addUser('alice');
  dev.addUser('ci-deploy', { path: '/service/' });
  const devKey = dev.addKey('alice', {
    createDate: new Date('2026-01-01T00:00:00Z'),
    lastUsed: { date: new Date('2026-01-02T00:00:00Z'), serviceName: 's3', region: 'eu-west-1' },
  });
  prod.addUser('alice');
  const prodKey = prod.addKey('alice', { status: 'Inactive', createDate: new Date('2025-06-01T00:00:00Z') });
  const states = new Map([
    [dev.accountId, dev],
    [prod.accountId, prod],
  ]);
  const views = accountViews(
    [
      { name: 'dev', id: dev.accountId },
      { name: 'prod', id: prod.accountId, roleArn: 'arn:aws:iam::444455556666:role/keywarden' },
      { name: 'gone', id: '999999999999' },
    ],
    (id) => states.get(id),
  );

  it('lists each account the stand-in holds, in the policy’s order, with its users and keys', () => {
    expect(views.map((view) => [view.name, view.id, view.roleArn])).toEqual([
      ['dev', '123456789012', undefined],
      ['prod', '444455556666', 'arn:aws:iam::444455556666:role/keywarden'],
    ]);
    expect(views[0]?.users).toEqual([
      {
        userName: 'alice',
        service: false,
        keys: [
          {
            accessKeyId: devKey.accessKeyId,
            status: 'Active',
            createdAt: '2026-01-01T00:00:00.000Z',
            lastUsed: { at: '2026-01-02T00:00:00.000Z', service: 's3', region: 'eu-west-1' },
          },
        ],
      },
      { userName: 'ci-deploy', service: true, keys: [] },
    ]);
    expect(views[1]?.users[0]?.keys).toEqual([
      { accessKeyId: prodKey.accessKeyId, status: 'Inactive', createdAt: '2025-06-01T00:00:00.000Z' },
    ]);
  });

  it('never carries a secret', () => {
    const json = JSON.stringify(views);
    expect([...dev.issuedSecrets(), ...prod.issuedSecrets()].filter((s) => json.includes(s))).toEqual([]);
  });
});
