import { startSharedStore, type Bot, type BotOptions } from '../support/bot';
import { eventually } from '../support/approvals';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import {
  cardShows,
  cardsFor,
  healthEvent,
  startExposureBot,
  startExposureWorld,
  type ExposureWorld,
} from '../support/exposure';
import { BOT } from '../sandbox/sts/fixture';
import { tcpOutage } from '../support/tcp-outage';

/**
 * Two replicas on one queue, one of them slow (Slack or IAM held by the stand-in until the test lets
 * it go): the slow one keeps its message invisible and its claim renewed, so the other never runs
 * the response a second time. The visibility timeout is 3 s and the lease 1.8 s, so "well past both"
 * takes seconds; the test waits for the renewals themselves, never for a fixed time.
 */
const VISIBILITY_SECONDS = 3;
const LEASE_MS = 1_800;

function replica(world: ExposureWorld, options: BotOptions): Promise<Bot> {
  return startExposureBot(world, {
    exposure: {
      sqs: {
        endpoint: world.sqs.url,
        credentials: BOT,
        baseBackoffMs: 50,
        maxBackoffMs: 200,
        waitTimeSeconds: 1,
        visibilityTimeoutSeconds: VISIBILITY_SECONDS,
      },
      cloudTrail: {
        endpoint: world.cloudTrail.url,
        pacing: { baseBackoffMs: 50, maxBackoffMs: 200, minRate: 2 },
      },
      responderLeaseMs: LEASE_MS,
    },
    ...options,
  });
}

const renewals = (world: ExposureWorld) =>
  world.sqs.calls().filter((call) => call.action === 'ChangeMessageVisibility' && call.status === 200).length;

const updates = (world: ExposureWorld, keyId: string) =>
  world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId);

const timesDeleted = (world: ExposureWorld, messageId: string) =>
  world.sqs.deletedIds(world.queueUrl).filter((id) => id === messageId).length;

describe('a response slower than the visibility timeout, with two replicas polling', () => {
  let world: ExposureWorld;
  let store: EmbeddedDynamo;
  let a: Bot;
  let b: Bot;

  beforeAll(async () => {
    world = await startExposureWorld();
    store = await startSharedStore();
    a = await replica(world, { dynamoEndpoint: store.endpoint });
    b = await replica(world, { dynamoEndpoint: store.endpoint, slack: a.slack });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await store.close();
    await world.close();
  });

  /** Until seven renewals a second apart have passed since `from`: over two visibility timeouts, near four leases. */
  const wellPastBoth = (from: number) => eventually(() => renewals(world) >= from + 7, 20_000);

  it("the card's post held: the message kept, the claim renewed, the copy joined; one card, one UpdateAccessKey", async () => {
    await world.sqs.waitForPollers(world.queueUrl, 2, 10_000);
    world.aws.home.addUser('olga');
    const keyId = world.aws.home.addKey('olga').accessKeyId;
    const hold = a.slack.hold('chat.postMessage');
    const before = renewals(world);
    const message = world.sqs.send(
      world.queueUrl,
      JSON.stringify(healthEvent(keyId, { region: 'us-east-1' })),
    );
    await hold.arrived(1);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');

    // The second region's copy, taken meanwhile by either replica, joins the incident and leaves.
    const copy = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId, { region: 'us-west-2' })));
    await eventually(() => timesDeleted(world, copy) === 1, 10_000);
    await wellPastBoth(before);
    await expect(hold.arrived(2, 1)).rejects.toThrow('1 of 2');
    expect(world.sqs.inFlight(world.queueUrl)).toBe(1);

    hold.release();
    await cardShows(a, keyId, '*Inactive* since');
    await eventually(() => timesDeleted(world, message) === 1, 10_000);
    expect(cardsFor(a, keyId)).toHaveLength(1);
    expect(updates(world, keyId)).toHaveLength(1);
    expect(world.sqs.visible(world.queueUrl) + world.sqs.inFlight(world.queueUrl)).toBe(0);
  });

  it('the deactivation held at IAM: the other replica never calls UpdateAccessKey; one card, the message deleted once', async () => {
    await world.sqs.waitForPollers(world.queueUrl, 2, 10_000);
    world.aws.home.addUser('pavel');
    const keyId = world.aws.home.addKey('pavel').accessKeyId;
    const hold = world.aws.iam.hold('UpdateAccessKey');
    const before = renewals(world);
    const message = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    await hold.arrived(1);

    await wellPastBoth(before);
    expect(hold.waiting()).toBe(1);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');

    hold.release();
    await cardShows(a, keyId, '*Inactive* since');
    await eventually(() => timesDeleted(world, message) === 1, 10_000);
    expect(cardsFor(a, keyId)).toHaveLength(1);
    expect(updates(world, keyId)).toHaveLength(1);
    expect(world.sqs.visible(world.queueUrl) + world.sqs.inFlight(world.queueUrl)).toBe(0);
  });
});

describe('a replica that dies mid-response', () => {
  let world: ExposureWorld;
  let store: EmbeddedDynamo;

  beforeAll(async () => {
    world = await startExposureWorld();
    store = await startSharedStore();
  });
  afterAll(async () => {
    await store.close();
    await world.close();
  });

  it('its message comes back once its renewals stop, and the other replica finishes the response: one card', async () => {
    // The dying replica reaches the table through a link the test cuts: after it, it can write nothing.
    const link = await tcpOutage(store.endpoint);
    const dying = await replica(world, { dynamoEndpoint: link.url });
    const received = () =>
      world.sqs.calls().filter((call) => call.action === 'ReceiveMessage' && call.messages === 1).length;
    world.aws.home.addUser('quinn');
    const keyId = world.aws.home.addKey('quinn').accessKeyId;
    const hold = world.aws.iam.hold('GetAccessKeyLastUsed');
    const message = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    await hold.arrived(1);

    // Cut off and stopped with no time to drain: its work is abandoned, its renewals end.
    await link.down();
    await dying.keywarden.stop(0);
    const other = await replica(world, { dynamoEndpoint: store.endpoint, slack: dying.slack });
    try {
      await eventually(() => received() === 2, 15_000);
      hold.release();
      await cardShows(other, keyId, '*Inactive* since', 15_000);
      await eventually(() => timesDeleted(world, message) === 1, 10_000);
      expect(cardsFor(other, keyId)).toHaveLength(1);
      expect(updates(world, keyId)).toHaveLength(1);
    } finally {
      hold.release();
      await other.stop();
      await dying.slack.close();
      await link.close();
    }
  });
});
