import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsOf, loadTemplate, statementsOf } from './cloudformation';

describe('infra/ for the organization (issue 22)', () => {
  it('deploys the member role to the OUs by a service-managed StackSet with automatic deployment', () => {
    const template = loadTemplate('keywarden-org-member-stackset.cfn.yml');
    const stackSet = template.Resources['MemberRoleStackSet'];
    expect(stackSet?.Type).toBe('AWS::CloudFormation::StackSet');
    expect(stackSet?.Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          Regions: ['us-east-1'],
          DeploymentTargets: { OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } },
        },
      ],
    });
    // Every parameter of the member role template is passed on, so the StackSet makes the same role.
    const member = loadTemplate('keywarden-member-role.cfn.yml');
    const passed = (stackSet?.Properties['Parameters'] as Array<{ ParameterKey: string }>).map(
      (p) => p.ParameterKey,
    );
    expect(passed.sort()).toEqual(Object.keys(member.Parameters ?? {}).sort());
    expect(
      readFileSync(join(__dirname, '..', '..', 'infra', 'keywarden-org-member-stackset.cfn.yml'), 'utf8'),
    ).not.toMatch(/\d{12}/);
  });

  it('gives the reader role exactly the Organizations reads discovery makes, trusted by the bot only', () => {
    const template = loadTemplate('keywarden-org-reader.cfn.yml');
    const role = template.Resources['ReaderRole']?.Properties as {
      AssumeRolePolicyDocument: { Statement: unknown[] };
      Policies: Array<{ PolicyDocument: { Statement: unknown[] } }>;
    };
    const trust = statementsOf(role.AssumeRolePolicyDocument);
    expect(trust.map((statement) => statement.Principal)).toEqual([
      { AWS: { Ref: 'KeywardenRoleArn' } },
      { AWS: { Ref: 'KeywardenRoleArn' } },
    ]);
    const actions = role.Policies.flatMap((policy) => statementsOf(policy.PolicyDocument)).flatMap(actionsOf);
    expect(actions.sort()).toEqual([
      'organizations:DescribeOrganization',
      'organizations:DescribeOrganizationalUnit',
      'organizations:ListAccounts',
      'organizations:ListChildren',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListParents',
      'organizations:ListRoots',
      'organizations:ListTagsForResource',
    ]);
    expect(actions.every((action) => /^organizations:(List|Describe)/.test(action))).toBe(true);
  });
});
