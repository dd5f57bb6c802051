import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsOf, loadTemplate, type Statement, statementsOf, type Template } from './cloudformation';

const ACCESS_KEY_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:DeleteAccessKey',
  'iam:GetAccessKeyLastUsed',
  'iam:ListAccessKeys',
  'iam:UpdateAccessKey',
];
const ACCOUNT_WIDE_ACTIONS = ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:ListUsers'];
/** What the exposure incident card reads of a leaked key's user. */
const USER_RIGHTS_ACTIONS = ['iam:ListAttachedUserPolicies', 'iam:ListGroupsForUser', 'iam:ListUserPolicies'];

function policyStatements(template: Template, type: string): Statement[] {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === type)
    .flatMap((resource) => {
      const props = resource.Properties as {
        PolicyDocument?: { Statement: unknown[] };
        Policies?: Array<{ PolicyDocument: { Statement: unknown[] } }>;
      };
      return [props.PolicyDocument, ...(props.Policies ?? []).map((p) => p.PolicyDocument)]
        .filter((doc): doc is { Statement: unknown[] } => doc !== undefined)
        .flatMap(statementsOf);
    });
}

/** Action -> the resources it is allowed on, over all Allow statements. */
function grants(statements: Statement[]): Map<string, unknown[]> {
  const map = new Map<string, unknown[]>();
  for (const statement of statements) {
    for (const action of actionsOf(statement))
      map.set(action, [...(map.get(action) ?? []), statement.Resource]);
  }
  return map;
}

/** The IAM action prefix of each AWS SDK package src/ sends requests with. */
const SERVICE_OF_PACKAGE: Record<string, string> = {
  'lib-dynamodb': 'dynamodb',
  'client-dynamodb': 'dynamodb',
  'client-iam': 'iam',
  'client-sts': 'sts',
  'client-sqs': 'sqs',
  'client-cloudtrail': 'cloudtrail',
  'client-eventbridge': 'events',
  'client-organizations': 'organizations',
};
/** The document client's short names for DynamoDB's item operations. */
const DOCUMENT_CLIENT: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/**
 * The AWS operations src/ can send, as IAM actions: every command (and paginator) it imports from the
 * SDK's packages. Read from the imports, so a call added anywhere is seen without a list kept by hand.
 */
