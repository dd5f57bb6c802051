import { randomUUID } from 'node:crypto';

/** The Health codes AWS reports a leaked key under (infra/exposure-intake.cfn.yml's rule matches them). */
export type HealthRiskCode =
  | 'AWS_RISK_CREDENTIALS_EXPOSED'
  | 'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED'
  | 'AWS_RISK_CREDENTIALS_COMPROMISED'
  | 'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED'
  | 'AWS_RISK_IAM_QUARANTINE';

export interface LeakReport {
  accessKeyId: string;
  account: string;
  /** Health sends IAM events to us-east-1 and us-west-2; default us-east-1. */
  region?: string;
  at?: Date;
  code?: HealthRiskCode;
}

const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * An AWS Health risk event as EventBridge delivers it to an SQS target: the whole event as the body,
 * the key id in affectedEntities, as AWS documents it for exposed credentials.
 */
export function healthLeakEvent(report: LeakReport): Record<string, unknown> {
  const at = report.at ?? new Date();
  const region = report.region ?? 'us-east-1';
  const code = report.code ?? 'AWS_RISK_CREDENTIALS_EXPOSED';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: report.account,
    time: isoSeconds(at),
    region,
    resources: [],
    detail: {
      eventArn: `arn:aws:health:global::event/RISK/${code}/${code}_${randomUUID().slice(0, 8)}`,
      service: 'RISK',
      eventTypeCode: code,
      eventTypeCategory: 'issue',
      eventScopeCode: 'ACCOUNT_SPECIFIC',
      communicationId: randomUUID(),
      startTime: at.toUTCString(),
      lastUpdatedTime: at.toUTCString(),
      statusCode: 'open',
      eventRegion: 'global',
      eventDescription: [
        {
          language: 'en_US',
          latestDescription:
            'We have become aware that the AWS Access Key below, along with the corresponding Secret Key, is publicly available online.',
        },
      ],
      affectedAccount: report.account,
      affectedEntities: [{ entityValue: report.accessKeyId }],
    },
  };
}

/** The Trusted Advisor "Exposed Access Keys" check item, as its refresh notification carries it. */
export function trustedAdvisorLeakEvent(
  report: LeakReport & { userName?: string; location?: string },
): Record<string, unknown> {
  const at = report.at ?? new Date();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Trusted Advisor Check Item Refresh Notification',
    source: 'aws.trustedadvisor',
    account: report.account,
    time: isoSeconds(at),
    region: 'us-east-1',
    resources: [],
    detail: {
      'check-name': 'Exposed Access Keys',
      'check-item-detail': {
        'Access Key ID': report.accessKeyId,
        ...(report.userName ? { 'User Name (IAM or Root)': report.userName } : {}),
        'Fraud Type': 'Exposed',
        'Case ID': `case-${randomUUID().slice(0, 8)}`,
        'Time Updated': isoSeconds(at),
        ...(report.location ? { Location: report.location } : {}),
        Deadline: isoSeconds(new Date(at.getTime() + 24 * 60 * 60 * 1000)),
        Usage: '0',
      },
      status: 'ERROR',
      resource_id: '',
      uuid: randomUUID(),
    },
  };
}
