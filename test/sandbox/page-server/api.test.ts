import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { PROD_ACCOUNT_ID, PROD_EXTERNAL_ID } from '../../../sandbox/demo/accounts';
import { ONLY_KEYS_HINT, RUN_REPORT_NOT_WIRED, startPageServer } from '../../../sandbox/page-server';
import { startSandbox, type Sandbox } from '../../../sandbox/run';
import { createLogger } from '../../../src/platform/logger';
import { channel, collectEvents, eventually, everything, postJson, raw, stateOf } from './page-client';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const APRIL = 'U0APPROVER';
const ALICE_KEY = demoAccessKeyId('alice', 0);
const BOB_KEY = demoAccessKeyId('bob', 0);

let sandbox: Sandbox;
let base: string;
let dataDir: string;
const reportsRun: number[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'keywarden-page-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  sandbox = await startSandbox({
    dataDir,
    pagePort: 0,
    webRoot: join(dataDir, 'no-page-built'),
    log: createLogger({ level: 'warn', destination: quiet }),
    runReport: async (_keywarden, index) => {
      reportsRun.push(index);
      return 'posted';
    },
  });
  base = sandbox.pageUrl;
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const command = (as: string, channelId: string, text: string) =>
  postJson(base, '/api/command', { as, channel: channelId, text });

/** The Approve button of the request for this key, once it is posted, as the page would click it. */
async function approveButton(keyId: string) {
  const request = await eventually(async () =>
    channel(await stateOf(base, APRIL), 'C0APPROVALS')?.messages.find((m) => everything(m).includes(keyId)),
  );
  type Element = { style?: string; action_id?: string; value?: string };
  type Block = { type: string; block_id?: string; elements?: Element[] };
  const approve = (request.blocks as Block[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements ?? []).map((element) => ({ ...element, block_id: block.block_id })))
    .find((element) => element.style === 'primary');
  expect(approve).toBeDefined();
  const click = {
    channel: 'C0APPROVALS',
    messageTs: request.ts,
    actionId: approve?.action_id,
    value: approve?.value,
    blockId: approve?.block_id,
  };
  return { request, click };
}

