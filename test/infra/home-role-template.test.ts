import { actionsOf, loadTemplate, type Statement, statementsOf } from './cloudformation';

type RoleProperties = {
  AssumeRolePolicyDocument: { Statement: unknown[] };
  Policies: Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
};

function roleOf(file: string): RoleProperties {
  return loadTemplate(file).Resources['Role']?.Properties as RoleProperties;
}

/** Issue 26, item 5: the recommended setup gives the bot's own account a role, so CloudTrail names people there. */
describe("infra/keywarden-home-role.cfn.yml: the role in the bot's own account", () => {
  const template = loadTemplate('keywarden-home-role.cfn.yml');
  const home = roleOf('keywarden-home-role.cfn.yml');
  const trust: Statement[] = statementsOf(home.AssumeRolePolicyDocument);

  it("grants exactly the member role's permissions, so both kinds of account behave the same", () => {
    expect(home.Policies).toEqual(roleOf('keywarden-member-role.cfn.yml').Policies);
  });

  it("trusts only the bot's role, and only for sessions that name a person (or keywarden) as SourceIdentity", () => {
    expect(trust.flatMap(actionsOf).sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
    for (const statement of trust) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).toEqual({ AWS: { Ref: 'KeywardenRoleArn' } });
      expect(statement.Condition?.['StringLike']?.['sts:SourceIdentity']).toEqual([
        { Ref: 'SourceIdentityPattern' },
        'keywarden',
      ]);
    }
    expect(template.Parameters?.['SourceIdentityPattern']?.['Default']).toBe('U*');
  });

  it("is named apart from the bot's own role, and writes no account id into itself", () => {
    expect(template.Parameters?.['RoleName']?.['Default']).toBe('keywarden-home');
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
    expect(template.Outputs).toHaveProperty('RoleArn');
  });
});
