import { secretRecipient } from '../../../../src/features/creation/domain/secret-recipient';
import type { Ownership } from '../../../../src/kernel/ports/people';
import type { IamUserName, SlackUserId } from '../../../../src/kernel/types';

const owner = 'alice' as IamUserName;
const asker = 'U0ADMIN' as SlackUserId;

describe('who a new secret goes to (security rule 2)', () => {
  const cases: [string, Ownership, ReturnType<typeof secretRecipient>][] = [
    [
      'a person: that person',
      { kind: 'person', slackUser: 'U0ALICE' as SlackUserId },
      { ok: true, value: 'U0ALICE' as SlackUserId },
    ],
    ['a service user: the admin who asked', { kind: 'service' }, { ok: true, value: asker }],
    ['nobody: no key', { kind: 'unowned' }, { ok: false, refusal: { reason: 'no-owner', user: owner } }],
    [
      'an owner Slack could not confirm: refused, never the asker',
      { kind: 'unconfirmed' },
      { ok: false, refusal: { reason: 'owner-unconfirmed', user: owner } },
    ],
  ];

  it.each(cases)('%s', (_case, ownership, expected) => {
    expect(secretRecipient(ownership, owner, asker)).toEqual(expected);
  });
});
