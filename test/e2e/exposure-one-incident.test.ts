import { PEOPLE, commandReply, startSharedStore, type Bot } from '../support/bot';
import { eventually } from '../support/approvals';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import {
  cardShows,
  cardsFor,
  cardText,
  healthEvent,
  startExposureBot,
  startExposureStory,
  startExposureWorld,
  stopExposureStory,
  trustedAdvisorEvent,
  type ExposureWorld,
} from '../support/exposure';

/** One key, one incident: copies, redeliveries, second sources and replicas never make a second card or containment. */
describe('one key has one open incident', () => {
  let world: ExposureWorld;
  let bot: Bot;
  const updates = (keyId: string) =>
    world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId);
  const deletedCount = () => world.sqs.deletedIds(world.queueUrl).length;

  beforeAll(async () => ({ world, bot } = await startExposureStory()));
  afterAll(() => stopExposureStory({ world, bot }));
  afterEach(() => world.sqs.clearFaults());

  it('the copy from the second region, a redelivery and Trusted Advisor: one card, one UpdateAccessKey, "also reported by"', async () => {
    world.aws.home.addUser('carol');
    const keyId = world.aws.home.addKey('carol').accessKeyId;
    const before = deletedCount();
    // The first delivery's deletes fail (the SDK's three attempts): the message stays in flight.
    world.sqs.injectFault({ kind: 'server-error', action: 'DeleteMessage', times: 3 });
    const first = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId, { region: 'us-east-1' })));
    await cardShows(bot, keyId, '*Inactive* since');
    await eventually(() => world.sqs.calls().filter((call) => call.action === 'DeleteMessage').length >= 3);

    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId, { region: 'us-west-2' })));
    await world.sqs.waitForDeleted(world.queueUrl, before + 1, 10_000);
    // SQS redelivers the first message, as after a crashed consumer.
    world.sqs.expireVisibility(world.queueUrl);
    await eventually(() => world.sqs.deletedIds(world.queueUrl).includes(first), 10_000);
    const advisor = world.sqs.send(world.queueUrl, JSON.stringify(trustedAdvisorEvent(keyId, 'carol')));
    const card = await cardShows(bot, keyId, 'Also reported by Trusted Advisor');
    await eventually(() => world.sqs.deletedIds(world.queueUrl).includes(advisor));

    expect(cardsFor(bot, keyId)).toHaveLength(1);
    expect(updates(keyId)).toHaveLength(1);
    expect(cardText(card)).not.toContain('us-west-2)');
    expect(world.sqs.visible(world.queueUrl) + world.sqs.inFlight(world.queueUrl)).toBe(0);
  });

  it('a junk message before a good one: the junk is removed (logged by id only), the good one handled', async () => {
    world.aws.home.addUser('dave');
    const keyId = world.aws.home.addKey('dave').accessKeyId;
    const junkBody = '{"source":"aws.ec2","detail":{"secret":"JUNK-BODY-MARKER"}}';
    const junk = world.sqs.send(world.queueUrl, junkBody);
    const notJson = world.sqs.send(world.queueUrl, 'not json at all JUNK-BODY-MARKER');
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));

    await cardShows(bot, keyId, '*Inactive* since');
    await eventually(() => [junk, notJson].every((id) => world.sqs.deletedIds(world.queueUrl).includes(id)));
    const logs = bot.logs.join('\n');
    expect(logs).toContain(junk);
    expect(logs).not.toContain('JUNK-BODY-MARKER');
    const trail = await commandReply(bot, 'audit', PEOPLE.admin);
    expect(trail).toContain(`ignored message ${junk}`);
    expect(trail).not.toContain('JUNK-BODY-MARKER');
  });
});

describe('two replicas polling one queue', () => {
  let world: ExposureWorld;
  let store: EmbeddedDynamo;
  let a: Bot;
  let b: Bot;

  beforeAll(async () => {
    world = await startExposureWorld();
    store = await startSharedStore();
    a = await startExposureBot(world, { dynamoEndpoint: store.endpoint });
    b = await startExposureBot(world, { dynamoEndpoint: store.endpoint, slack: a.slack });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await store.close();
    await world.close();
  });

  it("both regions' copies, taken by both replicas: one card, one UpdateAccessKey", async () => {
    await world.sqs.waitForPollers(world.queueUrl, 2, 10_000);
    world.aws.home.addUser('erin');
    const keyId = world.aws.home.addKey('erin').accessKeyId;
    for (let copy = 0; copy < 3; copy++) {
      for (const region of ['us-east-1', 'us-west-2']) {
        world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId, { region })));
      }
    }
    await world.sqs.waitForDeleted(world.queueUrl, 6, 15_000);
    await cardShows(a, keyId, '*Inactive* since');
    expect(cardsFor(a, keyId)).toHaveLength(1);
    expect(
      world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId),
    ).toHaveLength(1);
  });
});
