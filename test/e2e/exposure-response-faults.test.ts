import { PEOPLE, commandReply, type Bot } from '../support/bot';
import { secretSightings } from '../support/secrets';
import {
  cardShows,
  cardsFor,
  cardText,
  healthEvent,
  INCIDENTS,
  openModalFromCard,
  startExposureStory,
  stopExposureStory,
  type ExposureWorld,
} from '../support/exposure';
import {
  INCIDENT_REACTIVATE_ACTION,
  INCIDENT_REFRESH_ACTION,
  REACTIVATE_BLOCK,
  REACTIVATE_INPUT,
} from '../../src/features/exposure/slack/action-ids';
import { NOT_MANAGED_TEXT, STILL_ACTIVE_TEXT } from '../../src/features/exposure/slack/texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { BOT, HOME, PROD } from '../sandbox/sts/fixture';

/** What AWS and IAM do wrong, and what the card then says. */
describe('the exposure response when things fail', () => {
  let world: ExposureWorld;
  let bot: Bot;
  const report = (keyId: string, options: { account?: string } = {}) =>
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId, options)));

  beforeAll(async () => ({ world, bot } = await startExposureStory()));
  afterAll(() => stopExposureStory({ world, bot }));
  afterEach(() => {
    world.aws.iam.clearFaults();
    world.cloudTrail.clearFaults();
    world.cloudTrail.setOutage(undefined);
  });

  it('a key in an account Keywarden does not manage: "not managed: nothing was changed", no IAM change', async () => {
    const keyId = 'AKIAUNMANAGED0000001';
    const before = world.aws.iam.calls().length;
    report(keyId, { account: '999999999999' });

    const card = await cardShows(bot, keyId, NOT_MANAGED_TEXT('999999999999'));
    expect(cardText(card)).not.toContain('Re-activate');
    expect(
      world.aws.iam
        .calls()
        .slice(before)
        .filter((call) => call.action === 'UpdateAccessKey'),
    ).toHaveLength(0);
    expect(await commandReply(bot, `audit ${keyId}`, PEOPLE.admin)).toContain('not managed');
  });

  it('a key that does not exist: the card says so, nothing is changed', async () => {
    const keyId = 'AKIANOSUCHKEY0000001';
    report(keyId);
    await cardShows(bot, keyId, 'No managed account holds this key');
    expect(
      world.aws.iam.calls('UpdateAccessKey').filter((call) => call.params.AccessKeyId === keyId),
    ).toHaveLength(0);
  });

  it('a key in a role account is contained there, as keywarden', async () => {
    world.aws.prod.addUser('frank');
    const keyId = world.aws.prod.addKey('frank').accessKeyId;
    report(keyId, { account: PROD });
    await cardShows(bot, keyId, '*Inactive* since');
    expect(world.aws.prod.findKey(keyId)?.status).toBe('Inactive');
    const assumed = world.aws.sts.calls('AssumeRole').map((call) => call.params.RoleSessionName);
    expect(assumed).toContain('keywarden');
  });

  it('IAM fails the deactivation: the card says the key is still Active and an admin is needed', async () => {
    world.aws.home.addUser('gina');
    const keyId = world.aws.home.addKey('gina').accessKeyId;
    world.aws.iam.injectFault({ action: 'UpdateAccessKey', code: 'ServiceFailure', times: 10 });
    report(keyId);
    const card = await cardShows(bot, keyId, 'Deactivation failed');
    expect(cardText(card)).toContain(STILL_ACTIVE_TEXT);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');
  });

  it('CloudTrail throttled in one region and down in the other: named on the card, the key contained first', async () => {
    world.aws.home.addUser('hank');
    const keyId = world.aws.home.addKey('hank').accessKeyId;
    world.cloudTrail.injectFault({ kind: 'throttling', region: 'us-east-1', times: 1_000 });
    world.cloudTrail.setOutage('server-error', 'eu-west-1');
    // What the key's status was when CloudTrail was first asked about it.
    const statusAtLookup: string[] = [];
    const stop = world.cloudTrail.onCall((call) => {
      if (call.accessKeyId === keyId) statusAtLookup.push(world.aws.home.findKey(keyId)?.status ?? 'gone');
    });
    report(keyId);
    const card = await cardShows(bot, keyId, 'CloudTrail in us-east-1: throttled');
    expect(cardText(card)).toContain('CloudTrail in eu-west-1: could not be reached');
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    stop();
    // Containment did not wait for CloudTrail: the key was Inactive before the first lookup.
    expect(statusAtLookup.length).toBeGreaterThan(1);
    expect(statusAtLookup[0]).toBe('Inactive');
  });

  it('the owner cannot re-activate (button or command); an admin can, with a reason the card shows', async () => {
    world.aws.home.addUser('alice');
    const keyId = world.aws.home.addKey('alice').accessKeyId;
    report(keyId);
    const card = await cardShows(bot, keyId, '*Inactive* since');

    const refused = await bot.driver.click(INCIDENT_REACTIVATE_ACTION, keyId, {
      userId: PEOPLE.alice,
      channelId: INCIDENTS,
      messageTs: card.ts,
    });
    const answer = JSON.stringify(await bot.driver.waitForResponse(refused.responseUrl, 10_000));
    expect(answer).toContain(JSON.stringify(NOT_ALLOWED).slice(1, -1));
    expect(await commandReply(bot, `activate ${keyId}`, PEOPLE.alice)).toContain('only an admin');
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(await commandReply(bot, `audit ${keyId}`, PEOPLE.admin)).toContain(
      'refused, reactivate: not theirs',
    );

    const modal = await openModalFromCard(bot, INCIDENT_REACTIVATE_ACTION, card, keyId, PEOPLE.admin);
    await bot.driver.submitView(
      modal.id,
      { [REACTIVATE_BLOCK]: { [REACTIVATE_INPUT]: 'false positive: a revoked test key' } },
      { userId: PEOPLE.admin },
    );
    const updated = await cardShows(bot, keyId, 'false positive: a revoked test key');
    expect(cardText(updated)).toContain(`<@${PEOPLE.admin}>`);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');
  });

  it('Refresh activity reads CloudTrail again, as the admin who clicked; others are refused', async () => {
    world.aws.home.addUser('ivan');
    const keyId = world.aws.home.addKey('ivan').accessKeyId;
    report(keyId);
    const card = await cardShows(bot, keyId, '0 events');
    world.cloudTrail.addEvents(HOME, 'eu-west-1', [
      {
        eventName: 'CreateUser',
        eventTime: new Date(Date.now() - 60_000),
        accessKeyId: keyId,
        sourceIPAddress: '198.51.100.9',
      },
    ]);
    const refused = await bot.driver.click(INCIDENT_REFRESH_ACTION, keyId, {
      userId: PEOPLE.bob,
      channelId: INCIDENTS,
      messageTs: card.ts,
    });
    expect(JSON.stringify(await bot.driver.waitForResponse(refused.responseUrl, 10_000))).toContain(
      "don't have the right",
    );
    await bot.driver.click(INCIDENT_REFRESH_ACTION, keyId, {
      userId: PEOPLE.admin,
      channelId: INCIDENTS,
      messageTs: card.ts,
    });
    expect(cardText(await cardShows(bot, keyId, 'CreateUser (1)'))).toContain('198.51.100.9');
    expect(cardsFor(bot, keyId)).toHaveLength(1);
  });

  it('no log line, Slack call or stored item holds a secret AWS issued', async () => {
    const secrets = [
      ...[world.aws.home, world.aws.prod].flatMap((state) => state.issuedSecrets()),
      BOT.secretAccessKey,
    ];
    expect(secrets.length).toBeGreaterThan(0);
    for (const sighting of await secretSightings(bot, secrets)) {
      expect(sighting).toEqual({
        secret: sighting.secret,
        calls: [],
        inResponses: false,
        inLogs: false,
        inStore: false,
      });
    }
  });
});
