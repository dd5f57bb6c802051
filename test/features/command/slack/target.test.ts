import { resolveTarget } from '../../../../src/features/command/slack/target';
import type { Actor } from '../../../../src/kernel/authorization';
import type { SlackUserId } from '../../../../src/kernel/types';
import type { Access } from '../../../../src/platform/access/access';
import { FakeAccounts } from '../../../support/fakes/fake-accounts';
import { FakeIam } from '../../../support/fakes/fake-iam';

const accounts = FakeAccounts.single(new FakeIam());
// Someone's own keys are asked for: identity is not looked up again.
const access = {} as Access;

function stranger(isAdmin: boolean): Actor {
  return { slackUserId: 'U0NEW' as SlackUserId, isAdmin, isApprover: false, selfService: true };
}

describe('resolveTarget: someone mapped to no IAM user', () => {
  it('who is no admin is refused the right to make a key, not told to name a user', async () => {
    expect(await resolveTarget(access, accounts, stranger(false), undefined, 'change')).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
  });

  it('who is no admin is told they have no keys here when reading', async () => {
    expect(await resolveTarget(access, accounts, stranger(false), undefined, 'read')).toEqual({
      ok: false,
      refusal: { reason: 'no-identity', mayNameUser: false },
    });
  });

  it.each(['read', 'change'] as const)('who is an admin may name a user instead (%s)', async (use) => {
    expect(await resolveTarget(access, accounts, stranger(true), undefined, use)).toEqual({
      ok: false,
      refusal: { reason: 'no-identity', mayNameUser: true },
    });
  });
});
