import type { ApprovalRequest } from '../../../src/keys/approvals/approval';
import { twoPersonViolation } from '../../../src/keys/approvals/two-person-rule';
import type { SlackUserId } from '../../../src/keys/types';
import { pendingRequest } from '../../support/contracts/approval-store';

const by = (id: string, at: Date) => ({ by: id as SlackUserId, at });

describe('the two-person rule, judged from the stored request', () => {
  const base = pendingRequest({ state: 'APPROVED' });
  const before = new Date(base.expiresAt.getTime() - 60_000);
  const cases: [string, Partial<ApprovalRequest>, ReturnType<typeof twoPersonViolation>][] = [
    ['one approver, not the requester, in time: holds', { approvals: [by('U0BOB', before)] }, undefined],
    ['no approvals at all', { approvals: [] }, 'too-few-approvers'],
    ['the requester approving', { approvals: [by('U0ALICE', before)] }, 'self-approval'],
    [
      'an approval at the instant of expiry',
      { approvals: [by('U0BOB', base.expiresAt)] },
      'approved-after-expiry',
    ],
    [
      'the same approver twice, two required',
      { required: 2, approvals: [by('U0BOB', before), by('U0BOB', before)] },
      'too-few-approvers',
    ],
    [
      'two distinct approvers, two required',
      { required: 2, approvals: [by('U0BOB', before), by('U0CAROL', before)] },
      undefined,
    ],
    ['a required count of zero', { required: 0, approvals: [by('U0BOB', before)] }, 'no-required-count'],
    ['a fractional required count', { required: 1.5, approvals: [by('U0BOB', before)] }, 'no-required-count'],
  ];

  it.each(cases)('%s', (_case, overrides, expected) => {
    expect(twoPersonViolation({ ...base, ...overrides })).toBe(expected);
  });
});
