import { actionsOf, loadTemplate, type Statement, statementsOf } from './cloudformation';

type Document = { Statement: unknown[] };

const HEALTH_CODES = [
  'AWS_RISK_CREDENTIALS_EXPOSED',
  'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
  'AWS_RISK_CREDENTIALS_COMPROMISED',
  'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
  'AWS_RISK_IAM_QUARANTINE',
];
const QUEUE_REGION_BUS = {
  'Fn::Sub': 'arn:${AWS::Partition}:events:${QueueRegion}:${AWS::AccountId}:event-bus/default',
};

describe('infra/exposure-intake.cfn.yml: key-leak events from AWS Health and Trusted Advisor to the queue', () => {
  const template = loadTemplate('exposure-intake.cfn.yml');
  const resource = (name: string) => {
    const found = template.Resources[name] as
      { Type: string; Condition?: string; Properties: Record<string, unknown> } | undefined;
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const queuePolicy = statementsOf(resource('QueuePolicy').Properties['PolicyDocument'] as Document);

  it('holds the queue and its dead-letter queue in the queue region only, encrypted, redriving after N receives', () => {
    expect(template['Conditions']).toEqual({
      IsQueueRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'QueueRegion' }] },
      IsForwardingRegion: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'QueueRegion' }] }] },
    });
    for (const name of ['Queue', 'DeadLetterQueue', 'QueuePolicy', 'DeadLetterQueuePolicy']) {
      expect(resource(name).Condition).toBe('IsQueueRegion');
    }
    const queue = resource('Queue').Properties;
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: { Ref: 'VisibilityTimeoutSeconds' },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
        maxReceiveCount: { Ref: 'MaxReceiveCount' },
      },
    });
    expect(resource('DeadLetterQueue').Properties['SqsManagedSseEnabled']).toBe(true);
    expect(template['Outputs']).toMatchObject({ QueueUrl: { Value: { Ref: 'Queue' } } });
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
  });

  it('matches the five Health risk codes and the Exposed Access Keys check in ERROR, nothing else', () => {
    expect(resource('HealthRule').Properties['EventPattern']).toEqual({
      source: ['aws.health'],
      'detail-type': ['AWS Health Event'],
      detail: { service: ['RISK'], eventTypeCode: HEALTH_CODES },
    });
    expect(resource('TrustedAdvisorRule').Properties['EventPattern']).toEqual({
      source: ['aws.trustedadvisor'],
      'detail-type': ['Trusted Advisor Check Item Refresh Notification'],
      detail: { 'check-name': ['Exposed Access Keys'], status: ['ERROR'] },
    });
  });

  it('targets the queue in the queue region, and forwards to that region’s bus from the other', () => {
    for (const rule of ['HealthRule', 'TrustedAdvisorRule']) {
      const properties = resource(rule).Properties;
      expect(resource(rule).Condition).toBeUndefined();
      expect(properties['State']).toBe('ENABLED');
      expect(properties['Targets']).toEqual([
        {
          'Fn::If': [
            'IsQueueRegion',
            { Id: 'exposure-queue', Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
            {
              Id: 'queue-region-bus',
              Arn: QUEUE_REGION_BUS,
              RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
            },
          ],
        },
      ]);
    }
    const forward = resource('ForwardRole');
    expect(forward.Condition).toBe('IsForwardingRegion');
    const policies = forward.Properties['Policies'] as Array<{ PolicyDocument: Document }>;
    expect(policies.flatMap((p) => statementsOf(p.PolicyDocument))).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: QUEUE_REGION_BUS },
    ]);
  });

  it('lets only the two rules send, through EventBridge', () => {
    const sends = queuePolicy.filter((s) => s.Effect === 'Allow');
    expect(sends).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              { 'Fn::GetAtt': ['HealthRule', 'Arn'] },
              { 'Fn::GetAtt': ['TrustedAdvisorRule', 'Arn'] },
            ],
          },
        },
      }),
    ]);
  });

  it('lets nobody but the bot’s role take messages off the queue, and nothing without TLS', () => {
    const consume = queuePolicy.find((s) => s.Sid === 'OnlyKeywardenConsumes') as Statement;
    expect(consume.Effect).toBe('Deny');
    expect(consume.Principal).toBe('*');
    expect(actionsOf(consume).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:ReceiveMessage',
    ]);
    expect(consume.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': { Ref: 'KeywardenRoleArn' } } });
    const pattern = new RegExp(String(template.Parameters?.['KeywardenRoleArn']?.['AllowedPattern']));
    expect(pattern.test('arn:aws:iam::123456789012:role/keywarden')).toBe(true);
    expect(pattern.test('*')).toBe(false);
    for (const name of ['QueuePolicy', 'DeadLetterQueuePolicy']) {
      const statements = statementsOf(resource(name).Properties['PolicyDocument'] as Document);
      expect(statements.find((s) => s.Sid === 'TlsOnly')).toMatchObject({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });
});
