import { DEFAULT_ACCOUNT } from '../../../support/fakes';
import { KEYS_PER_USER } from '../../../../src/features/creation/domain/key-creation';
import type { Invitation } from '../../../../src/features/creation/domain/invitation';
import type { IamUserName, SlackUserId } from '../../../../src/kernel/types';
import { createCreationDomain } from '../../../../src/features/creation/domain/create-creation';
import { iamError, storeUnavailable, fakePorts, type FakePortsOptions } from '../../../support/fakes';

/** The creation slice's own domain (createCreationDomain) over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  return { ...ports, ...createCreationDomain(ports) };
}
type Domain = ReturnType<typeof domain>;

const alice = 'alice' as IamUserName;

function people(d: Domain) {
  return {
    admin: d.people.person('U0ADMIN', { isAdmin: true }),
    alice: d.people.person('U0ALICE', { iamUser: alice }),
    bob: d.people.person('U0BOB', { iamUser: 'bob' as IamUserName }),
  };
}

/** Rule 1: the secret is in the one delivery and nowhere else the fakes can see. */
function expectSecretOnlyDelivered(d: Domain, secret: string, outcome: unknown) {
  expect(d.delivery.secrets.filter((shown) => shown.secret === secret)).toHaveLength(1);
  const elsewhere = JSON.stringify([
    outcome,
    d.logLines,
    d.audit.events,
    d.invitations.all(),
    d.cleanups.all(),
    d.delivery.invitations,
  ]);
  expect(elsewhere).not.toContain(secret);
}

describe('KeyCreation.create: who gets the secret', () => {
  let d: Domain;
  let who: ReturnType<typeof people>;
  beforeEach(() => {
    d = domain();
    who = people(d);
    d.iam.addUser('alice');
    d.iam.addUser('bob');
  });

  it('alice creates her own key: the DM is opened first, the secret shown to her once, nowhere else', async () => {
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    if (!outcome.ok) throw new Error(outcome.refusal.reason);
    const [made] = d.iam.keysOf('alice');
    expect(outcome.value).toEqual({
      kind: 'delivered',
      account: DEFAULT_ACCOUNT,
      owner: 'alice',
      keyId: made?.keyId,
      recipient: 'U0ALICE',
    });
    expect(d.delivery.secrets).toEqual([
      {
        recipient: 'U0ALICE',
        dmChannel: 'D0ALICE',
        owner: 'alice',
        keyId: made?.keyId,
        secret: expect.any(String),
      },
    ]);
    const secret = d.iam.secretOf(made!.keyId)!;
    expect(d.delivery.secrets[0]?.secret).toBe(secret);
    expectSecretOnlyDelivered(d, secret, outcome);
    expect(d.audit.summary()).toEqual(['create:ok:for U0ALICE', 'deliver:ok']);
  });

  it('bob may not create a key for alice: refused, audited, neither IAM nor Slack touched', async () => {
    expect(await d.creation.create(who.bob, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(d.iam.calls).toEqual([]);
    expect(d.delivery.dmsOpened).toEqual([]);
    expect(d.audit.summary()).toEqual(['create:refused:not-allowed']);
  });

  it('an admin creating for alice invites her: no key yet, the invitation stored with its message', async () => {
    const outcome = await d.creation.create(who.admin, alice, DEFAULT_ACCOUNT);
    if (!outcome.ok || outcome.value.kind !== 'invited') throw new Error('not invited');
    const stored = d.invitations.peek(outcome.value.invitation.id);
    expect(stored).toMatchObject({
      state: 'PENDING',
      version: 2,
      ownerSlack: 'U0ALICE',
      invitedBy: 'U0ADMIN',
    });
    expect(stored?.message).toEqual({ channel: 'D0ALICE', ts: expect.any(String) });
    expect(stored?.expiresAt.getTime()).toBe(d.clock.now().getTime() + 24 * 3_600_000);
    expect(d.iam.callsOf('createKey')).toEqual([]);
    expect(d.delivery.secrets).toEqual([]);
    expect(d.audit.summary()).toEqual(['invite:ok:owner U0ALICE invited']);
  });

  it('a service user: the secret goes to the admin who asked', async () => {
    d.people.service('ci-deploy');
    d.iam.addUser('ci-deploy');
    const outcome = await d.creation.create(who.admin, 'ci-deploy' as IamUserName, DEFAULT_ACCOUNT);
    expect(outcome).toMatchObject({ ok: true, value: { kind: 'delivered', recipient: 'U0ADMIN' } });
    expect(d.delivery.secrets.map((shown) => shown.recipient)).toEqual(['U0ADMIN']);
  });

  it.each([
    ['nobody owns it', (x: Domain) => x.iam.addUser('orphan'), 'no-owner'],
    ['Slack could not confirm its owner', (x: Domain) => x.people.unconfirmed('orphan'), 'owner-unconfirmed'],
  ])('%s: refused even for an admin, audited, no key', async (_case, arrange, reason) => {
    arrange(d);
    d.iam.addUser('orphan');
    expect(await d.creation.create(who.admin, 'orphan' as IamUserName, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason, user: 'orphan' },
    });
    expect(d.iam.calls).toEqual([]);
    expect(d.audit.summary()).toEqual([`create:refused:${reason}`]);
  });

  it('at the two-key limit: key-limit with the keys, no CreateAccessKey, no DM', async () => {
    for (let i = 0; i < KEYS_PER_USER; i++) d.iam.addKey('alice');
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    expect(outcome).toMatchObject({ ok: false, refusal: { reason: 'key-limit', owner: 'alice' } });
    expect(!outcome.ok && outcome.refusal.reason === 'key-limit' && outcome.refusal.keys).toHaveLength(2);
    expect(d.iam.callsOf('createKey')).toEqual([]);
    expect(d.delivery.dmsOpened).toEqual([]);
  });

  it('LimitExceeded from CreateAccessKey (a race) is key-limit, read from a fresh listing', async () => {
    d.iam.faults.fail('createKey', iamError('IAM_LIMIT_EXCEEDED'));
    expect(await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT)).toMatchObject({
      ok: false,
      refusal: { reason: 'key-limit' },
    });
    expect(d.iam.callsOf('listKeys').length).toBe(3);
  });

  it('an unknown IAM user is no-such-user', async () => {
    d.people.person('U0CAROL', { iamUser: 'carol' as IamUserName });
    expect(await d.creation.create(who.admin, 'carol' as IamUserName, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'no-such-user', user: 'carol' },
    });
  });
});

