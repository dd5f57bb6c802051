import { DEFAULT_ACCOUNT } from '../../../support/fakes';
import { HOLD_DETAIL } from '../../../../src/features/keys/domain/key-commands';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { actor, iamError, storeUnavailable, fakePorts, type FakePortsOptions } from '../../../support/fakes';

/** The keys slice's own domain (createKeysDomain) over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  return { ...ports, ...createKeysDomain(ports) };
}
type Domain = ReturnType<typeof domain>;

const ADMIN = actor('U0ADMIN', { isAdmin: true });
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { iamUser: 'bob' as IamUserName });

describe('KeyCommands: one named key, its owner resolved and checked first', () => {
  let d: Domain;
  let keyId: KeyId;
  beforeEach(() => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
    d.iam.addKey('bob');
  });

  it('the owner deactivates her own key: IAM is told the owner, the audit has no hold', async () => {
    const outcome = await d.commands.setStatus(ALICE, keyId, 'Inactive');
    expect(outcome).toEqual({
      ok: true,
      value: { owner: 'alice', account: DEFAULT_ACCOUNT, keyId, status: 'Inactive', changed: true },
    });
    expect(d.iam.mutations()).toEqual([{ method: 'setStatus', owner: 'alice', keyId, status: 'Inactive' }]);
    expect(d.audit.events).toEqual([
      expect.objectContaining({
        actor: 'U0ALICE',
        action: 'deactivate',
        outcome: 'ok',
        owner: 'alice',
        keyId,
      }),
    ]);
    expect(d.audit.events[0]?.detail).toBeUndefined();
  });

  it("bob may not touch alice's key: refused, audited with the owner IAM named, IAM unchanged", async () => {
    expect(await d.commands.setStatus(BOB, keyId, 'Inactive')).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(d.iam.mutations()).toEqual([]);
    expect(d.audit.summary()).toEqual(['deactivate:refused:not-allowed']);
    expect(d.audit.events[0]?.owner).toBe('alice');
  });

  it('without self-service the owner is refused too; an admin is not', async () => {
    const off = domain({ selfService: false });
    const key = off.iam.addKey('alice').keyId;
    const owner = { ...ALICE, selfService: false };
    expect((await off.commands.setStatus(owner, key, 'Inactive')).ok).toBe(false);
    expect((await off.commands.setStatus(ADMIN, key, 'Inactive')).ok).toBe(true);
  });

  it('an unknown key is no-such-key, and nothing is sent or audited against a guessed owner', async () => {
    const unknown = 'AKIANOSUCHKEY0000000' as KeyId;
    expect(await d.commands.setStatus(ADMIN, unknown, 'Inactive')).toEqual({
      ok: false,
      refusal: { reason: 'no-such-key', keyId: unknown },
    });
    expect(d.iam.mutations()).toEqual([]);
    expect(d.audit.events).toEqual([]);
  });

  it('a key already in that status: answered unchanged, nothing sent to IAM', async () => {
    const outcome = await d.commands.setStatus(ALICE, keyId, 'Active');
    expect(outcome).toMatchObject({ ok: true, value: { changed: false, status: 'Active' } });
    expect(d.iam.mutations()).toEqual([]);
  });

  it('a key its caller resolved is not looked up again, and its owner is still checked', async () => {
    const resolved = {
      owner: 'alice' as IamUserName,
      account: DEFAULT_ACCOUNT,
      keyId,
      status: 'Active' as const,
    };
    expect((await d.commands.setStatus(ALICE, resolved, 'Inactive')).ok).toBe(true);
    expect(d.iam.callsOf('lastUse')).toEqual([]);
    expect(d.iam.callsOf('listKeys')).toEqual([]);
    expect((await d.commands.setStatus(BOB, { ...resolved, status: 'Inactive' }, 'Active')).ok).toBe(false);
  });

  it('IAM throttled: refused as iam-throttled and audited as failed', async () => {
    d.iam.faults.fail('setStatus', iamError('IAM_THROTTLED'));
    expect(await d.commands.setStatus(ALICE, keyId, 'Inactive')).toEqual({
      ok: false,
      refusal: { reason: 'iam-throttled' },
    });
    expect(d.audit.summary()).toEqual(['deactivate:failed:iam-throttled']);
  });

  it('an audit store that fails after the change: still answered truthfully, the event logged in full', async () => {
    d.audit.faults.fail('record');
    expect((await d.commands.setStatus(ALICE, keyId, 'Inactive')).ok).toBe(true);
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');
    expect(d.logLines.join('\n')).toContain('audit event could not be stored');
  });
});

describe('the hold on an admin deactivation (incident response)', () => {
  let d: Domain;
  let keyId: KeyId;
  beforeEach(() => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
  });

  it("an admin's deactivation is a hold: the owner cannot turn the key on, and is told who and when", async () => {
    await d.commands.setStatus(ADMIN, keyId, 'Inactive');
    expect(d.audit.events[0]?.detail).toBe(HOLD_DETAIL);
    const at = d.clock.now();
    d.clock.advanceMinutes(5);
    expect(await d.commands.setStatus(ALICE, keyId, 'Active')).toEqual({
      ok: false,
      refusal: { reason: 'deactivated-by-admin', by: 'U0ADMIN', at },
    });
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');
    expect(d.audit.summary().at(-1)).toBe('activate:refused:deactivated-by-admin');
  });

  it('an admin lifts it by activating; after that the owner manages the key as before', async () => {
    await d.commands.setStatus(ADMIN, keyId, 'Inactive');
    d.clock.advanceMinutes(1);
    expect((await d.commands.setStatus(ADMIN, keyId, 'Active')).ok).toBe(true);
    d.clock.advanceMinutes(1);
    expect((await d.commands.setStatus(ALICE, keyId, 'Inactive')).ok).toBe(true);
    d.clock.advanceMinutes(1);
    expect((await d.commands.setStatus(ALICE, keyId, 'Active')).ok).toBe(true);
  });

  it('a deactivation from a stale-key report holds too, even when the owner clicked it', async () => {
    await d.commands.setStatus(ALICE, keyId, 'Inactive', { fromReport: true });
    d.clock.advanceMinutes(1);
    expect(await d.commands.setStatus(ALICE, keyId, 'Active')).toMatchObject({
      ok: false,
      refusal: { reason: 'deactivated-by-admin', by: 'U0ALICE' },
    });
  });

  it("the owner's own deactivation is no hold: she turns the key on again", async () => {
    await d.commands.setStatus(ALICE, keyId, 'Inactive');
    d.clock.advanceMinutes(1);
    expect((await d.commands.setStatus(ALICE, keyId, 'Active')).ok).toBe(true);
  });

  it('an unreadable hold is a no for the owner (store-unavailable), never a silent yes', async () => {
    await d.commands.setStatus(ALICE, keyId, 'Inactive');
    d.holds.faults.fail('get', storeUnavailable());
    expect(await d.commands.setStatus(ALICE, keyId, 'Active')).toEqual({
      ok: false,
      refusal: { reason: 'store-unavailable' },
    });
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');
    expect(d.audit.summary().at(-1)).toBe('activate:refused:store-unavailable');
  });

  it('no rule reads the audit trail: with the trail unreadable and unwritable, the hold still holds', async () => {
    d.audit.faults.fail('record', storeUnavailable(), Infinity);
    d.audit.faults.fail('recent', storeUnavailable(), Infinity);
    await d.commands.setStatus(ADMIN, keyId, 'Inactive');
    expect(d.holds.peek(keyId)).toMatchObject({ keyId, owner: 'alice', by: 'U0ADMIN', account: 'default' });
    expect(await d.commands.setStatus(ALICE, keyId, 'Active')).toMatchObject({
      ok: false,
      refusal: { reason: 'deactivated-by-admin', by: 'U0ADMIN' },
    });
  });

  it('the hold is stored before IAM is asked: a failed deactivation leaves a hold an admin lifts', async () => {
    d.iam.faults.fail('setStatus', iamError('IAM_UNAVAILABLE'));
    expect(await d.commands.setStatus(ADMIN, keyId, 'Inactive')).toMatchObject({ ok: false });
    expect(d.holds.peek(keyId)).toBeDefined();
    expect(await d.commands.setStatus(ADMIN, keyId, 'Active')).toMatchObject({
      ok: true,
      value: { changed: false, hold: 'lifted' },
    });
    expect(d.holds.peek(keyId)).toBeUndefined();
  });

  it('a hold that cannot be stored: the key still goes off, the answer says the hold is missing', async () => {
    d.holds.faults.fail('place', storeUnavailable());
    expect(await d.commands.setStatus(ADMIN, keyId, 'Inactive')).toMatchObject({
      ok: true,
      value: { changed: true, status: 'Inactive', hold: 'not-stored' },
    });
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');
    expect(d.audit.summary().at(-1)).toBe('deactivate:ok:hold-not-stored');
    // The admin runs it again: the key is already off, and now the hold is stored.
    expect(await d.commands.setStatus(ADMIN, keyId, 'Inactive')).toMatchObject({
      ok: true,
      value: { changed: false, hold: 'placed' },
    });
    expect(d.iam.callsOf('setStatus')).toHaveLength(1);
    expect((await d.commands.setStatus(ALICE, keyId, 'Active')).ok).toBe(false);
  });

  it("an admin's deactivation of a key its owner had already turned off holds it", async () => {
    await d.commands.setStatus(ALICE, keyId, 'Inactive');
    expect(await d.commands.setStatus(ADMIN, keyId, 'Inactive')).toMatchObject({
      ok: true,
      value: { changed: false, hold: 'placed' },
    });
    expect((await d.commands.setStatus(ALICE, keyId, 'Active')).ok).toBe(false);
  });
});
