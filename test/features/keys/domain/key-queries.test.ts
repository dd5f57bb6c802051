import { DEFAULT_ACCOUNT } from '../../../support/fakes';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { LAST_USE_TTL_MS } from '../../../../src/features/keys/domain/last-use-cache';
import { actor, iamError, fakePorts, type FakePortsOptions } from '../../../support/fakes';

/** The keys slice's own domain (createKeysDomain) over fakes. */
function domain(options: FakePortsOptions = {}) {
  const ports = fakePorts(options);
  return { ...ports, ...createKeysDomain(ports) };
}
type Domain = ReturnType<typeof domain>;

const ADMIN = actor('U0ADMIN', { isAdmin: true });
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { iamUser: 'bob' as IamUserName });
const alice = 'alice' as IamUserName;
const DAY = 86_400_000;

describe('KeyQueries: the read side, rights checked before IAM is asked', () => {
  let d: Domain;
  let older: KeyId;
  let newer: KeyId;
  beforeEach(() => {
    d = domain();
    const now = d.clock.now().getTime();
    newer = d.iam.addKey('Alice', { createdAt: new Date(now - DAY) }).keyId;
    older = d.iam.addKey('Alice', {
      createdAt: new Date(now - 40 * DAY),
      status: 'Inactive',
      lastUse: { at: new Date(now - 2 * DAY), service: 'iam', region: 'us-east-1' },
    }).keyId;
  });

  it('lists keys oldest first with their last use, the owner as IAM spells it', async () => {
    const outcome = await d.queries.list(ALICE, alice, DEFAULT_ACCOUNT);
    if (!outcome.ok) throw new Error(outcome.refusal.reason);
    expect(outcome.value.owner).toBe('Alice');
    expect(outcome.value.keys.map((key) => [key.keyId, key.status, key.lastUse.service])).toEqual([
      [older, 'Inactive', 'iam'],
      [newer, 'Active', undefined],
    ]);
  });

  it('refuses a stranger before any IAM call', async () => {
    expect(await d.queries.list(BOB, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(d.iam.calls).toEqual([]);
  });

  it('an admin lists anyone; an unknown user is no-such-user; IAM down is iam-unavailable', async () => {
    expect(await d.queries.list(ADMIN, 'bob' as IamUserName, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'no-such-user', user: 'bob' },
    });
    d.iam.addUser('bob');
    expect(await d.queries.list(ADMIN, 'bob' as IamUserName, DEFAULT_ACCOUNT)).toEqual({
      ok: true,
      value: { owner: 'bob', account: DEFAULT_ACCOUNT, keys: [] },
    });
    d.iam.faults.fail('lastUse', iamError('IAM_UNAVAILABLE'));
    expect(await d.queries.list(ADMIN, alice, DEFAULT_ACCOUNT)).toEqual({
      ok: false,
      refusal: { reason: 'iam-unavailable' },
    });
  });

  it('last-used resolves the owner first, and answers only someone who may manage them', async () => {
    expect(await d.queries.lastUsed(ALICE, older)).toMatchObject({
      ok: true,
      value: { owner: 'Alice', keyId: older, lastUse: { service: 'iam', region: 'us-east-1' } },
    });
    expect(await d.queries.lastUsed(BOB, older)).toEqual({ ok: false, refusal: { reason: 'not-allowed' } });
    const unknown = 'AKIANOSUCHKEY0000000' as KeyId;
    expect(await d.queries.lastUsed(ADMIN, unknown)).toEqual({
      ok: false,
      refusal: { reason: 'no-such-key', keyId: unknown },
    });
  });

  it('an IAM failure that is not expected is not turned into a refusal', async () => {
    d.iam.faults.fail('listKeys', new TypeError('bug'));
    await expect(d.queries.list(ALICE, alice, DEFAULT_ACCOUNT)).rejects.toThrow('bug');
  });

  it("reads each key's last use once a minute for listings; a failed read, the minute over or an owner check ask again", async () => {
    const lastUseCalls = () => d.iam.callsOf('lastUse').length;
    await d.queries.list(ALICE, alice, DEFAULT_ACCOUNT);
    expect(lastUseCalls()).toBe(2);
    const again = await d.queries.list(ADMIN, alice, DEFAULT_ACCOUNT);
    expect(again.ok && again.value.keys.map((key) => key.lastUse.service)).toEqual(['iam', undefined]);
    expect(lastUseCalls()).toBe(2);
    expect(d.iam.callsOf('listKeys')).toHaveLength(2);

    await d.queries.lastUsed(ALICE, older);
    expect(lastUseCalls()).toBe(3);

    d.clock.advance(LAST_USE_TTL_MS + 1);
    d.iam.faults.fail('lastUse', iamError('IAM_UNAVAILABLE'));
    expect((await d.queries.list(ALICE, alice, DEFAULT_ACCOUNT)).ok).toBe(false);
    const afterFailure = lastUseCalls();
    await d.queries.list(ALICE, alice, DEFAULT_ACCOUNT);
    expect(lastUseCalls()).toBeGreaterThan(afterFailure);
  });
});
