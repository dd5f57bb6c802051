import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CloudTrailCall } from '../../../sandbox/cloudtrail';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { DEV_ACCOUNT_ID } from '../../../sandbox/demo/accounts';
import { QUARANTINE_POLICY_ARN } from '../../../sandbox/demo/exposure';
import type { MessageChange } from '../../../sandbox/slack';
import { startSandbox, type Sandbox } from '../../../sandbox/run';
import { createLogger } from '../../../src/platform/logger';
import { postJson, stateOf } from '../page-server/page-client';

const ALICE_KEY = demoAccessKeyId('alice', 0);
const INCIDENTS = 'C0INCIDENTS';

/** Resolves with the first message posted or updated that `matches`, as the Slack stand-in reports it. */
function posted(sandbox: Sandbox, matches: (change: MessageChange) => boolean): Promise<MessageChange> {
  return new Promise((resolve) => {
    const stop = sandbox.slack.onChange((change) => {
      if (change.kind === 'deleted' || !matches(change)) return;
      stop();
      resolve(change);
    });
  });
}

/** Resolves once CloudTrail has answered a lookup of the key in each region. */
function lookedUp(sandbox: Sandbox, keyId: string, regions: string[]): Promise<CloudTrailCall[]> {
  const seen: CloudTrailCall[] = [];
  return new Promise((resolve) => {
    const stop = sandbox.exposure.cloudTrail.onCall((call) => {
      if (call.accessKeyId !== keyId || call.status !== 200) return;
      seen.push(call);
      if (regions.every((region) => seen.some((c) => c.region === region))) {
        stop();
        resolve(seen);
      }
    });
  });
}

describe('the sandbox’s exposure story: "Simulate a leak" in the panel', () => {
  let dir: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keywarden-exposure-'));
    sandbox = await startSandbox({
      dataDir: join(dir, 'data'),
      pagePort: 0,
      webRoot: join(dir, 'no-page'),
      log: createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('wires the intake queue and the exposure policy: #key-incidents, CloudTrail in two regions', () => {
    expect(sandbox.config.policy.exposure).toMatchObject({
      channel: INCIDENTS,
      regions: ['us-east-1', 'eu-west-1'],
    });
    expect(sandbox.config.exposureQueueUrl).toBe(sandbox.exposure.queueUrl);
  });

  it('sends a Health event through the queue: the key goes Inactive, the card and the owner’s DM arrive', async () => {
    // The card is posted at once and updated in place as the user's rights and CloudTrail come in.
    const card = posted(sandbox, (c) => {
      const text = JSON.stringify(c.message);
      return c.message.channel === INCIDENTS && text.includes(ALICE_KEY) && text.includes('203.0.113.66');
    });
    const dm = posted(
      sandbox,
      (c) =>
        c.message.channel === sandbox.slack.dmChannelOf('U0ALICE') &&
        JSON.stringify(c.message).includes(ALICE_KEY),
    );
    const lookups = lookedUp(sandbox, ALICE_KEY, ['us-east-1', 'eu-west-1']);

    const answer = await postJson(sandbox.pageUrl, '/api/exposure/leak', { keyId: ALICE_KEY });
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    expect(String(answer.body['result'])).toContain(ALICE_KEY);

    await sandbox.exposure.sqs.waitForDeleted(sandbox.exposure.queueUrl, 1, 20_000);
    const cardText = JSON.stringify((await card).message);
    expect(cardText).toContain('AWSCompromisedKeyQuarantine');
    expect(cardText).toContain('Inactive');
    expect(cardText).toContain('python-requests');
    expect((await dm).message.ephemeralTo).toBeUndefined();
    expect(sandbox.iam.state.findKey(ALICE_KEY)?.status).toBe('Inactive');
    expect(sandbox.iam.calls('UpdateAccessKey')).toEqual([
      expect.objectContaining({
        status: 200,
        params: expect.objectContaining({ AccessKeyId: ALICE_KEY, Status: 'Inactive', UserName: 'alice' }),
      }),
    ]);
    expect(sandbox.iam.state.attachedPolicies('alice').map((p) => p.policyArn)).toContain(
      QUARANTINE_POLICY_ARN,
    );

    const calls = await lookups;
    expect(calls.every((c) => c.account === DEV_ACCOUNT_ID)).toBe(true);
    // eu-west-1: the week the sandbox seeded from IAM's last use; us-east-1: the stranger's probe.
    const events = (region: string) => calls.find((c) => c.region === region)?.events ?? 0;
    expect(events('eu-west-1')).toBeGreaterThanOrEqual(6);
    expect(events('us-east-1')).toBeGreaterThanOrEqual(5);
    const panel = (await stateOf(sandbox.pageUrl, 'U0ADMIN')).panel;
    expect(panel.canSimulateLeak).toBe(true);
    expect(
      panel.trailLookups
        .filter((l) => l.accessKeyId === ALICE_KEY)
        .map((l) => l.region)
        .sort(),
    ).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1']));
    const aliceKey = panel.accounts
      .find((a) => a.name === 'dev')
      ?.users.find((u) => u.userName === 'alice')
      ?.keys.find((k) => k.accessKeyId === ALICE_KEY);
    expect(aliceKey?.status).toBe('Inactive');
  }, 40_000);

  it('refuses a key no demo account holds, and a malformed one, changing nothing', async () => {
    const before = sandbox.exposure.sqs.calls().length;
    const unknown = await postJson(sandbox.pageUrl, '/api/exposure/leak', { keyId: 'AKIANOSUCHKEY0000000' });
    expect(unknown.status).toBe(404);
    const malformed = await postJson(sandbox.pageUrl, '/api/exposure/leak', { keyId: 'not a key' });
    expect(malformed.status).toBe(400);
    expect(sandbox.exposure.sqs.visible(sandbox.exposure.queueUrl)).toBe(0);
    expect(sandbox.exposure.sqs.calls().filter((c) => c.action === 'SendMessage')).toHaveLength(0);
    expect(sandbox.exposure.sqs.calls().length).toBeGreaterThanOrEqual(before);
  });
});
