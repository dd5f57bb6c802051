import type { Refusal } from '../../../../src/kernel/outcome';
import type { AccessKey, IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { refusalText } from '../../../../src/platform/slack/blocks/texts';

const user = 'alice' as IamUserName;
const keyId = 'AKIAEXAMPLEKEY000001' as KeyId;
const key: AccessKey = { owner: user, keyId, status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') };

/**
 * One sample of every refusal. The type is a complete record, so a new reason without a sample is
 * a type error (npm run typecheck), and the test below then proves it renders.
 */
const SAMPLES: { [R in Refusal['reason']]: Extract<Refusal, { reason: R }> } = {
  'not-allowed': { reason: 'not-allowed' },
  'no-identity': { reason: 'no-identity' },
  'identity-unconfirmed': { reason: 'identity-unconfirmed' },
  'owner-unconfirmed': { reason: 'owner-unconfirmed', user },
  'no-owner': { reason: 'no-owner', user },
  'unmapped-slack-user': { reason: 'unmapped-slack-user', slackUser: 'U0BOB' as SlackUserId },
  'no-such-user': { reason: 'no-such-user', user },
  'no-such-key': { reason: 'no-such-key', keyId },
  'key-in-several-accounts': {
    reason: 'key-in-several-accounts',
    keyId,
    accounts: [{ name: 'prod', id: '111111111111' }, { name: 'staging' }],
  },
  'deactivated-by-admin': { reason: 'deactivated-by-admin', by: 'U0ADMIN' as SlackUserId, at: key.createdAt },
  'iam-throttled': { reason: 'iam-throttled' },
  'iam-denied': { reason: 'iam-denied' },
  'iam-unavailable': { reason: 'iam-unavailable' },
  'account-unavailable': {
    reason: 'account-unavailable',
    why: 'account prod: the role cannot be assumed (access denied: check its trust policy and ExternalId)',
  },
  'unknown-account': { reason: 'unknown-account', name: 'prdo', known: ['home', 'prod'] },
  'account-not-managed': { reason: 'account-not-managed', account: 'prod', accountId: '111111111111' },
  'store-unavailable': { reason: 'store-unavailable' },
  'approvals-not-configured': { reason: 'approvals-not-configured' },
  'no-such-request': { reason: 'no-such-request' },
  'not-pending': { reason: 'not-pending', state: 'EXECUTED' },
  expired: { reason: 'expired' },
  'self-approval': { reason: 'self-approval' },
  'not-approver': { reason: 'not-approver' },
  'not-requester': { reason: 'not-requester' },
  'reason-required': { reason: 'reason-required', pattern: '^(INC|CHG)-[0-9]+' },
  'reason-mismatch': { reason: 'reason-mismatch', pattern: '^(INC|CHG)-[0-9]+' },
  'already-approved': { reason: 'already-approved' },
  'already-requested': {
    reason: 'already-requested',
    requestId: 'r-1',
    link: 'https://example.slack.com/archives/C0APPROVALS/p1700000000000100',
  },
  'approval-post-failed': { reason: 'approval-post-failed' },
  'wrong-message': { reason: 'wrong-message' },
  'key-limit': {
    reason: 'key-limit',
    owner: user,
    keys: [key, { ...key, keyId: 'AKIAEXAMPLEKEY000002' as KeyId }],
  },
  'dm-unavailable': { reason: 'dm-unavailable' },
  'delivery-failed': { reason: 'delivery-failed', keyId, keyState: 'Active' },
  'create-unclear': { reason: 'create-unclear', deactivated: [keyId], checked: true },
  'no-such-invitation': { reason: 'no-such-invitation' },
  'invitation-expired': { reason: 'invitation-expired' },
  'invitation-used': { reason: 'invitation-used' },
  'not-your-invitation': { reason: 'not-your-invitation' },
  'nothing-to-rotate': { reason: 'nothing-to-rotate', owner: user },
  'rotation-needs-room': { reason: 'rotation-needs-room', owner: user, keys: [key, key] },
  'no-such-rotation': { reason: 'no-such-rotation' },
  'rotation-step-done': { reason: 'rotation-step-done' },
  'new-key-not-used-yet': { reason: 'new-key-not-used-yet' },
  'reported-key-gone': { reason: 'reported-key-gone' },
  'reported-key-not-active': { reason: 'reported-key-not-active' },
  'reported-key-no-longer-stale': { reason: 'reported-key-no-longer-stale', lastUsedAt: key.createdAt },
};

describe('every refusal renders', () => {
  it.each(Object.values(SAMPLES).map((refusal) => [refusal.reason, refusal] as const))(
    '%s: a short sentence for a person, with what it names',
    (_reason, refusal) => {
      const text = refusalText(refusal);
      expect(text.length).toBeGreaterThan(10);
      expect(text.length).toBeLessThan(600);
      expect(text).not.toMatch(/undefined|\[object|NaN/);
      for (const named of ['user', 'keyId', 'owner'] as const) {
        const value = (refusal as Record<string, unknown>)[named];
        if (typeof value === 'string') expect(text).toContain(value);
      }
    },
  );

  it('no two refusals read the same, so a person can tell them apart', () => {
    const texts = Object.values(SAMPLES).map(refusalText);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