describe('the page server API', () => {
  it('sends /keys as a signed slash command the bot accepts, and shows the answer only to its recipient', async () => {
    const sent = await command(ALICE, 'D0ALICE', '/keys list');
    expect(sent).toMatchObject({ status: 200, body: { ok: true } });

    const answer = await eventually(async () =>
      channel(await stateOf(base, ALICE), 'D0ALICE')?.messages.find((m) => everything(m).includes(ALICE_KEY)),
    );
    expect(answer.ephemeral).toBe(true);
    // The bot read IAM for alice: the command got through Bolt's signature check to the listener.
    expect(sandbox.iam.calls('ListAccessKeys').map((call) => call.params.UserName)).toContain('alice');

    const asBob = await stateOf(base, BOB);
    expect(asBob.channels.map((c) => c.id)).not.toContain('D0ALICE');
    expect(asBob.channels.filter((c) => c.kind === 'dm').map((c) => c.id)).toEqual(['D0BOB']);
    expect(JSON.stringify(asBob.channels)).not.toContain(ALICE_KEY);
  });

  it('keeps an ephemeral answer in a shared channel from everyone but its recipient', async () => {
    await command(ALICE, 'C0GENERAL', '/keys help');
    const help = await eventually(async () =>
      channel(await stateOf(base, ALICE), 'C0GENERAL')?.messages.find((m) => m.ephemeral),
    );
    expect(everything(help)).toContain('/keys list');
    expect(channel(await stateOf(base, BOB), 'C0GENERAL')?.messages.some((m) => m.ts === help.ts)).toBe(
      false,
    );
    sandbox.slack.postAs(BOB, 'C0GENERAL', 'morning all');
    // A message for everyone is shown to everyone.
    for (const viewer of [ALICE, BOB, APRIL]) {
      const general = channel(await stateOf(base, viewer), 'C0GENERAL');
      expect(general?.messages.some((m) => m.text === 'morning all')).toBe(true);
    }
  });

  it('refuses anything but /keys, and never bothers the bot with it', async () => {
    const before = sandbox.slack.responses().length;
    const calls = sandbox.iam.calls().length;
    const refused = await command(ALICE, 'D0ALICE', '/remind me tomorrow');
    expect(refused).toMatchObject({ status: 400, body: { ok: false, error: ONLY_KEYS_HINT } });
    expect(sandbox.slack.responses()).toHaveLength(before);
    expect(sandbox.iam.calls()).toHaveLength(calls);
  });

  it('lets nobody type in another person’s DM, nor as someone who is not a demo person', async () => {
    expect((await command(ALICE, 'D0BOB', '/keys list')).status).toBe(403);
    expect((await command('U0NOBODY', 'D0ALICE', '/keys list')).status).toBe(400);
    expect((await raw(`${base}/api/state?as=U0NOBODY`)).status).toBe(400);
  });

  it('sends a click as a signed block_actions payload: an approver’s Approve deletes the key, and the panel shows it', async () => {
    await command(BOB, 'D0BOB', `/keys delete ${BOB_KEY} INC-101 left the team`);
    const { request, click } = await approveButton(BOB_KEY);
    // A button that is not on the message is one Slack would never report.
    expect((await postJson(base, '/api/click', { ...click, as: APRIL, value: 'forged' })).status).toBe(404);
    expect(await postJson(base, '/api/click', { ...click, as: APRIL })).toMatchObject({ status: 200 });

    const updated = await eventually(async () =>
      channel(await stateOf(base, APRIL), 'C0APPROVALS')?.messages.find(
        (m) => m.ts === request.ts && m.edited,
      ),
    );
    expect(everything(updated)).toMatch(/deleted/i);
    const deletions = sandbox.iam.calls('DeleteAccessKey');
    expect(deletions.map((call) => call.params)).toContainEqual({ UserName: 'bob', AccessKeyId: BOB_KEY });

    const panel = await eventually(async () => {
      const { panel } = await stateOf(base, ALICE);
      return panel.approvals.some((a) => a.keyId === BOB_KEY && a.state === 'EXECUTED') &&
        panel.audit.some((event) => event.action === 'approve' && event.actor === APRIL)
        ? panel
        : undefined;
    });
    expect(panel.approvals.find((a) => a.keyId === BOB_KEY)?.approvals).toEqual([APRIL]);
    expect(panel.iamCalls.find((call) => call.action === 'DeleteAccessKey')).toMatchObject({
      userName: 'bob',
      accessKeyId: BOB_KEY,
      status: 200,
    });
  });

  it('does not let one person click on another person’s ephemeral message', async () => {
    const inDm = channel(await stateOf(base, ALICE), 'D0ALICE')?.messages.find((m) => m.ephemeral);
    const inGeneral = channel(await stateOf(base, ALICE), 'C0GENERAL')?.messages.find((m) => m.ephemeral);
    expect(inDm && inGeneral).toBeDefined();
    const click = (channelId: string, ts: string | undefined) =>
      postJson(base, '/api/click', {
        as: BOB,
        channel: channelId,
        messageTs: ts,
        actionId: 'anything',
        value: '',
      });
    expect((await click('D0ALICE', inDm?.ts)).status).toBe(403);
    const shared = await click('C0GENERAL', inGeneral?.ts);
    expect(shared).toMatchObject({
      status: 404,
      body: { error: expect.stringContaining('that U0BOB can see') },
    });
  });

  it('streams message and IAM activity as Server-Sent Events, without message contents', async () => {
    const events = collectEvents(base, (event) => event.type === 'message' && event.channel === 'D0ALICE');
    await events.opened;
    await command(ALICE, 'D0ALICE', '/keys list');
    const seen = await events.done;
    expect(seen).toContainEqual(
      expect.objectContaining({
        type: 'iam',
        call: expect.objectContaining({ action: 'ListAccessKeys', userName: 'alice' }),
      }),
    );
    expect(seen.at(-1)).toMatchObject({ type: 'message', kind: 'posted', channel: 'D0ALICE' });
    // Events are nudges: an ephemeral message's contents reach a browser only through its recipient's state.
    for (const event of seen.filter((e) => e.type === 'message')) {
      expect(Object.keys(event).sort()).toEqual(['channel', 'kind', 'ts', 'type']);
    }
  });

  it('streams an AssumeRole into prod as an event: its session, its SourceIdentity, and only whether an ExternalId was sent', async () => {
    const events = collectEvents(base, (event) => event.type === 'sts');
    await events.opened;
    await command(BOB, 'D0BOB', '/keys list bob@prod');
    const assumed = (await events.done).at(-1);
    expect(assumed).toEqual({
      type: 'sts',
      call: expect.objectContaining({
        account: { name: 'prod', id: PROD_ACCOUNT_ID },
        roleSessionName: `keywarden-${BOB}`,
        sourceIdentity: BOB,
        externalId: true,
        status: 200,
      }),
    });
    expect(JSON.stringify(assumed)).not.toContain(PROD_EXTERNAL_ID);
  });

  it('runs a scheduled report through the injected function, and says plainly when none is wired', async () => {
    expect(await postJson(base, '/api/reports/0/run', {})).toMatchObject({
      status: 200,
      body: { ok: true, result: 'posted' },
    });
    expect(reportsRun).toEqual([0]);
    expect((await postJson(base, '/api/reports/7/run', {})).status).toBe(404);

    const unwired = await startPageServer({
      port: 0,
      webRoot: dataDir,
      slack: sandbox.slack,
      iam: sandbox.iam,
      driver: sandbox.driver,
      store: sandbox.keywarden.store,
      people: [{ id: ALICE, name: 'alice', realName: 'Alice', role: 'self-service' }],
      channels: [],
      reports: sandbox.config.policy.reports,
    });
    try {
      expect(await postJson(unwired.url, '/api/reports/0/run', {})).toMatchObject({
        status: 501,
        body: { ok: false, error: RUN_REPORT_NOT_WIRED },
      });
      expect((await stateOf(unwired.url, ALICE)).panel.reports[0]).toMatchObject({
        canRunNow: false,
        channel: 'C0SECOPS',
      });
    } finally {
      await unwired.close();
    }
    expect((await stateOf(base, ALICE)).panel.reports[0]).toMatchObject({ canRunNow: true, maxAgeDays: 90 });
  });

  it('simulates a key in use, for following a rotation through, and refuses anything but a real key id', async () => {
    const key = sandbox.iam.state.keysOf('heidi.silva')[0];
    expect(key?.lastUsed).toBeUndefined();
    expect(await postJson(base, '/api/keys/use', { keyId: key?.accessKeyId })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(sandbox.iam.state.findKey(key?.accessKeyId as string)?.lastUsed).toMatchObject({
      serviceName: 'sts',
    });
    expect((await postJson(base, '/api/keys/use', { keyId: '<script>' })).status).toBe(400);
    expect((await postJson(base, '/api/keys/use', { keyId: 'AKIA0000000000000000' })).status).toBe(404);
  });

  it('runs the workflow "request deletion of this key" as the viewer; the run completes after the approval', async () => {
    const key = ALICE_KEY;
    const run = { as: ALICE, keyId: key, reason: 'CHG-7 offboarding' };
    const started = await postJson(base, '/api/workflows/request-deletion', run);
    expect(started).toMatchObject({ status: 200, body: { ok: true } });
    const running = (await stateOf(base, ALICE)).panel.workflowRuns.find((run) => run.keyId === key);
    expect(running).toMatchObject({ step: 'request_key_deletion', requester: ALICE });

    const { click } = await approveButton(key);
    expect(await postJson(base, '/api/click', { ...click, as: APRIL })).toMatchObject({ status: 200 });
    const done = await eventually(async () =>
      (await stateOf(base, ALICE)).panel.workflowRuns.find(
        (run) => run.keyId === key && run.state === 'completed',
      ),
    );
    expect(done.outputs).toMatchObject({ decision: 'deleted' });
    expect(
      (await postJson(base, '/api/workflows/request-deletion', { as: ALICE, keyId: '<b>' })).status,
    ).toBe(400);
    expect(
      (await postJson(base, '/api/workflows/request-deletion', { as: 'U0NOBODY', keyId: key })).status,
    ).toBe(400);
  });

  it('serves an uploaded file as a same-origin download, never as a page', async () => {
    const client = new WebClient(sandbox.slack.botToken, { slackApiUrl: sandbox.slack.apiUrl });
    await client.filesUploadV2({
      channel_id: 'C0SECOPS',
      file: Buffer.from('user,key\n<script>alert(1)</script>,AKIA\n'),
      filename: 'stale-keys.csv',
      title: 'Stale keys',
    });
    const posted = await eventually(async () => channel(await stateOf(base, ALICE), 'C0SECOPS')?.messages[0]);
    const file = posted.files[0];
    expect(file?.url).toMatch(/^\/files\/F\w+\/stale-keys\.csv$/);
    const download = await raw(`${base}${file?.url}`);
    expect(download.status).toBe(200);
    expect(download.text).toContain('user,key');
    expect(download.headers['content-disposition']).toBe('attachment');
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  describe('requests another web site could make from the same browser', () => {
    it('refuses a foreign Host (DNS rebinding), a foreign Origin, and a POST that is not JSON', async () => {
      const port = sandbox.page.port;
      const body = JSON.stringify({ as: ALICE, channel: 'D0ALICE', text: '/keys list' });
      const json = { 'content-type': 'application/json' };
      const post = (headers: Record<string, string>) =>
        raw(`${base}/api/command`, { method: 'POST', headers, body });
      expect(
        (await raw(`${base}/api/state?as=${ALICE}`, { headers: { host: `evil.example:${port}` } })).status,
      ).toBe(403);
      expect((await post({ ...json, origin: 'https://evil.example' })).status).toBe(403);
      expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
      expect((await post({ ...json, origin: base })).status).toBe(200);
    });
  });

  it('tells the operator to build the page when it is not built, rather than failing obscurely', async () => {
    const page = await raw(`${base}/`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('npm run build');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
