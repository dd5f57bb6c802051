import { startCloudTrailServer, type CloudTrailServer } from '../../sandbox/cloudtrail';
import { startSqsServer, type SqsServer } from '../../sandbox/sqs';
import type { StoredMessage } from '../../sandbox/slack';
import { POLICY_YAML, startBot, type Bot, type BotOptions } from './bot';
import { eventually } from './approvals';
export { healthEvent, inSns, trustedAdvisorEvent } from './exposure-events';
import { BOT, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';

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

/** A story's AWS side and its bot, started together and stopped in order. */
export async function startExposureStory(
  options: BotOptions = {},
): Promise<{ world: ExposureWorld; bot: Bot }> {
  const world = await startExposureWorld();
  return { world, bot: await startExposureBot(world, options) };
}

export async function stopExposureStory(story: { world: ExposureWorld; bot: Bot }): Promise<void> {
  await story.bot.stop();
  await story.world.close();
}

/** A card button that opens a modal, clicked as `as`: the modal they then see. */
export async function openModalFromCard(
  bot: Bot,
  actionId: string,
  card: StoredMessage,
  keyId: string,
  as: string,
): Promise<{ id: string; blocks: unknown[] }> {
  const opened = bot.slack.calls('views.open').length;
  await bot.driver.click(actionId, keyId, { userId: as, channelId: INCIDENTS, messageTs: card.ts });
  await eventually(() => bot.slack.calls('views.open').length > opened);
  return bot.slack.openViews(as).at(-1) as { id: string; blocks: unknown[] };
}
