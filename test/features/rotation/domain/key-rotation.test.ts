import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '../../../support/fakes';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { createCreationDomain } from '../../../../src/features/creation/domain/create-creation';
import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import { createRotationDomain } from '../../../../src/features/rotation/domain/create-rotation';
import { iamError, fakePorts, type FakePortsOptions } from '../../../support/fakes';

/** The rotation slice's own domain (createRotationDomain) over the lower slices' domains, over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  const { commands } = createKeysDomain(ports);
  const { creation } = createCreationDomain(ports);
  const { service: approvals } = createApprovalsDomain({ ...ports, pages: ports.store });
  const { rotation } = createRotationDomain({ ...ports, creation, commands, approvals });
  return { ...ports, commands, creation, approvals, rotation };
}
type Domain = ReturnType<typeof domain>;

const alice = 'alice' as IamUserName;

function setup() {
  const d = domain();
  const who = {
    admin: d.people.person('U0ADMIN', { isAdmin: true }),
    alice: d.people.person('U0ALICE', { iamUser: alice }),
    bob: d.people.person('U0BOB', { iamUser: 'bob' as IamUserName }),
  };
  const oldKeyId = d.iam.addKey('alice', {
    createdAt: new Date(d.clock.now().getTime() - 100 * 86_400_000),
  }).keyId;
  return { d, who, oldKeyId };
}

async function started(d: Domain, by: ReturnType<typeof setup>['who']['alice']) {
  const outcome = await d.rotation.start(by, alice, DEFAULT_ACCOUNT);
  if (!outcome.ok) throw new Error(`not started: ${outcome.refusal.reason}`);
  return outcome.value;
}

const reason = (outcome: { ok: boolean; refusal?: { reason: string } }) =>
  outcome.ok ? 'ok' : outcome.refusal?.reason;

describe('KeyRotation.start', () => {
  it("the owner's own rotation: the new key delivered to her, the guide posted, the rotation stored once", async () => {
    const { d, who, oldKeyId } = setup();
    const { rotation, created } = await started(d, who.alice);
    expect(created).toMatchObject({ kind: 'delivered', recipient: 'U0ALICE' });
    const newKeyId = created.kind === 'delivered' ? created.keyId : undefined;
    expect(rotation).toMatchObject({
      state: 'NEW_KEY_DELIVERED',
      oldKeyId,
      newKeyId,
      driver: 'U0ALICE',
      version: 3,
    });
    expect(rotation.message).toEqual({ channel: 'D0ALICE', ts: expect.any(String) });
    expect(d.rotations.peek(rotation.id)).toEqual(rotation);
    expect(d.guide.posts).toHaveLength(1);
    expect(d.audit.summary()).toContain(`rotate:ok:started (rotation ${rotation.id})`);
  });

  it('refuses a stranger (audited), a user with no key, and a user with two', async () => {
    const { d, who } = setup();
    expect(reason(await d.rotation.start(who.bob, alice, DEFAULT_ACCOUNT))).toBe('not-allowed');
    expect(d.audit.summary()).toEqual(['rotate:refused:not-allowed']);
    d.iam.addUser('carol');
    d.people.person('U0CAROL', { iamUser: 'carol' as IamUserName });
    expect(await d.rotation.start(who.admin, 'carol' as IamUserName, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'nothing-to-rotate', owner: 'carol' },
    });
    d.iam.addKey('alice');
    expect(reason(await d.rotation.start(who.alice, alice, DEFAULT_ACCOUNT))).toBe('rotation-needs-room');
    expect(d.rotations.all()).toEqual([]);
    expect(d.iam.mutations()).toEqual([]);
  });

  it('an owner Slack cannot confirm: refused, nothing stored or made', async () => {
    const { d, who } = setup();
    d.people.unconfirmed('alice');
    expect(reason(await d.rotation.start(who.admin, alice, DEFAULT_ACCOUNT))).toBe('owner-unconfirmed');
    expect(d.rotations.all()).toEqual([]);
    expect(d.iam.mutations()).toEqual([]);
  });

  it("an admin's rotation waits for the owner's click, then goes on once her key is delivered", async () => {
    const { d, who } = setup();
    const { rotation, created } = await started(d, who.admin);
    expect(rotation.state).toBe('WAITING_FOR_OWNER');
    if (created.kind !== 'invited') throw new Error('not invited');
    const accepted = await d.creation.accept(who.alice, created.invitation.id);
    if (!accepted.ok || accepted.value.kind !== 'delivered') throw new Error('not delivered');
    await d.rotation.invitationAccepted(who.alice, rotation.id, accepted.value.keyId);
    await d.rotation.invitationAccepted(who.alice, rotation.id, accepted.value.keyId);
    expect(d.rotations.peek(rotation.id)).toMatchObject({
      state: 'NEW_KEY_DELIVERED',
      newKeyId: accepted.value.keyId,
    });
    expect(d.guide.posts).toHaveLength(1);
  });

  it('a guide that cannot be posted does not undo the step: delivered, without a message', async () => {
    const { d, who } = setup();
    d.guide.faults.fail('post', new Error('slack down'));
    const { rotation } = await started(d, who.alice);
    expect(rotation.state).toBe('NEW_KEY_DELIVERED');
    expect(rotation.message).toBeUndefined();
  });
});

describe('KeyRotation steps', () => {
  let d: Domain;
  let who: ReturnType<typeof setup>['who'];
  let oldKeyId: KeyId;
  let rotationId: string;
  let newKeyId: KeyId;
  beforeEach(async () => {
    ({ d, who, oldKeyId } = setup());
    const { rotation } = await started(d, who.alice);
    rotationId = rotation.id;
    newKeyId = rotation.newKeyId as KeyId;
  });

  it('the old key is not retired before the new one is seen in use', async () => {
    expect(reason(await d.rotation.deactivateOld(who.alice, rotationId))).toBe('new-key-not-used-yet');
    expect(d.iam.keyOf(oldKeyId)?.status).toBe('Active');
  });

  it('new key in use -> old key deactivated -> its deletion requested, each step once', async () => {
    d.iam.use(newKeyId);
    const deactivated = await d.rotation.deactivateOld(who.alice, rotationId);
    expect(deactivated).toMatchObject({ ok: true, value: { rotation: { state: 'OLD_KEY_DEACTIVATED' } } });
    expect(d.iam.keyOf(oldKeyId)?.status).toBe('Inactive');
    expect(d.guide.updates.at(-1)?.rotation.state).toBe('OLD_KEY_DEACTIVATED');
    expect(reason(await d.rotation.deactivateOld(who.alice, rotationId))).toBe('rotation-step-done');

    const requested = await d.rotation.requestOldKeyDeletion(who.alice, rotationId);
    if (!requested.ok) throw new Error(requested.refusal.reason);
    const [request] = d.store.all();
    expect(request).toMatchObject({ keyId: oldKeyId, state: 'PENDING', reason: 'rotation: old key retired' });
    expect(requested.value.rotation).toMatchObject({
      state: 'DELETION_REQUESTED',
      approvalRequestId: request?.id,
    });
    expect(reason(await d.rotation.requestOldKeyDeletion(who.alice, rotationId))).toBe('rotation-step-done');
    expect(d.store.all()).toHaveLength(1);
    expect(d.iam.keyOf(newKeyId)?.status).toBe('Active');
  });

  it('a double click on "deactivate old" advances the rotation once', async () => {
    d.iam.use(newKeyId);
    const clicks = await Promise.all([
      d.rotation.deactivateOld(who.alice, rotationId),
      d.rotation.deactivateOld(who.alice, rotationId),
    ]);
    expect(clicks.map(reason).sort()).toEqual(['ok', 'rotation-step-done']);
    expect(d.audit.summary().filter((line) => line.startsWith('rotate:ok:old key deactivated'))).toHaveLength(
      1,
    );
  });

  it('deletion cannot be requested before the old key is deactivated', async () => {
    expect(reason(await d.rotation.requestOldKeyDeletion(who.alice, rotationId))).toBe('rotation-step-done');
    expect(d.store.all()).toEqual([]);
  });

  it('only the driver or someone who may manage the owner takes a step; an unknown rotation is refused', async () => {
    d.iam.use(newKeyId);
    expect(reason(await d.rotation.deactivateOld(who.bob, rotationId))).toBe('not-allowed');
    expect(reason(await d.rotation.refresh(who.bob, rotationId))).toBe('not-allowed');
    expect(reason(await d.rotation.deactivateOld(who.alice, 'no-such-rotation'))).toBe('no-such-rotation');
    expect(reason(await d.rotation.deactivateOld(who.admin, rotationId))).toBe('ok');
  });

  it("every IAM call of a step runs as the person who clicked, not as the rotation's driver", async () => {
    d.iam.use(newKeyId);
    d.accounts.callers.length = 0;
    expect(reason(await d.rotation.refresh(who.admin, rotationId))).toBe('ok');
    expect(reason(await d.rotation.deactivateOld(who.admin, rotationId))).toBe('ok');
    expect(reason(await d.rotation.requestOldKeyDeletion(who.admin, rotationId))).toBe('ok');
    expect(d.accounts.callers.length).toBeGreaterThanOrEqual(5);
    expect(new Set(d.accounts.callers.map(({ caller }) => caller))).toEqual(new Set(['U0ADMIN']));
  });

  it('every refused click is audited as a refused rotate, naming the step and the rotation', async () => {
    const before = d.audit.summary().length;
    expect(reason(await d.rotation.refresh(who.bob, rotationId))).toBe('not-allowed');
    expect(reason(await d.rotation.deactivateOld(who.alice, rotationId))).toBe('new-key-not-used-yet');
    expect(reason(await d.rotation.requestOldKeyDeletion(who.alice, rotationId))).toBe('rotation-step-done');
    expect(reason(await d.rotation.refresh(who.alice, '<!channel>'))).toBe('no-such-rotation');
    expect(d.audit.summary().slice(before)).toEqual([
      `rotate:refused:not-allowed: refresh (rotation ${rotationId})`,
      `rotate:refused:new-key-not-used-yet: deactivateOld (rotation ${rotationId})`,
      `rotate:refused:rotation-step-done: requestOldKeyDeletion (rotation ${rotationId})`,
      'rotate:refused:no-such-rotation: refresh',
    ]);
    expect(d.audit.events.slice(before, -1).every((event) => event.owner === alice)).toBe(true);
  });

  it('refresh shows both keys’ use; a key IAM cannot answer for shows as unknown, not an error', async () => {
    d.iam.use(newKeyId, { at: d.clock.now(), service: 'sts', region: 'eu-west-1' });
    d.iam.faults.fail('lastUse', iamError('IAM_THROTTLED'));
    const refreshed = await d.rotation.refresh(who.alice, rotationId);
    if (!refreshed.ok) throw new Error(refreshed.refusal.reason);
    const uses = [refreshed.value.oldKeyUse, refreshed.value.newKeyUse];
    expect(uses.filter((use) => use === undefined)).toHaveLength(1);
    expect(uses.some((use) => use?.service === 'sts')).toBe(true);
    expect(d.guide.updates).toHaveLength(1);
  });
});

describe('a rotation of an account the policy no longer manages', () => {
  it('every step is refused (audited) and nothing reaches IAM in the default account', async () => {
    const { d, who, oldKeyId } = setup();
    const now = d.clock.now();
    const id = randomUUID();
    await d.rotations.create({
      id,
      state: 'NEW_KEY_DELIVERED',
      version: 2,
      owner: alice,
      account: 'prod',
      accountId: '111111111111',
      driver: who.alice.slackUserId,
      startedBy: who.alice.slackUserId,
      oldKeyId,
      newKeyId: d.iam.addKey('alice').keyId,
      createdAt: now,
      updatedAt: now,
    });
    const refusal = { reason: 'account-not-managed', account: 'prod', accountId: '111111111111' };
    expect(await d.rotation.refresh(who.alice, id)).toEqual({ ok: false, refusal });
    expect(await d.rotation.deactivateOld(who.alice, id)).toEqual({ ok: false, refusal });
    expect(await d.rotation.requestOldKeyDeletion(who.alice, id)).toEqual({
      ok: false,
      refusal,
    });
    expect(d.iam.calls).toEqual([]);
    expect(d.audit.summary()).toEqual([
      `rotate:refused:account-not-managed: refresh (rotation ${id})`,
      `rotate:refused:account-not-managed: deactivateOld (rotation ${id})`,
      `rotate:refused:account-not-managed: requestOldKeyDeletion (rotation ${id})`,
    ]);
  });
});