function awsOperationsInSource(): string[] {
  const imports = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z-]+)'/g;
  const actions = new Set<string>();
  for (const file of readdirSync(join(__dirname, '../../src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(join(__dirname, '../../src', file), 'utf8');
    for (const [, names = '', pkg = ''] of source.matchAll(imports)) {
      const service = SERVICE_OF_PACKAGE[pkg];
      if (!service) continue;
      for (const name of names.split(',').map((part) => part.trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        const paginated = /^paginate(\w+)$/.exec(name)?.[1];
        const operation =
          command && service === 'dynamodb' ? (DOCUMENT_CLIENT[command] ?? command) : (command ?? paginated);
        if (operation) actions.add(`${service}:${operation}`);
      }
    }
  }
  return [...actions].sort();
}

function expectLeastPrivilege(statements: Statement[]): void {
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    expect(statement.Effect).toBe('Allow');
    // NotAction and NotResource grant everything they do not name: never in a least-privilege policy.
    expect(statement).not.toHaveProperty('NotAction');
    expect(statement).not.toHaveProperty('NotResource');
    for (const action of actionsOf(statement)) {
      expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      expect(action).not.toContain('*');
    }
  }
}

describe('infra/keywarden-member-role.cfn.yml: the role Keywarden assumes in a member account', () => {
  const template = loadTemplate('keywarden-member-role.cfn.yml');
  const role = template.Resources['Role'];
  const trust = statementsOf(
    (role?.Properties as { AssumeRolePolicyDocument: { Statement: unknown[] } }).AssumeRolePolicyDocument,
  );
  const permissions = policyStatements(template, 'AWS::IAM::Role');

  it('is an IAM role whose parameters a StackSet can fill: the bot’s role, the ExternalId, the users’ path', () => {
    expect(role?.Type).toBe('AWS::IAM::Role');
    expect(Object.keys(template.Parameters ?? {})).toEqual(
      expect.arrayContaining(['KeywardenRoleArn', 'ExternalId', 'ManagedUserPath']),
    );
    expect(template.Parameters?.['ManagedUserPath']?.['Default']).toBe('/');
    // Nothing account-specific is written into the template itself.
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
  });

  it('trusts only the bot’s role, for sts:AssumeRole under an sts:ExternalId condition', () => {
    expectLeastPrivilege(trust);
    const assume = trust.filter((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    for (const statement of trust) {
      expect(statement.Principal).toEqual({ AWS: { Ref: 'KeywardenRoleArn' } });
      expect(statement.Condition?.['StringEquals']?.['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
    }
  });

  it('allows sts:SetSourceIdentity, which AssumeRole with SourceIdentity needs, for Slack user ids', () => {
    const setSource = trust.filter((s) => actionsOf(s).includes('sts:SetSourceIdentity'));
    expect(setSource).toHaveLength(1);
    expect(setSource[0]?.Condition?.['StringLike']?.['sts:SourceIdentity']).toEqual([
      { Ref: 'SourceIdentityPattern' },
      'keywarden',
    ]);
    expect(template.Parameters?.['SourceIdentityPattern']?.['Default']).toBe('U*');
    expect(trust.flatMap(actionsOf).sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
  });

  it('grants exactly the IAM and CloudTrail actions the bot uses, and no wildcard action', () => {
    expectLeastPrivilege(permissions);
    expect([...grants(permissions).keys()].sort()).toEqual(
      [
        ...ACCESS_KEY_ACTIONS,
        ...ACCOUNT_WIDE_ACTIONS,
        ...USER_RIGHTS_ACTIONS,
        'cloudtrail:LookupEvents',
      ].sort(),
    );
  });

  it('reads a leaked key’s user rights on the managed users’ path, and its activity in CloudTrail', () => {
    const granted = grants(permissions);
    for (const action of USER_RIGHTS_ACTIONS) {
      expect(granted.get(action)).toEqual([
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user${ManagedUserPath}*' },
      ]);
    }
    expect(granted.get('cloudtrail:LookupEvents')).toEqual(['*']);
  });

  it('scopes the key actions to the managed users’ path in this account, the rest to "*" as IAM requires', () => {
    const granted = grants(permissions);
    for (const action of ACCESS_KEY_ACTIONS) {
      expect(granted.get(action)).toEqual([
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user${ManagedUserPath}*' },
      ]);
    }
    for (const action of ACCOUNT_WIDE_ACTIONS) expect(granted.get(action)).toEqual(['*']);
  });
});

describe('infra/keywarden.cfn.yml: the bot’s own policy', () => {
  const template = loadTemplate('keywarden.cfn.yml');
  const statements = policyStatements(template, 'AWS::IAM::ManagedPolicy');
  const granted = grants(statements);

  it('has no wildcard action and no iam:*', () => {
    expectLeastPrivilege(statements);
    expect([...granted.keys()].filter((a) => a.startsWith('iam:')).sort()).toEqual(
      [...ACCESS_KEY_ACTIONS, ...ACCOUNT_WIDE_ACTIONS, ...USER_RIGHTS_ACTIONS].sort(),
    );
  });

  it('reads a home-account key’s user rights and CloudTrail activity, and consumes only the intake queue', () => {
    for (const action of USER_RIGHTS_ACTIONS) {
      expect(granted.get(action)).toEqual([
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' },
      ]);
    }
    expect(granted.get('cloudtrail:LookupEvents')).toEqual(['*']);
    const sqs = [...granted.keys()].filter((a) => a.startsWith('sqs:')).sort();
    expect(sqs).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage']);
    for (const action of sqs) expect(granted.get(action)).toEqual([{ Ref: 'ExposureQueueArn' }]);
    const document = (
      template.Resources['Policy']?.Properties as {
        PolicyDocument: { Statement: Array<Record<string, unknown>> };
      }
    ).PolicyDocument;
    const intake = document.Statement.map((s) => s['Fn::If'] as unknown[] | undefined).find(
      (branches) => branches?.[0] === 'HasExposureQueue',
    );
    expect(intake?.[2]).toEqual({ Ref: 'AWS::NoValue' });
    expect(template.Parameters?.['ExposureQueueArn']).toMatchObject({ Type: 'String', Default: '' });
    const pattern = new RegExp(String(template.Parameters?.['ExposureQueueArn']?.['AllowedPattern']));
    expect(pattern.test('arn:aws:sqs:us-east-1:123456789012:keywarden-exposure')).toBe(true);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('*')).toBe(false);
  });

  it('may assume the member roles, with a source identity, and nothing else in STS but GetAccessKeyInfo', () => {
    expect(granted.get('sts:AssumeRole')).toEqual([{ Ref: 'MemberRoleArns' }]);
    expect(granted.get('sts:SetSourceIdentity')).toEqual([{ Ref: 'MemberRoleArns' }]);
    expect(granted.get('sts:GetAccessKeyInfo')).toEqual(['*']);
    expect([...granted.keys()].filter((a) => a.startsWith('sts:')).sort()).toEqual([
      'sts:AssumeRole',
      'sts:GetAccessKeyInfo',
      'sts:SetSourceIdentity',
    ]);
  });

  it('names the member roles by a list parameter, and grants no AssumeRole while it is empty', () => {
    expect(template.Parameters?.['MemberRoleArns']).toMatchObject({
      Type: 'CommaDelimitedList',
      Default: '',
    });
    const document = (
      template.Resources['Policy']?.Properties as {
        PolicyDocument: { Statement: Array<Record<string, unknown>> };
      }
    ).PolicyDocument;
    const conditional = document.Statement.find((s) => 'Fn::If' in s)?.['Fn::If'] as unknown[];
    expect(conditional?.[0]).toBe('HasMemberRoles');
    expect(conditional?.[2]).toEqual({ Ref: 'AWS::NoValue' });
    expect(actionsOf(conditional?.[1] as Statement)).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
    expect((template['Conditions'] as Record<string, unknown>)['HasMemberRoles']).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'MemberRoleArns' }] }, ''] }],
    });
  });

  it('keeps the home account’s own grants: key actions on users, reports on "*", the table', () => {
    for (const action of ACCESS_KEY_ACTIONS) {
      expect(granted.get(action)).toEqual([
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' },
      ]);
    }
    for (const action of ACCOUNT_WIDE_ACTIONS) expect(granted.get(action)).toEqual(['*']);
    expect(granted.get('dynamodb:PutItem')).toEqual([
      [{ 'Fn::GetAtt': ['Table', 'Arn'] }, { 'Fn::Sub': '${Table.Arn}/index/*' }],
    ]);
  });
});

