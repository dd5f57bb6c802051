import { startCloudTrailServer, type CloudTrailServer } from '../cloudtrail';
import type { IamState } from '../iam';
import { startSqsServer, type SqsServer } from '../sqs';
import { healthLeakEvent } from './leak-events';
import { seedTrail, strangerProbe } from './trail-seed';

/** The quarantine policy AWS attaches to a leaked key's user. */
export const QUARANTINE_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';
export const EXPOSURE_QUEUE_NAME = 'keywarden-exposure';

export interface DemoExposure {
  sqs: SqsServer;
  cloudTrail: CloudTrailServer;
  /** KEYWARDEN_EXPOSURE_QUEUE_URL. */
  queueUrl: string;
  /**
   * What AWS does when it finds a demo key in public: attaches the quarantine policy to its user, a
   * stranger's probing calls appear in CloudTrail, and an AWS Health event arrives on the queue.
   * Returns the message id, or undefined for a key no demo account holds.
   */
  simulateLeak(keyId: string): string | undefined;
  close(): Promise<void>;
}

export interface DemoExposureOptions {
  accounts: ReadonlyArray<{ id: string; state: IamState }>;
  /** The account of a signing key (the IAM stand-in's, which knows STS's sessions too). */
  accountOf(accessKeyId: string): string | undefined;
  /** Called after the leak changed an account (the quarantine policy), to save it. */
  onChange?: () => void;
  host?: string;
}

/** The SQS and CloudTrail stand-ins of the exposure story, the trail seeded from the demo's keys. */
export async function startDemoExposure(options: DemoExposureOptions): Promise<DemoExposure> {
  const sqs = await startSqsServer({ host: options.host ?? '127.0.0.1' });
  const cloudTrail = await startCloudTrailServer({
    host: options.host ?? '127.0.0.1',
    accountOf: options.accountOf,
  }).catch(async (error: unknown) => {
    await sqs.close();
    throw error;
  });
  const queueUrl = sqs.createQueue(EXPOSURE_QUEUE_NAME, { visibilityTimeoutSeconds: 60 });
  seedTrail(cloudTrail, options.accounts, new Date());

  return {
    sqs,
    cloudTrail,
    queueUrl,
    simulateLeak(keyId) {
      const holder = options.accounts.find(({ state }) => state.findKey(keyId));
      const key = holder?.state.findKey(keyId);
      if (!holder || !key) return undefined;
      const now = new Date();
      holder.state.attachUserPolicy(key.userName, QUARANTINE_POLICY_ARN);
      options.onChange?.();
      cloudTrail.addEvents(holder.id, 'us-east-1', strangerProbe(keyId, key.userName, now));
      return sqs.send(
        queueUrl,
        JSON.stringify(healthLeakEvent({ accessKeyId: keyId, account: holder.id, at: now })),
      );
    },
    async close() {
      await Promise.all([sqs.close(), cloudTrail.close()]);
    },
  };
}
