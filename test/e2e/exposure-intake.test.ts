import { PEOPLE, type Bot } from '../support/bot';
import { eventually } from '../support/approvals';
import {
  cardShows,
  cardsFor,
  cardText,
  healthEvent,
  inSns,
  startExposureStory,
  stopExposureStory,
  trustedAdvisorEvent,
  type ExposureWorld,
} from '../support/exposure';
import { HOME } from '../sandbox/sts/fixture';
import { scrape } from '../support/metrics-scrape';

/** AWS reports a leaked key on the queue: Keywarden contains it and runs the incident in Slack. */
describe('a leaked key reported on the exposure queue', () => {
  let world: ExposureWorld;
  let bot: Bot;
  const updates = (keyId: string) =>
    world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId);

  beforeAll(async () => ({ world, bot } = await startExposureStory()));
  afterAll(() => stopExposureStory({ world, bot }));

  it('a Health event: the key goes Inactive, the card shows the user, owner, permissions and activity, the owner is told', async () => {
    world.aws.home.addUser('alice');
    const keyId = world.aws.home.addKey('alice').accessKeyId;
    world.aws.home.attachUserPolicy('alice', 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3');
    world.aws.home.putUserPolicy('alice', 'deploy-inline');
    world.aws.home.addUserToGroup('alice', 'developers');
    world.cloudTrail.addEvents(HOME, 'us-east-1', [
      {
        eventName: 'ListBuckets',
        eventTime: new Date(Date.now() - 3_600_000),
        accessKeyId: keyId,
        sourceIPAddress: '203.0.113.7',
        userAgent: 'aws-cli/2.15',
      },
      {
        eventName: 'GetCallerIdentity',
        eventTime: new Date(Date.now() - 1_800_000),
        accessKeyId: keyId,
        sourceIPAddress: '203.0.113.7',
        userAgent: 'aws-cli/2.15',
      },
    ]);

    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));

    await world.sqs.waitForDeleted(world.queueUrl, 1, 10_000);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    const card = await cardShows(bot, keyId, 'ListBuckets (1)');
    const text = cardText(card);
    expect(text).toContain('alice');
    expect(text).toContain(`<@${PEOPLE.alice}>`);
    expect(text).toContain('AWS_RISK_CREDENTIALS_EXPOSED');
    expect(text).toContain('*Inactive* since');
    expect(text).toContain('AWSCompromisedKeyQuarantineV3');
    expect(text).toContain('deploy-inline');
    expect(text).toContain('developers');
    expect(text).toContain('203.0.113.7');
    expect(text).toContain('aws-cli/2.15');
    expect(text).toContain('2 events');
    expect(cardsFor(bot, keyId)).toHaveLength(1);
    expect(updates(keyId)).toHaveLength(1);
    const dmOf = () =>
      bot.slack.messages(bot.slack.dmChannelOf(PEOPLE.alice)).filter((m) => (m.text ?? '').includes(keyId));
    await eventually(() => dmOf().length > 0);
    expect(JSON.stringify(dmOf()[0]?.blocks)).toContain('/keys create');
    // CloudTrail was asked in both regions of the policy, by AccessKeyId, in the key's account.
    const lookups = world.cloudTrail.calls().filter((call) => call.accessKeyId === keyId);
    expect(new Set(lookups.map((call) => call.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(lookups.every((call) => call.account === HOME)).toBe(true);
  });

  it('the same event wrapped in SNS is understood', async () => {
    world.aws.home.addUser('sns-user');
    const keyId = world.aws.home.addKey('sns-user').accessKeyId;
    const deleted = world.sqs.deletedIds(world.queueUrl).length;

    world.sqs.send(
      world.queueUrl,
      JSON.stringify(inSns(healthEvent(keyId, { code: 'AWS_RISK_IAM_QUARANTINE' }))),
    );

    await world.sqs.waitForDeleted(world.queueUrl, deleted + 1, 10_000);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(cardText(await cardShows(bot, keyId, 'AWS_RISK_IAM_QUARANTINE'))).toContain('sns-user');
  });

  it('Trusted Advisor: the leak URL is on the card', async () => {
    world.aws.home.addUser('ta-user');
    const keyId = world.aws.home.addKey('ta-user').accessKeyId;

    world.sqs.send(world.queueUrl, JSON.stringify(trustedAdvisorEvent(keyId, 'ta-user')));

    const card = await cardShows(bot, keyId, 'https://github.com/example/leak/blob/main/config.py');
    expect(cardText(card)).toContain('Exposed Access Keys');
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
  });

  it('keywarden_exposures_total counts the reports by source, and names no key', async () => {
    const samples = await scrape(`http://127.0.0.1:${bot.port}/metrics`);
    const exposures = samples.filter((sample) => sample.name === 'keywarden_exposures_total');
    expect(exposures.find((sample) => sample.labels.source === 'health')?.value).toBe(2);
    expect(exposures.find((sample) => sample.labels.source === 'trusted-advisor')?.value).toBe(1);
    expect(JSON.stringify(exposures)).not.toMatch(/AKIA/);
  });
});
