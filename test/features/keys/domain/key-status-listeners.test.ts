import type { KeyStatusChanged } from '../../../../src/features/keys/domain';
import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import type { IamUserName } from '../../../../src/kernel/types';
import { actor, fakePorts } from '../../../support/fakes';

const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { iamUser: 'bob' as IamUserName });

describe('KeyCommands tells who registered of each status it changed in IAM', () => {
  it('a change is told once, with who made it; no change, a refusal or a failed listener tell nothing more', async () => {
    const ports = fakePorts();
    const { commands } = createKeysDomain(ports);
    const keyId = ports.iam.addKey('alice').keyId;
    const told: KeyStatusChanged[] = [];
    commands.onStatusChanged(async () => {
      throw new Error('a listener that fails');
    });
    commands.onStatusChanged(async (change) => {
      told.push(change);
    });

    // The failing listener neither fails the change nor keeps the next listener from hearing of it.
    expect(await commands.setStatus(ALICE, keyId, 'Inactive')).toMatchObject({ ok: true });
    expect(told).toEqual([
      expect.objectContaining({
        keyId,
        owner: 'alice',
        status: 'Inactive',
        by: 'U0ALICE',
        at: ports.clock.now(),
      }),
    ]);
    // Already off: nothing sent to IAM, nothing told. Someone else's key: refused, nothing told.
    expect(await commands.setStatus(ALICE, keyId, 'Inactive')).toMatchObject({
      ok: true,
      value: { changed: false },
    });
    expect(await commands.setStatus(BOB, keyId, 'Active')).toMatchObject({ ok: false });
    expect(told).toHaveLength(1);
  });
});
