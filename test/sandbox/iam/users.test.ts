import { type IAMClient, ListUsersCommand, paginateListUsers } from '@aws-sdk/client-iam';
import type { IamServer, IamState } from '../../../sandbox/iam';
import { failure, fixedClockState, startWith } from './iam-client';

describe('sandbox IAM: ListUsers', () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState());
    ({ server, iam } = await startWith(state));
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('lists users by name with id, ARN, path and creation date', async () => {
    state.addUser('zoe', { createDate: new Date('2024-03-04T05:06:07.890Z') });
    state.addUser('adam', { path: '/engineering/' });

    const out = await iam.send(new ListUsersCommand({}));

    expect(out.Users?.map((u) => u.UserName)).toEqual(['adam', 'zoe']);
    const [adam, zoe] = out.Users ?? [];
    expect(adam?.Arn).toBe('arn:aws:iam::123456789012:user/engineering/adam');
    expect(adam?.Path).toBe('/engineering/');
    expect(adam?.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(zoe?.Arn).toBe('arn:aws:iam::123456789012:user/zoe');
    // IAM keeps whole seconds.
    expect(zoe?.CreateDate).toEqual(new Date('2024-03-04T05:06:07Z'));
    expect(out.IsTruncated).toBe(false);
  });

  it('pages with the SDK paginator and returns every user once', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `user-${i}`);
    for (const name of [...names].reverse()) state.addUser(name);

    const seen: string[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 3 }, {})) {
      seen.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    }

    expect(seen).toEqual(names);
    expect(server.calls('ListUsers')).toHaveLength(3);
  });

  it('filters by PathPrefix', async () => {
    state.addUser('adam', { path: '/engineering/' });
    state.addUser('bea', { path: '/sales/' });
    const out = await iam.send(new ListUsersCommand({ PathPrefix: '/engineering/' }));
    expect(out.Users?.map((u) => u.UserName)).toEqual(['adam']);
  });

  it('rejects MaxItems outside 1..1000 and a forged marker with ValidationError', async () => {
    const tooMany = await failure(iam.send(new ListUsersCommand({ MaxItems: 1001 })));
    const forged = await failure(iam.send(new ListUsersCommand({ Marker: 'not-a-marker' })));
    expect(tooMany.name).toBe('ValidationError');
    expect(forged.name).toBe('ValidationError');
  });
});
