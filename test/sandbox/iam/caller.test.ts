import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { IamServer, IamState } from '../../../sandbox/iam';
import { failure, fixedClockState, startWith } from './iam-client';

describe('sandbox IAM: requests that name no UserName act on the caller', () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState({ callerUserName: 'keywarden-bot' }));
    state.addUser('alice');
    ({ server, iam } = await startWith(state));
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('answers as IAM does for role credentials while the caller has no IAM user', async () => {
    const error = await failure(iam.send(new CreateAccessKeyCommand({})));

    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Must specify userName when calling with non-User credentials');
    expect(state.keysOf('alice')).toEqual([]);
  });

  it('creates, lists, updates and deletes the bot’s own keys when UserName is left out', async () => {
    state.addUser('keywarden-bot');

    const created = await iam.send(new CreateAccessKeyCommand({}));
    const id = created.AccessKey?.AccessKeyId ?? '';
    expect(created.AccessKey?.UserName).toBe('keywarden-bot');
    expect(state.keysOf('keywarden-bot').map((k) => k.accessKeyId)).toEqual([id]);
    expect(state.keysOf('alice')).toEqual([]);

    const listed = await iam.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([id]);

    await iam.send(new UpdateAccessKeyCommand({ AccessKeyId: id, Status: 'Inactive' }));
    expect(state.findKey(id)?.status).toBe('Inactive');

    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: id }));
    expect(state.findKey(id)).toBeUndefined();
    expect(server.calls().every((call) => call.params['UserName'] === undefined)).toBe(true);
  });

  it('does not reach another user’s key when UserName is left out', async () => {
    state.addUser('keywarden-bot');
    const alices = state.addKey('alice');

    const error = await failure(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: alices.accessKeyId })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(state.findKey(alices.accessKeyId)).toBeDefined();
  });

  it('treats an empty UserName as invalid, not as the caller', async () => {
    state.addUser('keywarden-bot');
    const error = await failure(iam.send(new CreateAccessKeyCommand({ UserName: '' })));
    expect(error.name).toBe('ValidationError');
    expect(state.keysOf('keywarden-bot')).toEqual([]);
  });
});
