import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  Organization,
  startOrganizationsServer,
  type OrganizationsServer,
} from '../../../sandbox/organizations';

const CREDENTIALS = { accessKeyId: 'AKIDORGTEST', secretAccessKey: 'org-test-secret' };

function organization(): Organization {
  return new Organization({
    rootId: 'r-ab12',
    units: [
      { id: 'ou-ab12-prod0000', name: 'Prod', parentId: 'r-ab12' },
      { id: 'ou-ab12-web00000', name: 'Web', parentId: 'ou-ab12-prod0000' },
    ],
    accounts: [
      { id: '111111111111', name: 'Prod Web', parentId: 'ou-ab12-web00000', tags: { team: 'web' } },
      { id: '222222222222', name: 'Sandbox', parentId: 'r-ab12' },
      { id: '333333333333', name: 'Old', parentId: 'ou-ab12-prod0000' },
    ],
  });
}

function client(server: OrganizationsServer, maxAttempts = 1): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts,
  });
}

describe('the Organizations stand-in, through the real @aws-sdk/client-organizations', () => {
  let server: OrganizationsServer;

  beforeEach(async () => {
    server = await startOrganizationsServer({ org: organization() });
  });
  afterEach(() => server.close());

  it('pages ListAccounts with MaxResults and NextToken, and the paginator reads every page', async () => {
    const first = await client(server).send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(first.Accounts?.map((account) => account.Id)).toEqual(['111111111111', '222222222222']);
    expect(first.NextToken).toBeDefined();
    const second = await client(server).send(
      new ListAccountsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.Accounts?.map((account) => account.Id)).toEqual(['333333333333']);
    expect(second.NextToken).toBeUndefined();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: client(server), pageSize: 1 }, {})) {
      ids.push(...(page.Accounts ?? []).map((account) => account.Id as string));
    }
    expect(ids).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(server.calls().filter((call) => call.action === 'ListAccounts')).toHaveLength(5);
  });

  it('refuses a NextToken it did not write and a MaxResults out of 1..20', async () => {
    await expect(client(server).send(new ListAccountsCommand({ NextToken: 'forged' }))).rejects.toMatchObject(
      {
        name: 'InvalidInputException',
      },
    );
    await expect(client(server).send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });

  it('answers ListParents up to the root, tags and DescribeOrganization', async () => {
    const parents = await client(server).send(new ListParentsCommand({ ChildId: '111111111111' }));
    expect(parents.Parents).toEqual([{ Id: 'ou-ab12-web00000', Type: 'ORGANIZATIONAL_UNIT' }]);
    const up = await client(server).send(new ListParentsCommand({ ChildId: 'ou-ab12-prod0000' }));
    expect(up.Parents).toEqual([{ Id: 'r-ab12', Type: 'ROOT' }]);
    await expect(
      client(server).send(new ListParentsCommand({ ChildId: '999999999990' })),
    ).rejects.toMatchObject({
      name: 'ChildNotFoundException',
    });
    const tags = await client(server).send(new ListTagsForResourceCommand({ ResourceId: '111111111111' }));
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    const described = await client(server).send(new DescribeOrganizationCommand({}));
    expect(described.Organization).toMatchObject({ Id: 'o-exampleorg1', MasterAccountId: '999999999999' });
  });

  it('answers what a test changed between two listings: renamed, suspended, closed, moved, added', async () => {
    server.org.rename('222222222222', 'Sandbox Two');
    server.org.setState('333333333333', 'SUSPENDED');
    server.org.setState('111111111111', 'CLOSED');
    server.org.move('222222222222', 'ou-ab12-prod0000');
    server.org.addAccount({ id: '444444444444', name: 'New', parentId: 'r-ab12' });
    const { Accounts = [] } = await client(server).send(new ListAccountsCommand({}));
    expect(Accounts.map((account) => [account.Id, account.Name, account.State, account.Status])).toEqual([
      ['111111111111', 'Prod Web', 'CLOSED', 'SUSPENDED'],
      ['222222222222', 'Sandbox Two', 'ACTIVE', 'ACTIVE'],
      ['333333333333', 'Old', 'SUSPENDED', 'SUSPENDED'],
      ['444444444444', 'New', 'ACTIVE', 'ACTIVE'],
    ]);
    const parents = await client(server).send(new ListParentsCommand({ ChildId: '222222222222' }));
    expect(parents.Parents?.[0]?.Id).toBe('ou-ab12-prod0000');
  });

  it('throttles, fails and drops as ordered, and the SDK retries TooManyRequestsException and 5xx', async () => {
    server.injectFault({ kind: 'throttling', action: 'ListAccounts' });
    server.injectFault({ kind: 'server-error', action: 'ListAccounts' });
    const answer = await client(server, 3).send(new ListAccountsCommand({}));
    expect(answer.Accounts).toHaveLength(3);
    expect(server.calls().map((call) => call.errorCode ?? call.status)).toEqual([
      'TooManyRequestsException',
      'ServiceException',
      200,
    ]);
    server.injectFault({ kind: 'connection-reset', action: 'ListParents' });
    await expect(client(server).send(new ListParentsCommand({ ChildId: '111111111111' }))).rejects.toThrow();
    server.injectFault({ kind: 'access-denied' });
    await expect(client(server).send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('lets only its readers in, when it names them (the management account, a delegated administrator)', async () => {
    const guarded = await startOrganizationsServer({
      org: organization(),
      readers: ['999999999999'],
      accountOf: (keyId) => (keyId === CREDENTIALS.accessKeyId ? '123456789012' : undefined),
    });
    try {
      await expect(client(guarded).send(new ListAccountsCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
      });
      expect(guarded.calls()[0]).toMatchObject({ account: '123456789012', status: 400 });
    } finally {
      await guarded.close();
    }
  });

  it('is reached through AWS_ENDPOINT_URL_ORGANIZATIONS, which the SDK honours as it is', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
    process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = server.url;
    try {
      const fromEnv = new OrganizationsClient({
        region: 'us-east-1',
        credentials: CREDENTIALS,
        maxAttempts: 1,
      });
      const answer = await fromEnv.send(new DescribeOrganizationCommand({}));
      expect(answer.Organization?.Id).toBe('o-exampleorg1');
      expect(server.calls()).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
      else process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = saved;
    }
  });
});
