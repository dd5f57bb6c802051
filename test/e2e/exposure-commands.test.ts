import { PEOPLE, POLICY_YAML, commandReply, startBot, type Bot } from '../support/bot';
import { approvalMessageFor, eventually } from '../support/approvals';
import {
  cardShows,
  cardsFor,
  healthEvent,
  INCIDENTS,
  exposurePolicy,
  openModalFromCard,
  startExposureBot,
  startExposureStory,
  startExposureWorld,
  stopExposureStory,
  type ExposureWorld,
} from '../support/exposure';
import { INCIDENT_DELETE_ACTION } from '../../src/features/exposure/slack/action-ids';
import { EXPOSURE_NOT_CONFIGURED } from '../../src/features/exposure/slack/texts';
import { REASON_ACTION, REASON_BLOCK } from '../../src/features/approvals/slack/deletion-reason-modal';
import { HOME } from '../sandbox/sts/fixture';

/** `/keys exposed` and `/keys activity`: the response by hand, and a key's CloudTrail without an incident. */
describe('the exposure commands', () => {
  let world: ExposureWorld;
  let bot: Bot;

  beforeAll(async () => ({ world, bot } = await startExposureStory()));
  afterAll(() => stopExposureStory({ world, bot }));

  it('/keys exposed by an admin: contained, carded; the AWS report after it joins the same incident', async () => {
    world.aws.home.addUser('jack');
    const keyId = world.aws.home.addKey('jack').accessKeyId;

    const answer = await commandReply(bot, `exposed ${keyId} pasted in #general`, PEOPLE.admin);
    expect(answer).toContain('Incident opened');
    const card = await cardShows(bot, keyId, 'pasted in #general');
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');

    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    await cardShows(bot, keyId, 'Also reported by AWS Health');
    expect(await commandReply(bot, `exposed ${keyId}`, PEOPLE.admin)).toContain(
      'already has an open incident',
    );
    expect(cardsFor(bot, keyId)).toHaveLength(1);
    expect(
      world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId),
    ).toHaveLength(1);

    // Request deletion on the card: the normal two-person request, the incident's reason on it.
    await bot.driver.click(INCIDENT_DELETE_ACTION, keyId, {
      userId: PEOPLE.admin,
      channelId: INCIDENTS,
      messageTs: card.ts,
    });
    await eventually(() =>
      bot.slack.messages('C0APPROVALS').some((m) => JSON.stringify(m.blocks).includes(keyId)),
    );
    expect(JSON.stringify(approvalMessageFor(bot, keyId).message.blocks)).toContain('Leaked key');
  });

  it('/keys exposed and /keys activity by a non-admin: refused, audited, nothing changed', async () => {
    world.aws.home.addUser('alice');
    const keyId = world.aws.home.addKey('alice').accessKeyId;
    const lookups = world.cloudTrail.calls().length;
    expect(await commandReply(bot, `exposed ${keyId}`, PEOPLE.alice)).toContain("don't have the right");
    expect(await commandReply(bot, `activity ${keyId}`, PEOPLE.alice)).toContain("don't have the right");
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');
    expect(world.cloudTrail.calls()).toHaveLength(lookups);
    expect(cardsFor(bot, keyId)).toHaveLength(0);
    const trail = await commandReply(bot, `audit ${keyId}`, PEOPLE.admin);
    expect(trail).toContain('exposure');
    expect(trail).toContain('activity');
  });

  it('/keys activity KEY_ID 30: the CloudTrail summary, ephemeral, no incident', async () => {
    world.aws.home.addUser('kate');
    const keyId = world.aws.home.addKey('kate').accessKeyId;
    world.cloudTrail.addEvents(HOME, 'us-east-1', [
      {
        eventName: 'PutObject',
        eventTime: new Date(Date.now() - 20 * 86_400_000),
        accessKeyId: keyId,
        sourceIPAddress: '192.0.2.4',
      },
      {
        eventName: 'PutObject',
        eventTime: new Date(Date.now() - 86_400_000),
        accessKeyId: keyId,
        sourceIPAddress: '192.0.2.4',
      },
    ]);
    const week = await commandReply(bot, `activity ${keyId}`, PEOPLE.admin);
    expect(week).toContain('1 event');
    const month = await commandReply(bot, `activity ${keyId} 30`, PEOPLE.admin);
    expect(month).toContain('PutObject (2)');
    expect(month).toContain('192.0.2.4');
    expect(cardsFor(bot, keyId)).toHaveLength(0);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');
    expect(await commandReply(bot, `activity ${keyId} 91`, PEOPLE.admin)).toContain('takes 1 to 90');
  });
});

describe('Request deletion on the card where the policy wants a ticket id', () => {
  let world: ExposureWorld;
  let bot: Bot;
  beforeAll(async () => {
    world = await startExposureWorld();
    bot = await startExposureBot(world, {
      policyYaml: exposurePolicy().replace(
        'approvals:\n  channel: C0APPROVALS',
        "approvals:\n  reason: { required: true, pattern: '^INC-[0-9]+' }\n  channel: C0APPROVALS",
      ),
    });
  });
  afterAll(() => stopExposureStory({ world, bot }));

  it("opens the approvals' modal with the incident's words to complete; the request carries the person's reason", async () => {
    world.aws.home.addUser('mona');
    const keyId = world.aws.home.addKey('mona').accessKeyId;
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    const card = await cardShows(bot, keyId, '*Inactive* since');
    const modal = await openModalFromCard(bot, INCIDENT_DELETE_ACTION, card, keyId, PEOPLE.admin);
    expect(JSON.stringify(modal.blocks)).toContain('Leaked key: AWS Health AWS_RISK_CREDENTIALS_EXPOSED');
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'INC-42 leaked key: AWS Health' } },
      { userId: PEOPLE.admin },
    );
    await eventually(() =>
      bot.slack.messages('C0APPROVALS').some((m) => JSON.stringify(m.blocks).includes(keyId)),
    );
    expect(JSON.stringify(approvalMessageFor(bot, keyId).message.blocks)).toContain('INC-42');
  });
});

describe('without an exposure block in the policy', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ policyYaml: POLICY_YAML });
  });
  afterAll(() => bot.stop());

  it('/keys exposed says there is nowhere to run an incident', async () => {
    bot.iam.state.addUser('lena');
    const keyId = bot.iam.state.addKey('lena').accessKeyId;
    expect(await commandReply(bot, `exposed ${keyId}`, PEOPLE.admin)).toContain(
      JSON.stringify(EXPOSURE_NOT_CONFIGURED).slice(1, -1),
    );
    expect(bot.iam.state.findKey(keyId)?.status).toBe('Active');
  });
});