describe('infra/keywarden.cfn.yml: the table takes writes from the bot’s role only', () => {
  const template = loadTemplate('keywarden.cfn.yml');
  const table = template.Resources['Table']?.Properties as {
    ResourcePolicy?: { PolicyDocument: { Statement: unknown[] } };
  };
  const statements = table.ResourcePolicy ? statementsOf(table.ResourcePolicy.PolicyDocument) : [];
  const WRITES = [
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    'dynamodb:PartiQLDelete',
    'dynamodb:PartiQLInsert',
    'dynamodb:PartiQLUpdate',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ];

  it('names the bot’s role by a parameter that must be a role ARN', () => {
    const parameter = template.Parameters?.['KeywardenRoleArn'];
    expect(parameter).toMatchObject({ Type: 'String' });
    expect(parameter).not.toHaveProperty('Default');
    const pattern = new RegExp(String(parameter?.['AllowedPattern']));
    expect(pattern.test('arn:aws:iam::123456789012:role/keywarden')).toBe(true);
    expect(pattern.test('arn:aws:iam::123456789012:role/service/keywarden')).toBe(true);
    expect(pattern.test('arn:aws:iam::123456789012:user/mallory')).toBe(false);
    expect(pattern.test('*')).toBe(false);
  });

  it('denies every write (items, batches, PartiQL) to any principal but that role', () => {
    expect(statements).toHaveLength(1);
    const [deny] = statements as [Statement];
    expect(deny.Effect).toBe('Deny');
    expect(deny.Principal).toBe('*');
    expect(deny.Resource).toBe('*');
    expect(actionsOf(deny).sort()).toEqual(WRITES);
    expect(deny.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': { Ref: 'KeywardenRoleArn' } } });
  });

  it('grants every DynamoDB operation the code sends: a call outside the policy fails only in AWS', () => {
    // CreateTable and UpdateTimeToLive run only with KEYWARDEN_CREATE_TABLE=true (docs/store.md).
    const whenMakingItsTable = ['dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive'];
    const granted = grants(policyStatements(template, 'AWS::IAM::ManagedPolicy'));
    const allowed = new Set([...granted.keys(), ...whenMakingItsTable]);

    const sent = awsOperationsInSource().filter((action) => action.startsWith('dynamodb:'));

    expect(sent.length).toBeGreaterThan(4);
    expect(sent.filter((action) => !allowed.has(action))).toEqual([]);
  });

  it('grants the bot’s role no write the table denies it: its policy has no DeleteItem or BatchWriteItem', () => {
    const granted = grants(policyStatements(template, 'AWS::IAM::ManagedPolicy'));
    const writes = [...granted.keys()].filter((action) => WRITES.includes(action)).sort();
    expect(writes).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });
});

describe('infra/: every AWS operation the code sends is granted somewhere', () => {
  it('in the bot’s policy, a member role, the home role or the organization reader (GetCallerIdentity needs none)', () => {
    const templates = readdirSync(join(__dirname, '../../infra')).filter((file) => file.endsWith('.cfn.yml'));
    const allowed = new Set(['sts:GetCallerIdentity', 'dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive']);
    for (const file of templates) {
      const template = loadTemplate(file);
      for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::Policy']) {
        for (const action of grants(policyStatements(template, type)).keys()) allowed.add(action);
      }
    }

    const sent = awsOperationsInSource();

    expect(sent).toEqual(
      expect.arrayContaining(['iam:CreateAccessKey', 'sqs:ReceiveMessage', 'events:PutEvents']),
    );
    expect(sent.filter((action) => !allowed.has(action))).toEqual([]);
  });
});
