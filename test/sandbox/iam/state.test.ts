import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { IamState, startIamServer } from '../../../sandbox/iam';
import { iamClient, NOW } from './iam-client';

describe('sandbox IAM: IamState', () => {
  it('adds users idempotently', () => {
    const state = new IamState({ now: () => NOW });
    state.addUser('alice', { path: '/eng/' });
    state.addUser('alice', { path: '/other/' });
    expect(state.userNames()).toEqual(['alice']);
    expect(state.user('alice')?.path).toBe('/eng/');
  });

  it('refuses a key for an unknown user and a third key, as IAM would', () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice');
    state.addKey('alice');

    expect(() => state.addKey('nobody')).toThrow('The user with name nobody cannot be found.');
    expect(() => state.addKey('alice')).toThrow('Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('records a key’s last use', () => {
    const state = new IamState();
    state.addUser('alice');
    const key = state.addKey('alice');
    state.markUsed(key.accessKeyId, {
      date: new Date('2026-01-01T10:00:00.500Z'),
      serviceName: 'ec2',
      region: 'us-east-1',
    });
    expect(state.findKey(key.accessKeyId)?.lastUsed).toEqual({
      date: new Date('2026-01-01T10:00:00Z'),
      serviceName: 'ec2',
      region: 'us-east-1',
    });
    expect(() =>
      state.markUsed('AKIANOSUCHKEY0000000', { date: NOW, serviceName: 's3', region: 'us-east-1' }),
    ).toThrow();
  });

  it('hands out copies, so a caller cannot change the account behind the server’s back', () => {
    const state = new IamState();
    state.addUser('alice');
    const key = state.addKey('alice');
    key.status = 'Inactive';
    const listed = state.keysOf('alice')[0];
    if (listed) listed.status = 'Inactive';
    expect(state.findKey(key.accessKeyId)?.status).toBe('Active');
  });

  it('survives a round trip through JSON text, deleted keys’ secrets included', async () => {
    const state = new IamState({ now: () => NOW, callerUserName: 'ops-bot' });
    state.addUser('alice', {
      createDate: new Date('2024-01-01T00:00:00Z'),
      path: '/eng/',
      passwordEnabled: true,
    });
    const gone = state.addKey('alice');
    state.deleteKey('alice', gone.accessKeyId);
    const kept = state.addKey('alice', {
      status: 'Inactive',
      lastUsed: { date: new Date('2025-05-05T05:05:05Z'), serviceName: 's3', region: 'us-west-2' },
    });

    const restored = IamState.fromJSON(JSON.parse(JSON.stringify(state)));

    expect(restored.callerUserName).toBe('ops-bot');
    expect(restored.user('alice')).toEqual(state.user('alice'));
    expect(restored.keysOf('alice')).toEqual([kept]);
    expect(restored.issuedSecrets()).toEqual([gone.secretAccessKey, kept.secretAccessKey]);
    expect(restored.toJSON()).toEqual(state.toJSON());

    const server = await startIamServer({ state: restored });
    const iam = iamClient(server);
    try {
      const out = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
      expect(out.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([kept.accessKeyId]);
    } finally {
      iam.destroy();
      await server.close();
    }
  });

  it('refuses state from another format version', () => {
    const json = { ...new IamState().toJSON(), version: 2 } as unknown as ReturnType<IamState['toJSON']>;
    expect(() => IamState.fromJSON(json)).toThrow(/version/);
  });
});
