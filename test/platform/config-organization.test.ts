import { parsePolicy } from '../../src/platform/config';

const BASE = `
roles: { admins: [U0ADMIN], approvers: [U0APPROVER] }
approvals: { channel: C0APPROVALS }
`;

function parsed(yaml: string) {
  return parsePolicy(`${BASE}${yaml}`, 'keywarden.yml');
}

function problem(yaml: string): string {
  try {
    parsed(yaml);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the policy was accepted');
}

describe('policy: organization and policies (issue 22)', () => {
  it('reads the organization block with its defaults; accounts become optional and default to none', () => {
    const policy = parsed(`
organization:
  roleName: keywarden
  externalId: keywarden-org
  managementRoleArn: arn:aws:iam::999999999999:role/keywarden-org-reader
  include: [ou-ab12-prod0000]
  exclude: ['111111111111']
`);
    expect(policy.organization).toEqual({
      roleName: 'keywarden',
      externalId: 'keywarden-org',
      managementRoleArn: 'arn:aws:iam::999999999999:role/keywarden-org-reader',
      include: ['ou-ab12-prod0000'],
      exclude: ['111111111111'],
      refreshMinutes: 60,
    });
    expect(policy.accounts).toEqual([]);
    expect(parsed('').accounts).toEqual([{ name: 'default' }]);
  });

  it("runs an OU's reports as entries after the listed ones, each marked with its OU", () => {
    const policy = parsed(`
organization: { roleName: keywarden }
reports:
  - { channel: C0SECOPS, schedule: "0 9 * * MON" }
policies:
  - ou: ou-ab12-prod0000
    approvals: { required: 2, approvers: [S0PRODSEC] }
    reports:
      - { channel: C0PRODSEC, schedule: "0 8 * * *" }
`);
    expect(policy.reports.map((report) => [report.channel, report.ou])).toEqual([
      ['C0SECOPS', undefined],
      ['C0PRODSEC', 'ou-ab12-prod0000'],
    ]);
    expect(policy.policies[0]?.approvals).toEqual({ required: 2, approvers: ['S0PRODSEC'] });
  });

  it.each([
    ['organization: { roleName: "bad role" }', 'organization.roleName: must be an IAM role name'],
    ['organization: { roleName: k, include: [prod] }', 'organization.include.0: must be an OU id'],
    [
      "organization: { roleName: k, exclude: ['12345'] }",
      'organization.exclude.0: must be a twelve-digit account id',
    ],
    [
      'organization: { roleName: k, managementRoleArn: nope }',
      'organization.managementRoleArn: must be an IAM role ARN',
    ],
    ['organization: { roleName: k, refreshMinutes: 0 }', 'organization.refreshMinutes'],
    ['organization: { roleName: k, colour: blue }', 'organization'],
    ['policies: [{ ou: ou-ab12-prod0000 }]', 'policies.0.ou: needs an organization: block'],
    [
      'organization: { roleName: k }\npolicies: [{ ou: ou-ab12-prod0000 }, { ou: ou-ab12-prod0000 }]',
      'policies.1.ou: ou-ab12-prod0000 is named twice',
    ],
    [
      'organization: { roleName: k }\npolicies: [{ ou: ou-ab12-prod0000, reports: [{ channel: C0X1, schedule: "0 9 * * *", accounts: [a] }] }]',
      'policies.0.reports.0.accounts',
    ],
    [
      'organization: { roleName: k }\npolicies: [{ ou: ou-ab12-prod0000, approvals: { required: 9 } }]',
      'policies.0.approvals.required',
    ],
  ])('refuses %s at start, naming the field', (yaml, expected) => {
    const message = problem(yaml);
    expect(message).toContain(expected);
    expect(message.split('\n')).toHaveLength(1);
  });
});