describe('KeyCreation.create: truthful answers when a step fails', () => {
  let d: Domain;
  let who: ReturnType<typeof people>;
  beforeEach(() => {
    d = domain();
    who = people(d);
    d.iam.addUser('alice');
  });

  it('the DM cannot be opened: dm-unavailable, and no key is made at all', async () => {
    d.delivery.faults.fail('openDm', new Error('cannot_dm_bot'));
    expect(await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'dm-unavailable' },
    });
    expect(d.iam.callsOf('createKey')).toEqual([]);
  });

  it('delivery fails: the key is deleted again, the answer says so, nothing left for the sweep', async () => {
    d.delivery.faults.fail('deliverSecret', new Error('ephemeral failed'));
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    const keyId = d.iam.callsOf('deleteKey')[0]?.keyId;
    expect(keyId).toEqual(expect.any(String));
    expect(outcome).toEqual({
      ok: false,
      refusal: { reason: 'delivery-failed', keyId, keyState: 'deleted' },
    });
    expect(d.iam.keysOf('alice')).toEqual([]);
    expect(d.cleanups.all()).toEqual([]);
    expect(d.audit.summary()).toEqual([
      'create:ok:for U0ALICE',
      'rollback:ok:secret not delivered; key deleted',
    ]);
  });

  it('delivery and the delete fail: the key is deactivated, the answer says inactive, the sweep deletes it', async () => {
    d.delivery.faults.fail('deliverSecret', new Error('ephemeral failed'));
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'));
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    const [key] = d.iam.keysOf('alice');
    expect(outcome).toEqual({
      ok: false,
      refusal: { reason: 'delivery-failed', keyId: key?.keyId, keyState: 'Inactive' },
    });
    expect(key?.status).toBe('Inactive');
    expect(d.cleanups.all()).toEqual([
      expect.objectContaining({
        kind: 'delete-undelivered',
        state: 'OPEN',
        keyId: key?.keyId,
        askedBy: 'U0ALICE',
      }),
    ]);
    expect(await d.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(d.iam.keysOf('alice')).toEqual([]);
    expect(d.cleanups.all()[0]).toMatchObject({ state: 'DONE', outcome: 'deleted' });
    expect(d.audit.events.at(-1)).toMatchObject({ actor: 'system', action: 'rollback', outcome: 'ok' });
  });

  it('neither delete nor deactivate works: the answer says the key is still active', async () => {
    d.delivery.faults.fail('deliverSecret', new Error('ephemeral failed'));
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'));
    d.iam.faults.fail('setStatus', iamError('IAM_UNAVAILABLE'));
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    expect(outcome).toMatchObject({ ok: false, refusal: { reason: 'delivery-failed', keyState: 'Active' } });
    expect(d.audit.summary().at(-1)).toContain(
      'rollback:failed:secret not delivered; delete failed; key is active',
    );
    expect(d.cleanups.all()).toHaveLength(1);
  });

  it('an unclear create that made a key: the key is deactivated, its secret never shown', async () => {
    const known = d.iam.addKey('alice').keyId;
    d.iam.loseNextCreateAnswer();
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    const stranger = d.iam.keysOf('alice').find((key) => key.keyId !== known);
    expect(outcome).toEqual({
      ok: false,
      refusal: { reason: 'create-unclear', deactivated: [stranger?.keyId], checked: true },
    });
    expect(stranger?.status).toBe('Inactive');
    expect(d.iam.keyOf(known)?.status).toBe('Active');
    expect(d.iam.callsOf('createKey')).toHaveLength(1);
    expect(d.delivery.secrets).toEqual([]);
  });

  it('an unclear create that made nothing: checked, nothing deactivated', async () => {
    d.iam.faults.fail('createKey', iamError('IAM_UNCLEAR'));
    expect(await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'create-unclear', deactivated: [], checked: true },
    });
    expect(d.iam.mutations().filter((call) => call.method === 'setStatus')).toEqual([]);
  });

  it('an unclear create whose check fails too: unchecked, audited, and the sweep finds and deactivates the key', async () => {
    d.iam.loseNextCreateAnswer();
    // create() lists once, createAndDeliver once before CreateAccessKey: the third listing is the check.
    d.iam.faults.fail('listKeys', iamError('IAM_UNAVAILABLE'), 1, 2);
    expect(await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'create-unclear', deactivated: [], checked: false },
    });
    expect(d.audit.summary()).toEqual([
      'create:failed:unclear create; the follow-up check failed; the sweep will repeat it',
    ]);
    expect(d.cleanups.all()).toEqual([
      expect.objectContaining({ kind: 'check-unclear-create', knownKeyIds: [], state: 'OPEN' }),
    ]);
    const [stranger] = d.iam.keysOf('alice');
    expect(stranger?.status).toBe('Active');
    expect(await d.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(d.iam.keyOf(stranger!.keyId)?.status).toBe('Inactive');
    expect(d.cleanups.all()[0]).toMatchObject({ state: 'DONE', outcome: `deactivated ${stranger?.keyId}` });
  });

  it('the sweep leaves a key that was delivered, or made well after the unclear create', async () => {
    d.iam.faults.fail('createKey', iamError('IAM_UNCLEAR'));
    d.iam.faults.fail('listKeys', iamError('IAM_UNAVAILABLE'), 1, 2);
    await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    d.clock.advanceMinutes(10);
    const later = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    expect(later).toMatchObject({ ok: true, value: { kind: 'delivered' } });
    expect(await d.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(d.iam.keysOf('alice').map((key) => key.status)).toEqual(['Active']);
    expect(d.cleanups.all()[0]?.outcome).toBe('no key had appeared');
  });

  it('each delivered key has its delivery record: DELIVERING before the secret is shown, DELIVERED after', async () => {
    let during: unknown;
    const deliver = d.delivery.deliverSecret.bind(d.delivery);
    jest.spyOn(d.delivery, 'deliverSecret').mockImplementation(async (recipient, dm, newKey) => {
      during = d.deliveries.peek(newKey.key.keyId)?.state;
      return deliver(recipient, dm, newKey);
    });
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    if (!outcome.ok || outcome.value.kind !== 'delivered') throw new Error('not delivered');
    expect(during).toBe('DELIVERING');
    expect(d.deliveries.peek(outcome.value.keyId)).toMatchObject({
      state: 'DELIVERED',
      owner: 'alice',
      recipient: 'U0ALICE',
      account: 'default',
    });
  });

  it('no delivery record, no secret: the key is deleted again and its secret never shown', async () => {
    d.deliveries.faults.fail('begin', storeUnavailable());
    const outcome = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    expect(outcome).toMatchObject({ ok: false, refusal: { reason: 'delivery-failed', keyState: 'deleted' } });
    expect(d.delivery.secrets).toEqual([]);
    expect(d.iam.keysOf('alice')).toEqual([]);
  });

  it('the sweep keeps a key whose delivery was begun but not settled (it may be in use), and turns off an undelivered one', async () => {
    d.iam.faults.fail('createKey', iamError('IAM_UNCLEAR'));
    d.iam.faults.fail('listKeys', iamError('IAM_UNAVAILABLE'), 1, 2);
    await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    d.deliveries.faults.fail('settle', storeUnavailable());
    const shown = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    if (!shown.ok || shown.value.kind !== 'delivered') throw new Error('not delivered');
    expect(d.deliveries.peek(shown.value.keyId)?.state).toBe('DELIVERING');
    // A key whose delivery failed and whose rollback failed too: NOT_DELIVERED, never shown.
    d.delivery.faults.fail('deliverSecret', new Error('ephemeral failed'));
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'));
    d.iam.faults.fail('setStatus', iamError('IAM_UNAVAILABLE'));
    const unseen = await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    if (unseen.ok || unseen.refusal.reason !== 'delivery-failed') throw new Error('delivered');
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'), Infinity);
    await d.creation.sweep();
    expect(d.iam.keyOf(shown.value.keyId)?.status).toBe('Active');
    expect(d.iam.keyOf(unseen.refusal.keyId)?.status).toBe('Inactive');
  });

  it('a sweep that cannot finish counts the attempt and leaves the cleanup open; two sweeps finish it once', async () => {
    d.delivery.faults.fail('deliverSecret', new Error('ephemeral failed'));
    d.iam.faults.fail('deleteKey', iamError('IAM_UNAVAILABLE'), 2);
    await d.creation.create(who.alice, alice, DEFAULT_ACCOUNT);
    expect(await d.creation.sweep()).toEqual({ finished: 0, open: 1 });
    expect(d.cleanups.all()[0]).toMatchObject({ state: 'OPEN', attempts: 1, version: 2 });
    const [first, second] = await Promise.all([d.creation.sweep(), d.creation.sweep()]);
    expect(first!.finished + second!.finished).toBe(1);
    expect(d.iam.keysOf('alice')).toEqual([]);
  });
});

