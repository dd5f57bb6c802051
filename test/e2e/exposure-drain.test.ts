import {
  cardsFor,
  healthEvent,
  startExposureBot,
  startExposureWorld,
  type ExposureWorld,
} from '../support/exposure';

/** SIGTERM while an incident is half done: the poll stops at once, the response in flight finishes. */
describe('stopping the bot during a response', () => {
  let world: ExposureWorld;

  beforeAll(async () => {
    world = await startExposureWorld();
  });
  afterAll(() => world.close());

  it('the message taken is contained, carded and deleted before stop() resolves; nothing more is taken', async () => {
    const bot = await startExposureBot(world);
    await world.sqs.waitForPollers(world.queueUrl, 1, 10_000);
    world.aws.home.addUser('nina');
    const keyId = world.aws.home.addKey('nina').accessKeyId;
    // IAM holds the response's GetAccessKeyLastUsed until the stop has begun: the stop comes while the
    // response is under way, however fast or slow the machine.
    const lastUsed = world.aws.iam.hold('GetAccessKeyLastUsed');
    const id = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    await lastUsed.arrived(1);
    expect(world.sqs.inFlight(world.queueUrl)).toBe(1);

    const stopping = bot.stop();
    expect(bot.keywarden.readiness.state).toBe('draining');
    lastUsed.release();
    await stopping;

    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(cardsFor(bot, keyId)).toHaveLength(1);
    expect(world.sqs.deletedIds(world.queueUrl)).toContain(id);
    const receives = world.sqs.calls().filter((call) => call.action === 'ReceiveMessage').length;
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent('AKIAAFTERSTOP0000001')));
    expect(world.sqs.visible(world.queueUrl)).toBe(1);
    expect(world.sqs.calls().filter((call) => call.action === 'ReceiveMessage')).toHaveLength(receives);
  });
});
