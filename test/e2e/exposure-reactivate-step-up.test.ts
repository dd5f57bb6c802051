import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredMessage } from '../../sandbox/slack';
import type { IdpServer } from '../../sandbox/idp';
import { eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, type Bot } from '../support/bot';
import {
  cardShows,
  cardText,
  exposurePolicy,
  healthEvent,
  INCIDENTS,
  openModalFromCard,
  startExposureBot,
  startExposureWorld,
  type ExposureWorld,
} from '../support/exposure';
import {
  finishAt,
  outcomeOf,
  signIn,
  startStepUpIdp,
  STEP_UP_CLIENT,
  stepUpLinkIn,
  stepUpPolicy,
} from '../support/step-up';
import {
  INCIDENT_REACTIVATE_ACTION,
  REACTIVATE_BLOCK,
  REACTIVATE_INPUT,
} from '../../src/features/exposure/slack/action-ids';
import { STEP_UP_REACTIVATED_PAGE, stepUpFailureText } from '../../src/features/stepup/slack/texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';

/** approvals.stepUp.for: [delete, reactivate-exposed]: an incident's key goes on only after the admin's MFA sign-in. */
describe('Re-activate… on an exposure card with step-up (reactivate-exposed)', () => {
  let world: ExposureWorld;
  let idp: IdpServer;
  let bot: Bot;

  beforeAll(async () => {
    world = await startExposureWorld();
    const started = await startStepUpIdp();
    idp = started.idp;
    const policy = exposurePolicy().replace(
      POLICY_YAML,
      stepUpPolicy(idp.url, '\n    for: [delete, reactivate-exposed]'),
    );
    bot = await startExposureBot(world, {
      policyYaml: policy,
      port: started.port,
      stepUp: { publicUrl: started.publicUrl, clientSecret: STEP_UP_CLIENT.secret },
    });
  });
  afterAll(async () => {
    await bot.stop();
    await idp.close();
    await world.close();
  });

  let users = 0;
  /** A key of a user of its own, reported leaked: contained, its card posted. */
  async function leakedKey() {
    const user = `leaky-${++users}`;
    world.aws.home.addUser(user);
    const keyId = world.aws.home.addKey(user).accessKeyId;
    world.sqs.send(world.queueUrl, JSON.stringify(healthEvent(keyId)));
    const card = await cardShows(bot, keyId, '*Inactive* since');
    return { keyId, card };
  }

  const ephemerals = (user: string) =>
    bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => call.params.user === user && call.params.channel === INCIDENTS);

  /** The admin's Re-activate… with a reason: the ephemeral answer, and the verify link in it. */
  async function reactivate(keyId: string, card: StoredMessage, why: string) {
    const before = ephemerals(PEOPLE.admin).length;
    const modal = await openModalFromCard(bot, INCIDENT_REACTIVATE_ACTION, card, keyId, PEOPLE.admin);
    await bot.driver.submitView(
      modal.id,
      { [REACTIVATE_BLOCK]: { [REACTIVATE_INPUT]: why } },
      {
        userId: PEOPLE.admin,
      },
    );
    await eventually(() => ephemerals(PEOPLE.admin).length > before);
    const answer = ephemerals(PEOPLE.admin).at(-1);
    return { text: String(answer?.params.text ?? ''), link: stepUpLinkIn(answer?.params.blocks) };
  }

  const activations = (keyId: string) =>
    world.aws.iam
      .calls('UpdateAccessKey')
      .filter((call) => call.params.AccessKeyId === keyId && call.params.Status === 'Active');

  async function auditOf(keyId: string) {
    const { Items } = await bot.keywarden.store.doc.send(
      new ScanCommand({ TableName: bot.keywarden.store.tableName }),
    );
    return (Items ?? []).filter((item) => item.type === 'audit' && item.keyId === keyId);
  }

  const told = (text: string) => () =>
    ephemerals(PEOPLE.admin).some((call) => String(call.params.text) === text);

  it('answers with the verify link and leaves the key Inactive; an MFA sign-in re-activates it once', async () => {
    const { keyId, card } = await leakedKey();
    const asked = await reactivate(keyId, card, 'false positive: a revoked test key');
    expect(asked.text).toContain('only after you verify');
    expect(asked.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/stepup\/start\?t=[\w-]{43}$/);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(activations(keyId)).toHaveLength(0);

    const walk = await signIn(asked.link ?? '', { login: 'ada@example.com' });
    expect(walk.loginHint).toBe('ada@example.com');
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(finished.status).toBe(200);
    expect(outcomeOf(finished.page)).toBe(STEP_UP_REACTIVATED_PAGE);
    expect(world.aws.home.findKey(keyId)?.status).toBe('Active');
    expect(activations(keyId)).toHaveLength(1);
    const updated = await cardShows(bot, keyId, 'false positive: a revoked test key');
    expect(cardText(updated)).toContain(`*Re-activated* by <@${PEOPLE.admin}> (MFA)`);
    const audited = (await auditOf(keyId)).find(
      (event) => event.outcome === 'ok' && String(event.detail).startsWith('reactivated:'),
    );
    expect(audited?.actor).toBe(PEOPLE.admin);
    expect(audited?.detail).toMatch(
      /^reactivated: false positive: a revoked test key \(step-up acr=urn:keywarden:sandbox:mfa amr=pwd,otp auth_time=\d{4}-/,
    );
    await eventually(() =>
      ephemerals(PEOPLE.admin).some((call) => String(call.params.text).includes('*Active* again')),
    );

    // The same callback again (a second replica, a reload) changes nothing more.
    const again = await finishAt(walk.callback, walk.botCookies);
    expect(again.status).not.toBe(200);
    expect(activations(keyId)).toHaveLength(1);
  });

  it('a password-only sign-in leaves it Inactive, audited and told; the used link then counts for nothing', async () => {
    const { keyId, card } = await leakedKey();
    const asked = await reactivate(keyId, card, 'owner says the paste was a decoy');
    const walk = await signIn(asked.link ?? '', { login: 'ada@example.com', otp: '' });
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(outcomeOf(finished.page)).toBe(stepUpFailureText('weaker-auth', 'reactivate-exposed'));
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    await eventually(told(stepUpFailureText('weaker-auth', 'reactivate-exposed')));
    expect((await auditOf(keyId)).map((event) => event.detail)).toContainEqual(
      expect.stringMatching(/^reactivate step-up: weaker-auth \(sub=.* amr=pwd\)$/),
    );

    // The ticket was used by that attempt: its link does not start another sign-in.
    const reused = await fetch(asked.link ?? '', { redirect: 'manual' });
    expect(reused.status).not.toBe(303);
    expect(outcomeOf(await reused.text())).toBe(stepUpFailureText('used', 'reactivate-exposed'));
    await eventually(told(stepUpFailureText('used', 'reactivate-exposed')));
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(activations(keyId)).toHaveLength(0);
  });

  it("another person signing in with the admin's link leaves it Inactive, audited and told", async () => {
    const { keyId, card } = await leakedKey();
    const asked = await reactivate(keyId, card, 'checked with the owner');
    const walk = await signIn(asked.link ?? '', { login: 'april@example.com' });
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(outcomeOf(finished.page)).toBe(stepUpFailureText('wrong-person', 'reactivate-exposed'));
    await eventually(told(stepUpFailureText('wrong-person', 'reactivate-exposed')));
    expect((await auditOf(keyId)).map((event) => event.detail)).toContainEqual(
      expect.stringMatching(/^reactivate step-up: wrong-person/),
    );
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
    expect(activations(keyId)).toHaveLength(0);
  });

  it('a non-admin never gets as far as a ticket: refused at the button, audited', async () => {
    const { keyId, card } = await leakedKey();
    const tickets = async () => {
      const { Items } = await bot.keywarden.store.doc.send(
        new ScanCommand({ TableName: bot.keywarden.store.tableName }),
      );
      return (Items ?? []).filter((item) => item.type === 'stepup').length;
    };
    const before = await tickets();
    const refused = await bot.driver.click(INCIDENT_REACTIVATE_ACTION, keyId, {
      userId: PEOPLE.alice,
      channelId: INCIDENTS,
      messageTs: card.ts,
    });
    const answer = JSON.stringify(await bot.driver.waitForResponse(refused.responseUrl));
    expect(answer).toContain(JSON.stringify(NOT_ALLOWED).slice(1, -1));
    expect(answer).not.toContain('/stepup/start');
    expect(await tickets()).toBe(before);
    expect((await auditOf(keyId)).map((event) => event.detail)).toContain('reactivate: not-allowed');
    expect(world.aws.home.findKey(keyId)?.status).toBe('Inactive');
  });
});
