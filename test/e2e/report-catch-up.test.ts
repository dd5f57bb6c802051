import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { REPORT_EVENT } from '../../src/features/reports/slack/slack-report-publisher';
import { DynamoReportsPresence } from '../../src/features/reports/store/dynamo-reports-presence';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import {
  APP_TOKEN,
  BOT_TOKEN,
  POLICY_YAML,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
} from '../support/bot';
import { eventually } from '../support/approvals';
import { FakeClock, FakeScheduler } from '../support/fakes';

/** POLICY_YAML's one report: C0SECOPS, "0 9 * * MON" UTC. 2026-12-07 is a Monday. */
const DUE = new Date('2026-12-07T09:00:00Z');
const SWEEP = 'report sweep';

/**
 * A deploy or an outage takes every replica down across a report's time: the first replica back
 * posts that run, once, saying it is late; a run due longer ago, or before the bot ever ran, is not.
 */
describe('a scheduled report due while no replica ran is caught up', () => {
  let iam: IamServer;
  let slack: SlackServer;
  let dynamo: EmbeddedDynamo;
  const bots: Bot[] = [];

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice', { createDate: new Date('2026-01-05T10:00:00Z') });
    iam = await startIamServer({ state });
    slack = await startSlackServer({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: SLACK_USERS });
    dynamo = await startSharedStore();
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await slack.close();
    await iam.close();
    await dynamo.close();
  });

  async function replica(at: string): Promise<{ bot: Bot; scheduler: FakeScheduler; clock: FakeClock }> {
    const scheduler = new FakeScheduler();
    const clock = new FakeClock(at);
    const bot = await startBot({
      iam,
      slack,
      clock,
      scheduler,
      policyYaml: POLICY_YAML,
      dynamoEndpoint: dynamo.endpoint,
    });
    bots.push(bot);
    return { bot, scheduler, clock };
  }

  const reportPosts = () =>
    slack
      .calls('chat.postMessage')
      .filter(
        (call) => call.ok && (call.params.metadata as { event_type?: string })?.event_type === REPORT_EVENT,
      );

  /** The presence mark the replicas share, as a replica reads it at start. */
  const lastPresent = (bot: Bot) =>
    new DynamoReportsPresence(bot.keywarden.store.doc, bot.keywarden.store.tableName).last();
  /** A replica's start has caught up what it found (its runs are work in flight until done). */
  const caughtUp = (bot: Bot) => eventually(() => bot.keywarden.inFlight.count === 0, 30_000);

  it('posts the missed run once, at its scheduled time, saying it is late; later sweeps and replicas do not', async () => {
    // The bot before the deploy: started at 08:55, it marks itself present. Then every replica goes down.
    const before = await replica('2026-12-07T08:55:00Z');
    expect(await lastPresent(before.bot)).toEqual(new Date('2026-12-07T08:55:00Z'));
    await before.bot.stop();
    bots.splice(bots.indexOf(before.bot), 1);
    expect(reportPosts()).toHaveLength(0);

    // Two replicas come back at 09:40, together: one posts the 09:00 run, the other finds it claimed.
    const [a, b] = await Promise.all([replica('2026-12-07T09:40:00Z'), replica('2026-12-07T09:40:00Z')]);
    await Promise.all([caughtUp(a.bot), caughtUp(b.bot)]);

    const posts = reportPosts();
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.params.channel).toBe('C0SECOPS');
    expect(
      (post?.params.metadata as { event_payload: { scheduled_at: string } }).event_payload.scheduled_at,
    ).toBe(DUE.toISOString());
    const text = JSON.stringify(post?.params.blocks);
    expect(text).toContain('Posted late: this run was due 2026-12-07 09:00 UTC');
    expect(text).toContain('alice');
    const trail = new DynamoAuditLog(a.bot.keywarden.store.doc, a.bot.keywarden.store.tableName, a.clock);
    const reports = (await trail.recent({ limit: 10 })).filter((event) => event.action === 'report');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ outcome: 'ok', actor: 'system' });
    expect(reports[0]?.detail).toContain('caught up: due 2026-12-07T09:00:00.000Z while no replica ran');

    // Their sweeps, and a replica started later, leave the posted run alone.
    a.clock.set('2026-12-07T09:41:00Z');
    b.clock.set('2026-12-07T09:41:00Z');
    expect(await a.scheduler.tick(SWEEP)).toEqual([]);
    expect(await b.scheduler.tick(SWEEP)).toEqual([]);
    const later = await replica('2026-12-07T09:50:00Z');
    await caughtUp(later.bot);
    expect(await lastPresent(later.bot)).toEqual(new Date('2026-12-07T09:50:00Z'));
    expect(reportPosts()).toHaveLength(1);
  });

  it('leaves a run due more than six hours before the first replica came back to its next time', async () => {
    // The replicas above last marked 09:50; the next run is due 2026-12-14 09:00, and nobody runs until 16:00.
    const back = await replica('2026-12-14T16:00:00Z');
    await caughtUp(back.bot);

    expect(await lastPresent(back.bot)).toEqual(new Date('2026-12-14T16:00:00Z'));
    expect(reportPosts()).toHaveLength(1);
  });
});
