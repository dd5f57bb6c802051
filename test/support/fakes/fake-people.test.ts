import type { IamUserName, SlackUserId } from '../../../src/kernel/types';
import { FakePeople } from './fake-people';

const user = (name: string) => name as IamUserName;

describe('FakePeople answers each Ownership the port names', () => {
  const people = new FakePeople();
  people.person('U0ALICE', { iamUser: user('alice') });
  people.service('ci-deploy');
  people.unconfirmed('carol');

  it('a person (names ignore case), a service user, an unconfirmed owner, and unowned for the rest', async () => {
    expect(await people.ownerOf(user('ALICE'))).toEqual({ kind: 'person', slackUser: 'U0ALICE' });
    expect(await people.ownerOf(user('ci-deploy'))).toEqual({ kind: 'service' });
    expect(await people.ownerOf(user('carol'))).toEqual({ kind: 'unconfirmed' });
    expect(await people.ownerOf(user('mallory'))).toEqual({ kind: 'unowned' });
  });

  it('a registered person with their mapping; anyone else a stranger with no roles', async () => {
    expect(await people.actor('U0ALICE' as SlackUserId)).toMatchObject({ iamUser: 'alice', isAdmin: false });
    const stranger = await people.actor('U0STRANGER' as SlackUserId);
    expect(stranger).toEqual({
      slackUserId: 'U0STRANGER',
      isAdmin: false,
      isApprover: false,
      selfService: true,
    });
  });

  it('a failed lookup throws, as Slack being down does', async () => {
    people.faults.fail('ownerOf', new Error('slack down'));
    await expect(people.ownerOf(user('alice'))).rejects.toThrow('slack down');
    await expect(people.ownerOf(user('alice'))).resolves.toMatchObject({ kind: 'person' });
  });
});
