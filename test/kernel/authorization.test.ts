import { mayManage, type Actor } from '../../src/kernel/authorization';
import type { IamUserName, SlackUserId } from '../../src/kernel/types';

const person = (overrides: Partial<Actor>): Actor => ({
  slackUserId: 'U0PERSON' as SlackUserId,
  isAdmin: false,
  isApprover: false,
  selfService: true,
  ...overrides,
});

const alice = 'alice' as IamUserName;
const bob = 'bob' as IamUserName;

describe('who may manage (and list) whose keys', () => {
  const matrix: [string, Actor, IamUserName, boolean][] = [
    ['an admin, anyone', person({ isAdmin: true }), bob, true],
    ['an admin without a mapping, anyone', person({ isAdmin: true, iamUser: undefined }), alice, true],
    ['alice, herself', person({ iamUser: alice }), alice, true],
    [
      'alice, herself spelled ALICE (IAM names ignore case)',
      person({ iamUser: alice }),
      'ALICE' as IamUserName,
      true,
    ],
    ['alice, bob', person({ iamUser: alice }), bob, false],
    ['alice, herself, with self-service off', person({ iamUser: alice, selfService: false }), alice, false],
    ['an approver, someone else', person({ isApprover: true, iamUser: alice }), bob, false],
    ['a stranger without a mapping', person({}), alice, false],
  ];

  it.each(matrix)('%s', (_name, actor, owner, allowed) => {
    expect(mayManage(actor, owner)).toBe(allowed);
  });
});
