import { startCloudTrailServer, type CloudTrailServer } from '../../sandbox/cloudtrail';
import { startSqsServer, type SqsServer } from '../../sandbox/sqs';
import type { StoredMessage } from '../../sandbox/slack';
import { POLICY_YAML, startBot, type Bot, type BotOptions } from './bot';
import { eventually } from './approvals';
import { BOT, HOME, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';

export const INCIDENTS = 'C0INCIDENTS';
export const REGIONS = ['us-east-1', 'eu-west-1'];

export function exposurePolicy(
  block = `exposure:\n  channel: ${INCIDENTS}\n  regions: [${REGIONS.join(', ')}]\n`,
): string {
  return `${POLICY_YAML}\n${threeAccountsYaml()}\n${block}`;
}

/** The AWS side of the stories: home/prod/staging (IAM + STS), the exposure queue, CloudTrail. */
export interface ExposureWorld {
  aws: Accounts;
  sqs: SqsServer;
  queueUrl: string;
  cloudTrail: CloudTrailServer;
  close(): Promise<void>;
}

export async function startExposureWorld(): Promise<ExposureWorld> {
  const aws = await startAccounts();
  const sqs = await startSqsServer({ host: '127.0.0.1' });
  const queueUrl = sqs.createQueue('keywarden-exposure', { visibilityTimeoutSeconds: 30 });
  const cloudTrail = await startCloudTrailServer({
    host: '127.0.0.1',
    accountOf: (keyId) => aws.registry.accountOf(keyId),
  });
  return {
    aws,
    sqs,
    queueUrl,
    cloudTrail,
    close: async () => {
      await sqs.close();
      await cloudTrail.close();
      await aws.close();
    },
  };
}

/** A bot wired as production would be, with KEYWARDEN_EXPOSURE_QUEUE_URL on the stand-in queue. */
export function startExposureBot(world: ExposureWorld, options: BotOptions = {}): Promise<Bot> {
  return startBot({
    iam: world.aws.iam,
    awsCredentials: BOT,
    stsUrl: world.aws.sts.url,
    policyYaml: exposurePolicy(),
    exposureQueueUrl: world.queueUrl,
    exposure: {
      sqs: { endpoint: world.sqs.url, credentials: BOT, baseBackoffMs: 50, maxBackoffMs: 200 },
      cloudTrail: {
        endpoint: world.cloudTrail.url,
        pacing: { baseBackoffMs: 50, maxBackoffMs: 200, minRate: 2 },
      },
    },
    ...options,
  });
}

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

/** The incident cards the bot posted for a key in the incidents channel. */
export function cardsFor(bot: Bot, keyId: string): StoredMessage[] {
  return bot.slack
    .messages(INCIDENTS)
    .filter((message) => message.ephemeralTo === undefined && (message.text ?? '').includes(keyId));
}

/** Waits for the key's card to show what `check` wants (it is updated in place as the response goes on). */
export async function cardShows(
  bot: Bot,
  keyId: string,
  text: string,
  timeoutMs = 10_000,
): Promise<StoredMessage> {
  let found: StoredMessage | undefined;
  await eventually(() => {
    found = cardsFor(bot, keyId).find((message) => JSON.stringify(message.blocks ?? []).includes(text));
    return found !== undefined;
  }, timeoutMs);
  return found as StoredMessage;
}

export function cardText(message: StoredMessage): string {
  return JSON.stringify(message.blocks ?? []);
}
