import { eventually } from '../support/approvals';
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
    // IAM answers slowly, so the stop comes while the response is under way.
    world.aws.iam.injectFault({ action: 'GetAccessKeyLastUsed', delayMs: 400 });
    const id = world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    await eventually(() => world.sqs.inFlight(world.queueUrl) === 1);

    await bot.stop();

    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(cardsFor(bot, keyId)).toHaveLength(1);
    expect(world.sqs.deletedIds(world.queueUrl)).toContain(id);
    const receives = world.sqs.calls().filter((call) => call.action === 'ReceiveMessage').length;
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent('AKIAAFTERSTOP0000001')));
    expect(world.sqs.visible(world.queueUrl)).toBe(1);
    expect(world.sqs.calls().filter((call) => call.action === 'ReceiveMessage')).toHaveLength(receives);
  });
});
