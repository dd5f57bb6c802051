/** The bodies AWS puts on the exposure queue, for the unit and end-to-end stories alike (no sockets here). */
const HOME = '123456789012';

/** An AWS Health risk event, as EventBridge delivers it to SQS. */
export function healthEvent(
  keyId: string,
  options: { account?: string; region?: string; code?: string } = {},
): Record<string, unknown> {
  const account = options.account ?? HOME;
  return {
    version: '0',
    id: `health-${keyId}-${options.region ?? 'us-east-1'}`,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account,
    time: '2026-12-07T03:00:00Z',
    region: options.region ?? 'us-east-1',
    resources: [],
    detail: {
      eventArn: `arn:aws:health:global::event/RISK/${options.code ?? 'AWS_RISK_CREDENTIALS_EXPOSED'}/x`,
      service: 'RISK',
      eventTypeCode: options.code ?? 'AWS_RISK_CREDENTIALS_EXPOSED',
      eventTypeCategory: 'issue',
      startTime: 'Mon, 7 Dec 2026 03:00:00 GMT',
      eventDescription: [{ language: 'en_US', latestDescription: 'Your access key was found in public.' }],
      affectedEntities: [{ entityValue: keyId }],
      affectedAccount: account,
    },
  };
}

/** The same event wrapped in an SNS notification, as many teams route it. */
export function inSns(event: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: 'sns-1',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:health',
    Message: JSON.stringify(event),
  };
}

/** Trusted Advisor's "Exposed Access Keys" check item. */
export function trustedAdvisorEvent(keyId: string, user: string, account = HOME): Record<string, unknown> {
  return {
    version: '0',
    id: `ta-${keyId}`,
    'detail-type': 'Trusted Advisor Check Item Refresh Notification',
    source: 'aws.trustedadvisor',
    account,
    time: '2026-12-07T03:05:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      'check-name': 'Exposed Access Keys',
      'check-item-detail': {
        'Case ID': '02648f3b-e0f6-4e0b-a4c9-f8f5b3b9f0c1',
        'Fraud Type': 'Exposed',
        'Access Key ID': keyId,
        'User Name (IAM or Root)': user,
        Location: 'https://github.com/example/leak/blob/main/config.py',
        Deadline: '1440',
        'Time Updated': '2026-12-07T03:05:00Z',
      },
      status: 'ERROR',
      resource_id: '',
      uuid: 'aa12345f-55c7-498e-b7ac-123456781234',
    },
  };
}
