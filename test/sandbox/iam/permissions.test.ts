import {
  type IAMClient,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import { IamState, type IamServer } from '../../../sandbox/iam';
import { failure, fixedClockState, NOW, startWith } from './iam-client';

const QUARANTINE = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';

describe("sandbox IAM: a user's policies and groups", () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState());
    ({ server, iam } = await startWith(state));
    state.addUser('alice');
  });
  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('lists the managed policies attached to a user, the quarantine among them', async () => {
    state.attachUserPolicy('alice', QUARANTINE);
    state.attachUserPolicy('alice', 'arn:aws:iam::123456789012:policy/teams/DeployOnly');
    state.attachUserPolicy('ALICE', QUARANTINE);
    const out = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(out.AttachedPolicies).toEqual([
      { PolicyName: 'DeployOnly', PolicyArn: 'arn:aws:iam::123456789012:policy/teams/DeployOnly' },
      { PolicyName: 'AWSCompromisedKeyQuarantineV3', PolicyArn: QUARANTINE },
    ]);
    expect(out.IsTruncated).toBe(false);
    const teams = await iam.send(
      new ListAttachedUserPoliciesCommand({ UserName: 'alice', PathPrefix: '/teams/' }),
    );
    expect(teams.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['DeployOnly']);
  });

  it('lists inline policy names and groups, empty lists for a user without any', async () => {
    state.putUserPolicy('alice', 'S3ReadLogs');
    state.addUserToGroup('alice', 'developers');
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual([
      'S3ReadLogs',
    ]);
    const groups = await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
    expect(groups.Groups).toEqual([
      {
        Path: '/',
        GroupName: 'developers',
        GroupId: expect.stringMatching(/^AGPA[A-Z0-9]{17}$/),
        Arn: 'arn:aws:iam::123456789012:group/developers',
        CreateDate: NOW,
      },
    ]);
    state.addUser('bob');
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames).toEqual([]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups).toEqual([]);
    expect(
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' }))).AttachedPolicies,
    ).toEqual([]);
  });

  it('pages all three with Marker and IsTruncated, through the SDK paginators', async () => {
    for (let n = 0; n < 5; n++) {
      state.attachUserPolicy('alice', `arn:aws:iam::123456789012:policy/P${n}`);
      state.putUserPolicy('alice', `inline-${n}`);
      state.addUserToGroup('alice', `group-${n}`);
    }
    const config = { client: iam, pageSize: 2 };
    const policies: string[] = [];
    for await (const page of paginateListAttachedUserPolicies(config, { UserName: 'alice' })) {
      policies.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ''));
    }
    const inline: string[] = [];
    for await (const page of paginateListUserPolicies(config, { UserName: 'alice' }))
      inline.push(...(page.PolicyNames ?? []));
    const groups: string[] = [];
    for await (const page of paginateListGroupsForUser(config, { UserName: 'alice' })) {
      groups.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    }
    expect(policies).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    expect(inline).toEqual(['inline-0', 'inline-1', 'inline-2', 'inline-3', 'inline-4']);
    expect(groups).toEqual(['group-0', 'group-1', 'group-2', 'group-3', 'group-4']);
    expect(server.calls('ListGroupsForUser')).toHaveLength(3);
  });

  it('answers NoSuchEntity for an unknown user and ValidationError without a UserName', async () => {
    const missing = await failure(iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'nobody' })));
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    const unnamed = await failure(iam.send(new ListGroupsForUserCommand({} as never)));
    expect(unnamed.name).toBe('ValidationError');
    expect(() => state.attachUserPolicy('nobody', QUARANTINE)).toThrow(/cannot be found/);
    expect(() => state.attachUserPolicy('alice', 'not-an-arn')).toThrow(/Invalid policy ARN/);
  });

  it('keeps them across a save and a restore of the state', () => {
    state.attachUserPolicy('alice', QUARANTINE);
    state.putUserPolicy('alice', 'S3ReadLogs');
    state.addUserToGroup('alice', 'developers');
    const restored = IamState.fromJSON(JSON.parse(JSON.stringify(state.toJSON())));
    expect(restored.attachedPolicies('alice').map((p) => p.policyArn)).toEqual([QUARANTINE]);
    expect(restored.inlinePolicyNames('alice')).toEqual(['S3ReadLogs']);
    expect(restored.groupsOf('alice').map((g) => g.groupName)).toEqual(['developers']);
  });
});
