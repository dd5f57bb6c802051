/**
 * The exposure response's world in the stand-ins: one account (the bot's own key, known to IAM and STS
 * through one CredentialRegistry) whose users each hold one key with a week of CloudTrail history, the
 * intake queue, and CloudTrail at its real quota (2 lookups a second per account and region).
 */
import { startCloudTrailServer, type CloudTrailServer } from '../sandbox/cloudtrail';
import { EXPOSURE_QUEUE_NAME } from '../sandbox/demo/exposure';
import { CredentialRegistry, IamState, startIamServer, type IamServer } from '../sandbox/iam';
import { startSqsServer, type SqsServer } from '../sandbox/sqs';
import { startStsServer, type StsServer } from '../sandbox/sts';

export const EXPOSURE_HOME_ACCOUNT = '123456789012';
/** bot-process.ts passes it as AWS_ACCESS_KEY_ID. */
const BOT_KEY = 'AKIDBENCH';
const HOUR_MS = 60 * 60 * 1000;

export interface ExposureWorld {
  iam: IamServer;
  sts: StsServer;
  sqs: SqsServer;
  cloudTrail: CloudTrailServer;
  queueUrl: string;
  /** The key of user `leak-NN`, in creation order. */
  keys: string[];
  /** The bot's environment for them (run-contract names only). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startExposureWorld(users: number, eventsPerKey: number): Promise<ExposureWorld> {
  const state = new IamState({ accountId: EXPOSURE_HOME_ACCOUNT });
  const keys: string[] = [];
  for (let n = 0; n < users; n++) {
    const userName = `leak-${String(n).padStart(3, '0')}`;
    state.addUser(userName);
    keys.push(state.addKey(userName, { createDate: new Date(Date.now() - 40 * 24 * HOUR_MS) }).accessKeyId);
  }
  const credentials = new CredentialRegistry({ base: { [BOT_KEY]: EXPOSURE_HOME_ACCOUNT } });
  const iam = await startIamServer({ state, credentials });
  const sts = await startStsServer({ credentials, accountOfKey: iam.accountOfKey });
  const sqs = await startSqsServer();
  const cloudTrail = await startCloudTrailServer({ accountOf: iam.accountOfKey });
  const now = Date.now();
  for (const accessKeyId of keys) {
    cloudTrail.addEvents(
      EXPOSURE_HOME_ACCOUNT,
      'us-east-1',
      Array.from({ length: eventsPerKey }, (_, n) => ({
        eventName: n % 3 === 0 ? 'GetCallerIdentity' : 'ListBuckets',
        eventTime: new Date(now - (n + 1) * HOUR_MS),
        accessKeyId,
        sourceIPAddress: n % 5 === 0 ? '203.0.113.66' : '198.51.100.7',
      })),
    );
  }
  const queueUrl = sqs.createQueue(EXPOSURE_QUEUE_NAME, { visibilityTimeoutSeconds: 60 });
  return {
    iam,
    sts,
    sqs,
    cloudTrail,
    queueUrl,
    keys,
    env: {
      KEYWARDEN_EXPOSURE_QUEUE_URL: queueUrl,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudTrail.url,
      AWS_ENDPOINT_URL_STS: sts.url,
    },
    async close() {
      await Promise.all([iam.close(), sts.close(), sqs.close(), cloudTrail.close()]);
    },
  };
}
