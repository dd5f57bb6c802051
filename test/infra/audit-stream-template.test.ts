import { AUDIT_EVENT_DETAIL_TYPE, AUDIT_EVENT_SOURCE } from '../../src/platform/aws/audit-stream';
import { actionsOf, loadTemplate, type Statement, statementsOf } from './cloudformation';

type Document = { Statement: unknown[] };

describe('infra/audit-stream.cfn.yml: the audit event bus, its S3 archive, and the bot’s right to send', () => {
  const template = loadTemplate('audit-stream.cfn.yml');
  const resource = (name: string) => {
    const found = template.Resources[name];
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const policyOf = (role: string): Statement[] =>
    ((resource(role).Properties['Policies'] as Array<{ PolicyDocument: Document }>) ?? []).flatMap((p) =>
      statementsOf(p.PolicyDocument),
    );

  it('makes the bus whose name is KEYWARDEN_AUDIT_EVENT_BUS', () => {
    expect(resource('EventBus')).toEqual({
      Type: 'AWS::Events::EventBus',
      Properties: { Name: { Ref: 'EventBusName' } },
    });
    expect(template['Outputs']).toMatchObject({ EventBusName: { Value: { Ref: 'EventBus' } } });
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
  });

  it('grants the bot’s role events:PutEvents on that bus only', () => {
    const policy = resource('PublishPolicy');
    expect(policy.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(policy.Properties['Roles']).toEqual([{ Ref: 'KeywardenRoleName' }]);
    const statements = statementsOf(policy.Properties['PolicyDocument'] as Document);
    expect(statements).toEqual([
      {
        Sid: 'AuditStream',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['EventBus', 'Arn'] },
      },
    ]);
  });

  it('archives exactly the events the bot sends, their OCSF detail, to the bucket through Firehose', () => {
    const rule = resource('ArchiveRule').Properties;
    expect(rule['EventBusName']).toEqual({ Ref: 'EventBus' });
    expect(rule['EventPattern']).toEqual({
      source: [AUDIT_EVENT_SOURCE],
      'detail-type': [AUDIT_EVENT_DETAIL_TYPE],
    });
    expect(rule['Targets']).toEqual([
      {
        Id: 's3-archive',
        Arn: { 'Fn::GetAtt': ['ArchiveDeliveryStream', 'Arn'] },
        RoleArn: { 'Fn::GetAtt': ['RuleRole', 'Arn'] },
        InputPath: '$.detail',
      },
    ]);
    const destination = resource('ArchiveDeliveryStream').Properties['ExtendedS3DestinationConfiguration'];
    expect(destination).toMatchObject({
      BucketARN: { 'Fn::GetAtt': ['ArchiveBucket', 'Arn'] },
      RoleARN: { 'Fn::GetAtt': ['FirehoseRole', 'Arn'] },
    });
  });

  it('keeps the archive private, encrypted, kept, and reached over TLS only', () => {
    const bucket = resource('ArchiveBucket') as {
      DeletionPolicy?: string;
      Properties: Record<string, unknown>;
    };
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(bucket.Properties['BucketEncryption'])).toContain('AES256');
    const [tls] = statementsOf(resource('ArchiveBucketPolicy').Properties['PolicyDocument'] as Document);
    expect(tls).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('gives the services’ roles only what delivery needs: no wildcard action, each on its own resource', () => {
    const rule = policyOf('RuleRole');
    expect(rule.flatMap(actionsOf).sort()).toEqual(['firehose:PutRecord', 'firehose:PutRecordBatch']);
    expect(rule[0]?.Resource).toEqual({ 'Fn::GetAtt': ['ArchiveDeliveryStream', 'Arn'] });
    const firehose = policyOf('FirehoseRole');
    for (const statement of [...rule, ...firehose]) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) expect(action).not.toContain('*');
    }
    expect(firehose.flatMap(actionsOf)).toContain('s3:PutObject');
    expect(JSON.stringify(firehose.map((s) => s.Resource))).toContain('ArchiveBucket');
    const trust = (role: string) =>
      statementsOf(resource(role).Properties['AssumeRolePolicyDocument'] as Document).map((s) => s.Principal);
    expect(trust('RuleRole')).toEqual([{ Service: 'events.amazonaws.com' }]);
    expect(trust('FirehoseRole')).toEqual([{ Service: 'firehose.amazonaws.com' }]);
  });
});
