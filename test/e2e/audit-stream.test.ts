import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startEventBridgeServer, type BusEvent, type EventBridgeServer } from '../../sandbox/eventbridge';
import { IamState } from '../../sandbox/iam';
import type { OcsfAccountChange } from '../../src/features/audit';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot, commandReply as command } from '../support/bot';

const BUS = 'keywarden-audit';

/** An event's detail, read as the OCSF event the bot means to send (each test checks what it reads). */
const ocsf = (event: BusEvent) => event.detail as unknown as OcsfAccountChange;

/** The audit items the bot stored: the record the stream copies. */
async function storedAuditEvents(bot: Bot): Promise<Array<Record<string, string>>> {
  const { doc, tableName } = bot.keywarden.store;
  const items: Array<Record<string, string>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Array<Record<string, string>>));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.filter((item) => item['type'] === 'audit');
}

/** The OCSF Account Change fields every event carries, checked on the detail as the bus received it. */
function expectOcsfAccountChange(event: BusEvent): void {
  expect(event).toMatchObject({
    eventBusName: BUS,
    source: 'keywarden',
    detailType: 'Keywarden Audit Event',
  });
  const detail = ocsf(event);
  expect(detail).toMatchObject({
    class_uid: 3001,
    class_name: 'Account Change',
    category_uid: 3,
    severity_id: 1,
    cloud: { provider: 'AWS' },
    metadata: { version: '1.1.0', product: { name: 'Keywarden', version: expect.any(String) } },
  });
  expect([1, 2, 5, 6, 99]).toContain(detail.activity_id);
  expect(detail.type_uid).toBe(300100 + detail.activity_id);
  expect(detail.status_id).toBe(detail.status_code === 'ok' ? 1 : 2);
  expect(detail.status).toBe(detail.status_code === 'ok' ? 'Success' : 'Failure');
  expect(typeof detail.time).toBe('number');
  expect(detail.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
  expect(detail.actor.user.uid).toMatch(/^(U[0-9A-Z]+|system)$/);
}

const byAction = (events: BusEvent[], action: string, outcome = 'ok') =>
  events.filter((e) => ocsf(e).unmapped.action === action && ocsf(e).status_code === outcome);

describe('the audit stream: every audit event also on the EventBridge bus, as OCSF', () => {
  let bus: EventBridgeServer;
  let bot: Bot;

  beforeAll(async () => {
    bus = await startEventBridgeServer();
    const state = new IamState();
    for (const user of ['alice', 'bob']) state.addUser(user);
    bot = await startBot({
      iamState: state,
      auditEventBus: BUS,
      auditStream: {
        endpoint: bus.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDAUDITSTREAME2E', secretAccessKey: 'audit-stream-e2e' },
        backoff: { baseMs: 20, maxMs: 200 },
      },
    });
  });
  afterAll(async () => {
    await bot.stop();
    await bus.close();
  });

  it('sends a create as Account Change: Create, naming the person, the IAM user, the key and the account', async () => {
    expect(await command(bot, 'create', PEOPLE.alice)).toContain('is ready');
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    await eventually(() => byAction(bus.events(), 'create').length === 1);
    const [created] = byAction(bus.events(), 'create');
    expectOcsfAccountChange(created as BusEvent);
    expect(created?.detail).toMatchObject({
      activity_id: 1,
      activity_name: 'Create',
      status: 'Success',
      actor: { user: { uid: PEOPLE.alice } },
      user: { name: 'alice', credential_uid: key, account: { name: 'default' } },
      cloud: { account: { name: 'default' } },
    });
  });

  it('an outage of the bus (5xx, then dropped connections) holds up no action, and every event arrives after it', async () => {
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    const before = bus.events().length;
    await eventually(async () => (await storedAuditEvents(bot)).length === before);

    bus.setOutage('server-error');
    expect(await command(bot, `deactivate ${key}`, PEOPLE.alice)).toContain('is now inactive');
    expect(await command(bot, `activate ${key}`, PEOPLE.alice)).toContain('active');
    await eventually(() => bus.calls().some((call) => call.status === 500));
    bus.setOutage('connection-reset');
    expect(await command(bot, `deactivate ${key}`, PEOPLE.bob)).toContain(NOT_ALLOWED);
    expect(await command(bot, `delete ${key} rotated out`, PEOPLE.alice)).toContain('requested.');
    const { message, requestId } = approvalMessageFor(bot, key);
    const clicked = await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    expect(replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000))).toContain('deleted');
    await eventually(() => bot.iam.state.keysOf('alice').length === 0);
    await eventually(() => bus.calls().some((call) => call.errorCode === 'ConnectionReset'));
    // Nothing reached the bus while it was down; the trail in the store has it all.
    expect(bus.events()).toHaveLength(before);
    const stored = await storedAuditEvents(bot);
    expect(stored.length).toBeGreaterThanOrEqual(before + 6);

    bus.setOutage(undefined);
    const events = await bus.waitForEvents(stored.length, 10_000);
    expect(events).toHaveLength(stored.length);
    const streamed = events.map((e) => {
      const d = ocsf(e);
      return `${d.unmapped.action}/${d.status_code}/${d.user?.credential_uid ?? ''}/${d.unmapped.request_id ?? ''}`;
    });
    const recorded = stored.map(
      (item) => `${item['action']}/${item['outcome']}/${item['keyId'] ?? ''}/${item['requestId'] ?? ''}`,
    );
    expect(streamed.sort()).toEqual(recorded.sort());
    expect(new Set(events.map((e) => ocsf(e).metadata.uid)).size).toBe(events.length);
    for (const event of events) expectOcsfAccountChange(event);

    expect(byAction(events, 'deactivate')[0]?.detail).toMatchObject({
      activity_id: 5,
      activity_name: 'Disable',
    });
    expect(byAction(events, 'activate')[0]?.detail).toMatchObject({
      activity_id: 2,
      activity_name: 'Enable',
    });
    expect(byAction(events, 'deactivate', 'refused')[0]?.detail).toMatchObject({
      activity_id: 99,
      status_id: 2,
      status: 'Failure',
      actor: { user: { uid: PEOPLE.bob } },
      user: { name: 'alice', credential_uid: key },
      status_detail: expect.any(String),
    });
    for (const action of ['request-deletion', 'approve']) {
      expect(byAction(events, action)[0]?.detail).toMatchObject({
        activity_id: 99,
        metadata: { correlation_uid: requestId },
        unmapped: { request_id: requestId },
      });
    }
    expect(byAction(events, 'approve')[0]?.detail).toMatchObject({
      actor: { user: { uid: PEOPLE.approver } },
    });
    expect(byAction(events, 'delete')[0]?.detail).toMatchObject({
      activity_id: 6,
      activity_name: 'Delete',
      status: 'Success',
      user: { name: 'alice', credential_uid: key },
      unmapped: { request_id: requestId },
    });
  });

  it('a partial failure sends again only the entries the bus did not take', async () => {
    const taken = bus.events().length;
    const callsBefore = bus.calls().length;
    bus.injectFault({ kind: 'partial', failed: [0] });
    expect(await command(bot, 'create', PEOPLE.alice)).toContain('is ready');
    await eventually(() => byAction(bus.events(), 'create').length === 2);
    await eventually(async () => (await storedAuditEvents(bot)).length === bus.events().length);
    const calls = bus.calls().slice(callsBefore);
    expect(calls[0]?.failedEntryCount).toBe(1);
    expect(calls.slice(1).every((call) => call.failedEntryCount === 0)).toBe(true);
    // Every entry was sent once, but the one that failed, which was sent once more.
    const sent = calls.reduce((n, call) => n + call.entries, 0);
    expect(sent).toBe(bus.events().length - taken + 1);
    expect(new Set(bus.events().map((e) => ocsf(e).metadata.uid)).size).toBe(bus.events().length);
  });

  it('counts dropped events in keywarden_audit_stream_dropped_total: none here, where the queue never filled', async () => {
    const scrape = await fetch(`http://127.0.0.1:${bot.port}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/^keywarden_audit_stream_dropped_total 0$/m);
  });

  it('carries no secret in any entry', async () => {
    const secrets = bot.iam.state.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const sent = bus.events().map((e) => e.rawDetail);
    for (const secret of secrets) for (const detail of sent) expect(detail).not.toContain(secret);
    expect(sent.join('\n')).not.toMatch(/SecretAccessKey|secretAccessKey|xoxb-/);
  });
});
