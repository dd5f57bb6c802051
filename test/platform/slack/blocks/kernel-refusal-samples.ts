import type { KernelRefusal } from '../../../../src/kernel/outcome';
import type { AccessKey, IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import type { RefusalSamples } from '../../../support/refusal-texts';

export const user = 'alice' as IamUserName;
export const keyId = 'AKIAEXAMPLEKEY000001' as KeyId;
export const key: AccessKey = {
  owner: user,
  keyId,
  status: 'Active',
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

/** One sample of every refusal every slice shares. */
export const KERNEL_SAMPLES: RefusalSamples<KernelRefusal> = {
  'not-allowed': { reason: 'not-allowed' },
  'no-identity': { reason: 'no-identity', mayNameUser: true },
  'identity-unconfirmed': { reason: 'identity-unconfirmed' },
  'unmapped-slack-user': { reason: 'unmapped-slack-user', slackUser: 'U0BOB' as SlackUserId },
  'no-such-user': { reason: 'no-such-user', user },
  'no-such-key': { reason: 'no-such-key', keyId },
  'key-in-several-accounts': {
    reason: 'key-in-several-accounts',
    keyId,
    accounts: [{ name: 'prod', id: '111111111111' }, { name: 'staging' }],
  },
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
};
