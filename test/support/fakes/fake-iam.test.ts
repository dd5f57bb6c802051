import type { IamUserName, KeyId } from '../../../src/kernel/types';
import { iamContract } from '../contracts/iam';
import { FakeClock } from './fake-clock';
import { FakeIam } from './fake-iam';
import { iamError } from './faults';

describe('FakeIam keeps the IamPort contract', () => {
  iamContract(async () => {
    const iam = new FakeIam();
    return {
      iam,
      seed: {
        addUser: (name) => iam.addUser(name),
        addKey: (owner, key) => iam.addKey(owner, key).keyId,
      },
      close: async () => undefined,
    };
  });
});

describe('FakeIam, what only the fake does', () => {
  const alice = 'alice' as IamUserName;

  it('records every call, failed or not, and fails on demand with the code asked for', async () => {
    const iam = new FakeIam();
    iam.addUser('alice');
    iam.faults.fail('listKeys', iamError('IAM_THROTTLED'));
    await expect(iam.listKeys(alice)).rejects.toMatchObject({ code: 'IAM_THROTTLED' });
    await expect(iam.listKeys(alice)).resolves.toEqual([]);
    expect(iam.callsOf('listKeys')).toHaveLength(2);
  });

  it('a lost create answer: the key exists in IAM, the caller gets IAM_UNCLEAR and no secret', async () => {
    const iam = new FakeIam();
    iam.addUser('alice');
    iam.loseNextCreateAnswer();
    await expect(iam.createKey(alice)).rejects.toMatchObject({ code: 'IAM_UNCLEAR' });
    expect(iam.keysOf('alice')).toHaveLength(1);
    await expect(iam.createKey(alice)).resolves.toMatchObject({ key: { owner: 'alice' } });
  });

  it('stamps new keys with its clock, to the second, and keeps each secret for assertions', async () => {
    const clock = new FakeClock('2026-06-15T12:00:00.750Z');
    const iam = new FakeIam(clock);
    iam.addUser('alice');
    const made = await iam.createKey(alice);
    expect(made.key.createdAt).toEqual(new Date('2026-06-15T12:00:00Z'));
    expect(iam.secretOf(made.key.keyId)).toBe(made.secret.reveal());
    expect(iam.mutations()).toEqual([{ method: 'createKey', owner: 'alice' }]);
    expect(iam.keyOf('AKIANOSUCHKEY0000000' as KeyId)).toBeUndefined();
  });
});
