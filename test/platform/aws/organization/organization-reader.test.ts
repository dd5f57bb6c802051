import { CredentialRegistry } from '../../../../sandbox/iam';
import {
  Organization,
  startOrganizationsServer,
  type OrganizationsServer,
} from '../../../../sandbox/organizations';
import { startStsServer, type StsServer } from '../../../../sandbox/sts';
import { createOrganizationsClient } from '../../../../src/platform/aws/organization/organizations-client';
import { SdkOrganizationReader } from '../../../../src/platform/aws/organization/organization-reader';

const HOME = '123456789012';
const MANAGEMENT = '999999999999';
const READER_ROLE = `arn:aws:iam::${MANAGEMENT}:role/keywarden-org-reader`;
const BOT = { accessKeyId: 'AKIAORGREADERTEST1', secretAccessKey: 'reader-test-secret' };

describe('SdkOrganizationReader', () => {
  let registry: CredentialRegistry;
  let sts: StsServer;
  let organizations: OrganizationsServer;

  beforeAll(async () => {
    registry = new CredentialRegistry({ base: { [BOT.accessKeyId]: HOME } });
    sts = await startStsServer({ credentials: registry, roles: { [READER_ROLE]: { trusts: [HOME] } } });
    const org = new Organization({
      rootId: 'r-ab12',
      managementAccountId: MANAGEMENT,
      units: [
        { id: 'ou-ab12-prod0000', name: 'Prod', parentId: 'r-ab12' },
        { id: 'ou-ab12-web00000', name: 'Web <team>', parentId: 'ou-ab12-prod0000' },
      ],
      accounts: [
        { id: '111111111111', name: 'Web', parentId: 'ou-ab12-web00000', tags: { team: 'web', cost: 'a' } },
        { id: '222222222222', name: 'Api', parentId: 'ou-ab12-web00000' },
        { id: '333333333333', name: 'Old', parentId: 'r-ab12', state: 'SUSPENDED' },
      ],
    });
    // Only the management account reads the organization; two items a page.
    organizations = await startOrganizationsServer({
      org,
      pageSize: 2,
      readers: [MANAGEMENT],
      accountOf: (key) => registry.accountOf(key),
    });
  });
  afterAll(async () => {
    await organizations.close();
    await sts.close();
  });
  beforeEach(() => organizations.clearFaults());

  const reader = (managementRoleArn?: string) =>
    new SdkOrganizationReader(
      createOrganizationsClient({
        endpoint: organizations.url,
        credentials: BOT,
        stsEndpoint: sts.url,
        ...(managementRoleArn ? { managementRoleArn } : {}),
      }),
    );

  it('reads every account in managementRoleArn, with its OU path (each OU asked once) and tags', async () => {
    const accounts = await reader(READER_ROLE).list();
    expect(accounts).toEqual([
      {
        id: '111111111111',
        name: 'Web',
        state: 'ACTIVE',
        path: [
          { id: 'r-ab12', name: 'Root' },
          { id: 'ou-ab12-prod0000', name: 'Prod' },
          { id: 'ou-ab12-web00000', name: 'Web <team>' },
        ],
        tags: { team: 'web', cost: 'a' },
      },
      expect.objectContaining({ id: '222222222222', path: expect.arrayContaining([]) }),
      expect.objectContaining({
        id: '333333333333',
        state: 'SUSPENDED',
        path: [{ id: 'r-ab12', name: 'Root' }],
      }),
    ]);
    const parentsAsked = organizations
      .calls()
      .filter((call) => call.action === 'ListParents')
      .map((call) => call.input?.['ChildId']);
    expect(parentsAsked.filter((id) => id === 'ou-ab12-web00000')).toHaveLength(1);
    expect(sts.assumeRoleCalls().map((call) => [call.roleArn, call.status])).toEqual([[READER_ROLE, 200]]);
    expect(organizations.calls().every((call) => call.account === MANAGEMENT)).toBe(true);
  });

  it('as the bot itself (no managementRoleArn) outside the management account: ORGANIZATION_UNAVAILABLE, denied', async () => {
    await expect(reader().list()).rejects.toMatchObject({
      code: 'ORGANIZATION_UNAVAILABLE',
      message: expect.stringContaining('AccessDeniedException'),
    });
  });

  it('retries throttling and 5xx on any page; a listing failing past the retries fails whole', async () => {
    organizations.injectFault({ kind: 'throttling', action: 'ListAccounts', times: 2 });
    organizations.injectFault({ kind: 'server-error', action: 'ListTagsForResource' });
    expect(await reader(READER_ROLE).list()).toHaveLength(3);
    organizations.setOutage('throttling');
    await expect(reader(READER_ROLE).list()).rejects.toMatchObject({ code: 'ORGANIZATION_UNAVAILABLE' });
  }, 60_000);
});