describe('KeyCreation.accept: the owner’s click on an invitation', () => {
  let d: Domain;
  let who: ReturnType<typeof people>;
  let invitation: Invitation;
  beforeEach(async () => {
    d = domain();
    who = people(d);
    d.iam.addUser('alice');
    const invited = await d.creation.create(who.admin, alice, DEFAULT_ACCOUNT);
    if (!invited.ok || invited.value.kind !== 'invited') throw new Error('not invited');
    invitation = invited.value.invitation;
  });

  it("makes the key at the owner's click and shows the secret to her, not to the admin", async () => {
    const outcome = await d.creation.accept(who.alice, invitation.id);
    expect(outcome).toMatchObject({
      ok: true,
      value: { kind: 'delivered', recipient: 'U0ALICE', owner: 'alice' },
    });
    expect(d.delivery.secrets.map((shown) => shown.recipient)).toEqual(['U0ALICE']);
    expect(d.invitations.peek(invitation.id)).toMatchObject({ state: 'USED', version: 3 });
    expect(d.delivery.closed.map((closed) => closed.outcome)).toEqual([
      'Used: your new key was shown to you once.',
    ]);
    expect(d.audit.events.find((event) => event.action === 'create' && event.outcome === 'ok')?.actor).toBe(
      'U0ADMIN',
    );
  });

  it('a double click makes one key: the second is invitation-used', async () => {
    const clicks = await Promise.all([
      d.creation.accept(who.alice, invitation.id),
      d.creation.accept(who.alice, invitation.id),
    ]);
    expect(clicks.map((click) => (click.ok ? 'ok' : click.refusal.reason)).sort()).toEqual([
      'invitation-used',
      'ok',
    ]);
    expect(d.iam.callsOf('createKey')).toHaveLength(1);
  });

  it('someone else clicking is refused and audited; nothing is made', async () => {
    expect(await d.creation.accept(who.bob, invitation.id)).toEqual({
      ok: false,
      refusal: { reason: 'not-your-invitation' },
    });
    expect(d.iam.callsOf('createKey')).toEqual([]);
    expect(d.audit.summary().at(-1)).toBe('create:refused:not-your-invitation');
  });

  it('after 24 hours it has expired: refused, marked EXPIRED, its message closed', async () => {
    d.clock.advanceHours(24);
    expect(await d.creation.accept(who.alice, invitation.id)).toEqual({
      ok: false,
      refusal: { reason: 'invitation-expired' },
    });
    expect(d.invitations.peek(invitation.id)?.state).toBe('EXPIRED');
    expect(d.delivery.closed.map((closed) => closed.outcome)).toEqual(['expired']);
    expect(d.iam.callsOf('createKey')).toEqual([]);
  });

  it("the inviter's right is checked again at the click: an admin no longer is refused", async () => {
    d.people.person('U0ADMIN');
    expect(await d.creation.accept(who.alice, invitation.id)).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(d.iam.callsOf('createKey')).toEqual([]);
  });

  it('an unknown invitation, and a store that cannot be read, make nothing', async () => {
    expect(await d.creation.accept(who.alice, 'no-such-id')).toEqual({
      ok: false,
      refusal: { reason: 'no-such-invitation' },
    });
    d.invitations.faults.fail('get', storeUnavailable());
    expect(await d.creation.accept(who.alice, invitation.id)).toEqual({
      ok: false,
      refusal: { reason: 'store-unavailable' },
    });
  });

  it('an invitation that cannot be sent is dm-unavailable and stored as FAILED', async () => {
    d.delivery.faults.fail('sendInvitation', new Error('cannot_dm'));
    expect(await d.creation.create(who.admin, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'dm-unavailable' },
    });
    const failed = d.invitations.all().filter((stored) => stored.id !== invitation.id);
    expect(failed.map((stored) => stored.state)).toEqual(['FAILED']);
    expect((await d.creation.accept(who.alice, failed[0]!.id)).ok).toBe(false);
  });
});

