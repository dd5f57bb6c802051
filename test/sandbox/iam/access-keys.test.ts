import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  LimitExceededException,
  ListAccessKeysCommand,
  NoSuchEntityException,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { IamServer, IamState } from '../../../sandbox/iam';
import { failure, fixedClockState, NOW, startWith } from './iam-client';

describe('sandbox IAM: access keys through the real SDK', () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState());
    state.addUser('alice');
    state.addUser('bob');
    ({ server, iam } = await startWith(state));
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('lists a user’s keys, oldest first, with IAM’s fields', async () => {
    const newer = state.addKey('alice', { createDate: new Date('2025-06-01T00:00:00Z'), status: 'Inactive' });
    const older = state.addKey('alice', { createDate: new Date('2024-06-01T00:00:00Z') });
    state.addKey('bob');

    const out = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(out.AccessKeyMetadata).toEqual([
      { UserName: 'alice', AccessKeyId: older.accessKeyId, Status: 'Active', CreateDate: older.createDate },
      { UserName: 'alice', AccessKeyId: newer.accessKeyId, Status: 'Inactive', CreateDate: newer.createDate },
    ]);
    expect(out.IsTruncated).toBe(false);
    expect(out.Marker).toBeUndefined();
  });

  it('answers an empty list, not a missing one, for a user without keys', async () => {
    const out = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(out.AccessKeyMetadata).toEqual([]);
  });

  it('answers NoSuchEntity (404) for keys of an unknown user', async () => {
    const error = await failure(iam.send(new ListAccessKeysCommand({ UserName: 'nobody' })));
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error.message).toBe('The user with name nobody cannot be found.');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 404 });
  });

  it('pages through keys with the SDK paginator, one key a page', async () => {
    const first = state.addKey('alice', { createDate: new Date('2025-01-01T00:00:00Z') });
    const second = state.addKey('alice', { createDate: new Date('2025-02-01T00:00:00Z') });

    const pages = [];
    for await (const page of paginateListAccessKeys({ client: iam, pageSize: 1 }, { UserName: 'alice' })) {
      pages.push(page);
    }

    expect(pages.map((p) => p.AccessKeyMetadata?.map((k) => k.AccessKeyId))).toEqual([
      [first.accessKeyId],
      [second.accessKeyId],
    ]);
    expect(pages.map((p) => p.IsTruncated)).toEqual([true, false]);
    const calls = server.calls('ListAccessKeys');
    expect(calls.map((c) => c.params['MaxItems'])).toEqual(['1', '1']);
    expect(calls[0]?.params['Marker']).toBeUndefined();
    expect(calls[1]?.params['Marker']).toBe(pages[0]?.Marker);
  });

  it('does not skip a key when the one before the marker is deleted between pages', async () => {
    const first = state.addKey('alice', { createDate: new Date('2025-01-01T00:00:00Z') });
    const second = state.addKey('alice', { createDate: new Date('2025-02-01T00:00:00Z') });
    const page1 = await iam.send(new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1 }));

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: first.accessKeyId }));
    const page2 = await iam.send(
      new ListAccessKeysCommand({ UserName: 'alice', MaxItems: 1, Marker: page1.Marker }),
    );

    expect(page2.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([second.accessKeyId]);
  });

  it('creates a key with an AKIA id and a 40-character secret, and records the secret', async () => {
    const out = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    const key = out.AccessKey;
    expect(key?.UserName).toBe('alice');
    expect(key?.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(key?.Status).toBe('Active');
    expect(key?.CreateDate).toEqual(NOW);
    expect(state.findKey(key?.AccessKeyId ?? '')?.userName).toBe('alice');
    expect(state.issuedSecrets()).toContain(key?.SecretAccessKey);
  });

  it('refuses a third key with LimitExceeded (409), in IAM’s words, without making it', async () => {
    state.addKey('alice');
    state.addKey('alice');

    const error = await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 409 });
    expect(state.keysOf('alice')).toHaveLength(2);
    expect(server.calls('CreateAccessKey')).toHaveLength(1);
  });

  it('reports a key’s last use, or N/A and no date when it was never used', async () => {
    const used = state.addKey('alice', {
      lastUsed: { date: new Date('2025-12-24T10:00:00Z'), serviceName: 's3', region: 'eu-west-1' },
    });
    const unused = state.addKey('bob');

    const a = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: used.accessKeyId }));
    const b = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: unused.accessKeyId }));

    expect(a.UserName).toBe('alice');
    expect(a.AccessKeyLastUsed).toEqual({
      LastUsedDate: new Date('2025-12-24T10:00:00Z'),
      ServiceName: 's3',
      Region: 'eu-west-1',
    });
    expect(b.UserName).toBe('bob');
    expect(b.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });

  it('answers NoSuchEntity for the last use of a key that does not exist', async () => {
    const error = await failure(
      iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })),
    );
    expect(error).toBeInstanceOf(NoSuchEntityException);
  });

  it('deactivates and reactivates a key of the named user', async () => {
    const key = state.addKey('alice');

    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
    );
    expect(state.findKey(key.accessKeyId)?.status).toBe('Inactive');

    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId, Status: 'Active' }),
    );
    expect(state.findKey(key.accessKeyId)?.status).toBe('Active');
  });

  it('refuses to change or delete a key through a user who does not own it', async () => {
    const key = state.addKey('alice');

    const update = await failure(
      iam.send(
        new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
      ),
    );
    const remove = await failure(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.accessKeyId })),
    );

    expect(update).toBeInstanceOf(NoSuchEntityException);
    expect(update.message).toBe(`The Access Key with id ${key.accessKeyId} cannot be found.`);
    expect(remove).toBeInstanceOf(NoSuchEntityException);
    expect(state.findKey(key.accessKeyId)?.status).toBe('Active');
  });

  it('names the missing user when the user does not exist at all', async () => {
    const key = state.addKey('alice');
    const error = await failure(
      iam.send(
        new UpdateAccessKeyCommand({ UserName: 'nobody', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
      ),
    );
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error.message).toBe('The user with name nobody cannot be found.');
  });

  it('deletes a key, after which it is gone but its secret stays on record', async () => {
    const key = state.addKey('alice');

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId }));

    expect(state.findKey(key.accessKeyId)).toBeUndefined();
    expect(state.keysOf('alice')).toEqual([]);
    expect(state.issuedSecrets()).toContain(key.secretAccessKey);
    const again = await failure(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId })),
    );
    expect(again).toBeInstanceOf(NoSuchEntityException);
  });

  it('rejects a Status other than Active or Inactive with ValidationError (400)', async () => {
    const key = state.addKey('alice');
    const error = await failure(
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: key.accessKeyId,
          Status: 'Disabled' as 'Active',
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('[Active, Inactive]');
    expect(error['$metadata']).toMatchObject({ httpStatusCode: 400 });
  });
});
