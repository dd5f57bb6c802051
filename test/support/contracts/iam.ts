import type { IamPort } from '../../../src/kernel/ports/iam';
import type { IamUserName, KeyId, KeyStatus, LastUse } from '../../../src/kernel/types';

/** How a contract run puts users and keys where the IamPort under test will find them. */
export interface IamSeed {
  addUser(name: string): void;
  addKey(owner: string, key?: { status?: KeyStatus; createdAt?: Date; lastUse?: LastUse }): KeyId;
}

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const user = (name: string) => name as IamUserName;
const UNKNOWN_KEY = 'AKIANOSUCHKEY0000000' as KeyId;

/**
 * What every IamPort must do (src/kernel/ports/iam.ts), run against SdkIam over the IAM stand-in and
 * against the in-memory fake, so the fake's codes and shapes are IAM's as the adapter gives them.
 */
export function iamContract(open: () => Promise<{ iam: IamPort; seed: IamSeed; close(): Promise<void> }>) {
  let iam: IamPort;
  let seed: IamSeed;
  let close: () => Promise<void>;
  let serial = 0;
  beforeAll(async () => {
    ({ iam, seed, close } = await open());
  }, 30_000);
  afterAll(() => close());

  /** A fresh user per test; `Name` keeps a capital to check that names ignore case. */
  const fresh = () => {
    const name = `Contract${++serial}`;
    seed.addUser(name);
    return name;
  };
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );

  it('lists a user’s keys oldest first, spelled as IAM spells the owner, whatever case was asked', async () => {
    const name = fresh();
    const newer = seed.addKey(name, { createdAt: new Date(NOW.getTime() - DAY) });
    const older = seed.addKey(name, { createdAt: new Date(NOW.getTime() - 9 * DAY), status: 'Inactive' });
    const keys = await iam.listKeys(user(name.toLowerCase()));
    expect(keys.map((key) => [key.keyId, key.status, key.owner])).toEqual([
      [older, 'Inactive', name],
      [newer, 'Active', name],
    ]);
    expect(keys[0]?.createdAt).toEqual(new Date(NOW.getTime() - 9 * DAY));
  });

  it('an unknown user is IAM_NOT_FOUND, to list and to create for', async () => {
    expect(await code(iam.listKeys(user('nobody-here')))).toBe('IAM_NOT_FOUND');
    expect(await code(iam.createKey(user('nobody-here')))).toBe('IAM_NOT_FOUND');
  });

  it('lastUse names the owner and the use; a key never used has no date; an unknown key is IAM_NOT_FOUND', async () => {
    const name = fresh();
    const used = seed.addKey(name, {
      lastUse: { at: new Date(NOW.getTime() - DAY), service: 's3', region: 'eu-west-1' },
    });
    const unused = seed.addKey(name);
    expect(await iam.lastUse(used)).toEqual({
      owner: name,
      lastUse: { at: new Date(NOW.getTime() - DAY), service: 's3', region: 'eu-west-1' },
    });
    const never = await iam.lastUse(unused);
    expect(never.owner).toBe(name);
    expect(never.lastUse.at).toBeUndefined();
    expect(await code(iam.lastUse(UNKNOWN_KEY))).toBe('IAM_NOT_FOUND');
  });

  it('creates an active key with its secret, up to two; the third is IAM_LIMIT_EXCEEDED', async () => {
    const name = fresh();
    const first = await iam.createKey(user(name.toLowerCase()));
    expect(first.key).toMatchObject({ owner: name, status: 'Active' });
    expect(first.secret.reveal()).toEqual(expect.any(String));
    expect(String(first.secret)).toBe('[redacted]');
    await iam.createKey(user(name));
    expect(await code(iam.createKey(user(name)))).toBe('IAM_LIMIT_EXCEEDED');
    expect(await iam.listKeys(user(name))).toHaveLength(2);
  });

  it('changes a status only under the key’s own owner; under anyone else IAM_NOT_FOUND', async () => {
    const name = fresh();
    const other = fresh();
    const keyId = seed.addKey(name);
    expect(await code(iam.setStatus(user(other), keyId, 'Inactive'))).toBe('IAM_NOT_FOUND');
    expect((await iam.listKeys(user(name)))[0]?.status).toBe('Active');
    await iam.setStatus(user(name), keyId, 'Inactive');
    expect((await iam.listKeys(user(name)))[0]?.status).toBe('Inactive');
  });

  it('deletes only under the key’s own owner; a key already gone is IAM_NOT_FOUND', async () => {
    const name = fresh();
    const other = fresh();
    const keyId = seed.addKey(name);
    expect(await code(iam.deleteKey(user(other), keyId))).toBe('IAM_NOT_FOUND');
    await iam.deleteKey(user(name), keyId);
    expect(await iam.listKeys(user(name))).toEqual([]);
    expect(await code(iam.deleteKey(user(name), keyId))).toBe('IAM_NOT_FOUND');
  });
}
