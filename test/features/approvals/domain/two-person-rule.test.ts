import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import {
  twoPersonViolation,
  type Violation,
} from '../../../../src/features/approvals/domain/two-person-rule';
import type { SlackUserId } from '../../../../src/kernel/types';
import { pendingRequest } from '../../../support/contracts/approval-store';
import { FakePeople } from '../../../support/fakes';

const by = (id: string, at: Date) => ({ by: id as SlackUserId, at });

describe('the two-person rule: the stored approvals, judged by the policy in force', () => {
  const base = pendingRequest({ state: 'APPROVED' });
  const before = new Date(base.expiresAt.getTime() - 60_000);
  const people = new FakePeople();
  people.groups.set('S0SEC', ['U0DAVE']);
  const approvers = ['U0BOB', 'U0CAROL', 'S0SEC'];
  const cases: [string, Partial<ApprovalRequest>, number, Violation | undefined][] = [
    ['one approver, not the requester, in time: holds', { approvals: [by('U0BOB', before)] }, 1, undefined],
    ['an approver by their group: holds', { approvals: [by('U0DAVE', before)] }, 1, undefined],
    ['no approvals at all', { approvals: [] }, 1, { rule: 'too-few-approvers' }],
    [
      'the requester approving',
      { approvals: [by('U0ALICE', before)] },
      1,
      { rule: 'self-approval', approver: 'U0ALICE' as SlackUserId },
    ],
    [
      'an approval at the instant of expiry',
      { approvals: [by('U0BOB', base.expiresAt)] },
      1,
      { rule: 'approved-after-expiry', approver: 'U0BOB' as SlackUserId },
    ],
    [
      'the same approver twice, two required',
      { approvals: [by('U0BOB', before), by('U0BOB', before)] },
      2,
      { rule: 'too-few-approvers' },
    ],
    [
      'two distinct approvers, two required',
      { approvals: [by('U0BOB', before), by('U0CAROL', before)] },
      2,
      undefined,
    ],
    [
      'the item says one is enough; the policy says two',
      { required: 1, approvals: [by('U0BOB', before)] },
      2,
      { rule: 'too-few-approvers' },
    ],
    [
      'an "approval" by someone who is no approver',
      { approvals: [by('U0MALLORY', before)] },
      1,
      { rule: 'not-an-approver', approver: 'U0MALLORY' as SlackUserId },
    ],
    ['a required count of zero', { approvals: [by('U0BOB', before)] }, 0, { rule: 'no-required-count' }],
    ['a fractional required count', { approvals: [by('U0BOB', before)] }, 1.5, { rule: 'no-required-count' }],
  ];

  it.each(cases)('%s', async (_case, overrides, required, expected) => {
    expect(await twoPersonViolation({ ...base, ...overrides }, { required, approvers }, people)).toEqual(
      expected,
    );
  });

  it('an approver whose group Slack cannot list is unconfirmed: refused, never passed', async () => {
    const unlisted = new FakePeople();
    unlisted.groups.set('S0SEC', ['U0DAVE']);
    unlisted.unlistable.add('S0SEC');
    const request = { ...base, approvals: [by('U0DAVE', before)] };
    expect(await twoPersonViolation(request, { required: 1, approvers }, unlisted)).toEqual({
      rule: 'approver-unconfirmed',
      approver: 'U0DAVE',
    });
    unlisted.faults.fail('membership', new Error('slack down'));
    expect(
      await twoPersonViolation(
        { ...base, approvals: [by('U0BOB', before)] },
        { required: 1, approvers },
        unlisted,
      ),
    ).toEqual({ rule: 'approver-unconfirmed', approver: 'U0BOB' });
  });

  it('without a way to ask Slack, nobody holds the right', async () => {
    const request = { ...base, approvals: [by('U0BOB', before)] };
    expect(await twoPersonViolation(request, { required: 1, approvers }, undefined)).toEqual({
      rule: 'not-an-approver',
      approver: 'U0BOB',
    });
  });
});