describe('KeyCreation in a rotation', () => {
  it('carries the rotation id on the invitation', async () => {
    const d = domain();
    const who = people(d);
    d.iam.addUser('alice');
    const outcome = await d.creation.create(who.admin, alice, DEFAULT_ACCOUNT, { rotationId: 'rot-1' });
    expect(outcome.ok && outcome.value.kind === 'invited' && outcome.value.invitation.rotationId).toBe(
      'rot-1',
    );
    expect(d.invitations.all()[0]?.invitedBy).toBe('U0ADMIN' as SlackUserId);
  });
});

describe('records of an account the policy no longer manages: refused, never carried out in another', () => {
  const prod = { account: 'prod', accountId: '111111111111' };
  let d: Domain;
  let who: ReturnType<typeof people>;
  beforeEach(() => {
    d = domain();
    who = people(d);
    d.iam.addUser('alice');
  });

  it('an invitation for alice@prod: her click is refused and audited, no key made in the default account', async () => {
    const now = d.clock.now();
    await d.invitations.create({
      id: 'inv-prod',
      state: 'PENDING',
      version: 1,
      owner: alice,
      ownerSlack: 'U0ALICE' as SlackUserId,
      invitedBy: 'U0ADMIN' as SlackUserId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
      ...prod,
    });
    expect(await d.creation.accept(who.alice, 'inv-prod')).toEqual({
      ok: false,
      refusal: { reason: 'account-not-managed', ...prod },
    });
    expect(d.iam.callsOf('createKey')).toEqual([]);
    expect(d.delivery.dmsOpened).toEqual([]);
    expect(d.invitations.peek('inv-prod')?.state).toBe('PENDING');
    expect(d.audit.summary()).toEqual(['create:refused:account-not-managed']);
  });

  it('a cleanup left in prod: the sweep closes it, says what was left undone, and calls no IAM', async () => {
    const keyId = d.iam.addKey('alice').keyId;
    await d.cleanups.create({
      id: 'cleanup-prod',
      state: 'OPEN',
      version: 1,
      kind: 'delete-undelivered',
      owner: alice,
      keyId,
      askedBy: 'U0ALICE' as SlackUserId,
      createdAt: d.clock.now(),
      attempts: 0,
      ...prod,
    });
    expect(await d.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(d.iam.mutations()).toEqual([]);
    expect(d.iam.keyOf(keyId)?.status).toBe('Active');
    expect(d.cleanups.peek('cleanup-prod')).toMatchObject({
      state: 'DONE',
      outcome: 'not done: account-not-managed: prod (111111111111)',
    });
    expect(d.audit.events.at(-1)).toMatchObject({ actor: 'system', action: 'rollback', outcome: 'failed' });
  });

  it('new records store the account by name and id', async () => {
    const invited = await d.creation.create(who.admin, alice, { name: 'default', id: '123456789012' });
    if (!invited.ok || invited.value.kind !== 'invited') throw new Error('not invited');
    expect(d.invitations.peek(invited.value.invitation.id)).toMatchObject({
      account: 'default',
      accountId: '123456789012',
    });
  });
});
