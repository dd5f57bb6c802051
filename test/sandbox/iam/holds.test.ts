import { type IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { IamServer, IamState } from '../../../sandbox/iam';
import { fixedClockState, startWith } from './iam-client';

describe('sandbox IAM: a held action, through the real SDK', () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState());
    state.addUser('alice');
    ({ server, iam } = await startWith(state));
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('UpdateAccessKey waits, with no effect, until released; other actions answer meanwhile', async () => {
    const key = state.addKey('alice');
    const hold = server.hold('UpdateAccessKey');
    const update = iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId, Status: 'Inactive' }),
    );
    await hold.arrived(1);
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe('Active');
    expect(server.calls('UpdateAccessKey')).toEqual([]);

    hold.release();
    await expect(update).resolves.toBeDefined();
    expect(state.findKey(key.accessKeyId)?.status).toBe('Inactive');
    expect(server.calls('UpdateAccessKey').map((call) => call.status)).toEqual([200]);
  });
});
