import { IamState } from '../../sandbox/iam';
import type { IdpServer } from '../../sandbox/idp';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { STEP_UP_APPROVED_PAGE, STEP_UP_FAILURE_TEXTS } from '../../src/features/stepup/slack/texts';
import { approvalMessageFor } from '../support/approvals';
import { PEOPLE, replyText, startBot, startSharedStore, type Bot } from '../support/bot';
import {
  clickApprove,
  finishAt,
  outcomeOf,
  signIn,
  startStepUpIdp,
  STEP_UP_CLIENT,
  stepUpPolicy,
} from '../support/step-up';
import { freePort } from '../support/free-port';

describe('step-up approvals across two replicas on one table', () => {
  let store: EmbeddedDynamo;
  let idp: IdpServer;
  let a: Bot;
  let b: Bot;
  let bUrl: string;

  beforeAll(async () => {
    store = await startSharedStore();
    const started = await startStepUpIdp();
    idp = started.idp;
    const state = new IamState();
    state.addUser('alice');
    state.addUser('bob');
    // Both replicas sit behind one public URL, as behind a load balancer; the test delivers to each.
    const stepUp = { publicUrl: started.publicUrl, clientSecret: STEP_UP_CLIENT.secret };
    const policy = stepUpPolicy(idp.url).replace('required: 1', 'required: 2');
    a = await startBot({
      iamState: state,
      dynamoEndpoint: store.endpoint,
      policyYaml: policy,
      port: started.port,
      stepUp,
    });
    const bPort = await freePort();
    bUrl = `http://127.0.0.1:${bPort}`;
    b = await startBot({
      iam: a.iam,
      slack: a.slack,
      dynamoEndpoint: store.endpoint,
      policyYaml: policy,
      port: bPort,
      stepUp,
    });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await idp.close();
    await store.close();
  });

  it('two approvers each step up for a request needing two; each callback, sent to both replicas, counts once', async () => {
    const key = a.iam.state.addKey('bob');
    const asked = await a.driver.command(`delete ${key.accessKeyId} INC-7`, { userId: PEOPLE.admin });
    expect(replyText(await a.driver.waitForResponse(asked.responseUrl))).toContain('requested');
    const request = approvalMessageFor(a, key.accessKeyId);

    const first = await clickApprove(a, request, PEOPLE.approver);
    const firstWalk = await signIn(first.link ?? '', { login: 'april@example.com' });
    const firstPages = await Promise.all([
      finishAt(firstWalk.callback, firstWalk.botCookies),
      finishAt(firstWalk.callback, firstWalk.botCookies, bUrl),
    ]);
    expect(firstPages.map((page) => outcomeOf(page.page)).sort()).toEqual(
      [STEP_UP_APPROVED_PAGE, STEP_UP_FAILURE_TEXTS.used].sort(),
    );
    // One of two: the key stays.
    expect(a.iam.state.findKey(key.accessKeyId)).toBeDefined();

    // The second approver clicks on the other replica; their callback also reaches both.
    const second = await clickApprove(b, request, PEOPLE.approver2);
    const secondWalk = await signIn(second.link ?? '', { login: 'arne@example.com' });
    const secondPages = await Promise.all([
      finishAt(secondWalk.callback, secondWalk.botCookies, bUrl),
      finishAt(secondWalk.callback, secondWalk.botCookies),
    ]);
    expect(secondPages.map((page) => outcomeOf(page.page)).sort()).toEqual(
      [STEP_UP_APPROVED_PAGE, STEP_UP_FAILURE_TEXTS.used].sort(),
    );
    expect(a.iam.state.findKey(key.accessKeyId)).toBeUndefined();
    expect(
      a.iam.calls('DeleteAccessKey').filter((call) => call.params.AccessKeyId === key.accessKeyId),
    ).toHaveLength(1);
    const message = a.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(message)).toContain(
      `approved by <@${PEOPLE.approver}> (MFA), <@${PEOPLE.approver2}> (MFA)`,
    );
    expect(idp.signIns().map((entry) => entry.email)).toEqual(['april@example.com', 'arne@example.com']);
  });
});
