import { IamState, type IamServer } from '../../sandbox/iam';
import type { SlackServer } from '../../sandbox/slack';
import { DELIVERY_FAILED_ROLLED_BACK } from '../../src/features/creation/slack/texts';
import { APP_TOKEN, BOT_TOKEN, PEOPLE, SIGNING_SECRET, startBot, type Bot } from '../support/bot';

/**
 * Security rules 1 and 6 when the wire misbehaves: whatever Slack or IAM call drops, fails or
 * hangs in a flow that makes or shows keys, no log line holds a secret or a token, the secret is
 * posted nowhere but its one ephemeral message, and the person still gets an answer.
 */

/** Client timeouts short enough for dozens of runs; a late answer comes well after them. */
const CLIENT_TIMEOUT_MS = 300;
const LATE_MS = 1_000;
const FAST_CLIENTS = {
  slackClients: {
    timeoutMs: CLIENT_TIMEOUT_MS,
    retryConfig: { retries: 1, minTimeout: 20, maxTimeout: 50 },
    secretTimeoutMs: CLIENT_TIMEOUT_MS,
  },
  iamTimeouts: { connectionMs: CLIENT_TIMEOUT_MS, requestMs: CLIENT_TIMEOUT_MS },
};
/** Every call of the method fails for the whole run, retries included. */
const EVERY_CALL = 50;
const ANSWER_WITHIN_MS = 10_000;

interface Flow {
  name: string;
  text: string;
  seed(state: IamState): void;
}

const FLOWS: Flow[] = [
  { name: 'create', text: 'create', seed: (state) => state.addUser('alice') },
  {
    name: 'rotate',
    text: 'rotate',
    seed: (state) => {
      state.addUser('alice');
      state.addKey('alice');
    },
  },
  {
    name: 'list',
    text: 'list alice',
    seed: (state) => {
      state.addUser('alice');
      state.addKey('alice');
    },
  },
];

type FaultKind = 'dropped connection' | '5xx' | 'timeout';
const FAULT_KINDS: FaultKind[] = ['dropped connection', '5xx', 'timeout'];

type Target = { side: 'slack'; method: string } | { side: 'iam'; action: string };
const targetName = (target: Target) => (target.side === 'slack' ? target.method : `iam:${target.action}`);

function inject(bot: { slack: SlackServer; iam: IamServer }, target: Target, kind: FaultKind): void {
  if (target.side === 'slack') {
    const spec =
      kind === 'dropped connection'
        ? { dropConnection: true }
        : kind === '5xx'
          ? { status: 500 }
          : { delayMs: LATE_MS };
    bot.slack.failNext(target.method, { ...spec, times: EVERY_CALL });
    return;
  }
  const spec =
    kind === 'dropped connection'
      ? { dropConnection: true }
      : kind === '5xx'
        ? { code: 'ServiceFailure' as const }
        : { delayMs: LATE_MS };
  bot.iam.injectFault({ action: target.action, ...spec, times: EVERY_CALL });
}

interface RunResult {
  answered: boolean;
  /** What the flow called after start-up (auth.test at start-up is not the flow's). */
  slackMethods: string[];
  iamActions: string[];
  problems: string[];
}

/** One flow on a fresh bot, with one fault in place, and everything it left behind checked. */
async function run(flow: Flow, fault?: { target: Target; kind: FaultKind }): Promise<RunResult> {
  const state = new IamState();
  flow.seed(state);
  const bot = await startBot({ iamState: state, ...FAST_CLIENTS });
  let answered = false;
  try {
    const startupCalls = bot.slack.calls().length;
    if (fault) inject(bot, fault.target, fault.kind);
    const reply = await bot.driver.command(flow.text, { userId: PEOPLE.alice });
    answered = await bot.driver.waitForResponse(reply.responseUrl, ANSWER_WITHIN_MS).then(
      () => true,
      () => bot.slack.calls('chat.postEphemeral').some((call) => call.ok),
    );
    await bot.keywarden.inFlight.drain(ANSWER_WITHIN_MS);
    const slackCalls = bot.slack.calls().slice(startupCalls);
    return {
      answered,
      slackMethods: [...new Set(slackCalls.map((call) => call.method))],
      iamActions: [...new Set(bot.iam.calls().map((call) => call.action))],
      problems: leaks(bot, slackCalls),
    };
  } finally {
    await bot.stop();
  }
}

/** Every secret IAM issued in the run, and every credential of the bot, against everything it wrote. */
function leaks(bot: Bot, slackCalls: ReturnType<SlackServer['calls']>): string[] {
  const problems: string[] = [];
  const logs = bot.logs.join('\n');
  const responses = JSON.stringify(bot.slack.responses());
  const forms = (value: string) => [value, encodeURIComponent(value)];
  const credentials = { 'bot token': BOT_TOKEN, 'app token': APP_TOKEN, 'signing secret': SIGNING_SECRET };
  for (const [what, value] of Object.entries(credentials)) {
    if (forms(value).some((form) => logs.includes(form))) problems.push(`${what} in the logs`);
  }
  for (const secret of bot.iam.state.issuedSecrets()) {
    const carried = (text: string) => forms(secret).some((form) => text.includes(form));
    if (carried(logs)) problems.push('a secret in the logs');
    if (carried(responses)) problems.push('a secret in a response_url answer');
    const calls = slackCalls.filter((call) => carried(JSON.stringify(call.params)));
    if (calls.length > 1 || calls.some((call) => call.method !== 'chat.postEphemeral')) {
      problems.push(`a secret posted in ${calls.map((call) => call.method).join(', ')}`);
    }
  }
  return problems;
}

/** A few runs at a time: each waits on timeouts far more than it computes. */
async function inTurns<T, R>(items: T[], work: (item: T) => Promise<R>, atOnce = 3): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
  return results;
}

describe.each(FLOWS)('/keys $text under every fault its calls can meet', (flow) => {
  let targets: Target[];

  beforeAll(async () => {
    const clean = await run(flow);
    expect(clean).toMatchObject({ answered: true, problems: [] });
    targets = [
      ...clean.slackMethods.map((method): Target => ({ side: 'slack', method })),
      ...clean.iamActions.map((action): Target => ({ side: 'iam', action })),
    ];
  }, 30_000);

  it('calls Slack and IAM at all (else the matrix below tests nothing)', () => {
    expect(targets.some((target) => target.side === 'slack')).toBe(true);
    expect(targets).toContainEqual({ side: 'iam', action: 'ListAccessKeys' });
    if (flow.name !== 'list') {
      expect(targets).toContainEqual({ side: 'slack', method: 'chat.postEphemeral' });
      expect(targets).toContainEqual({ side: 'iam', action: 'CreateAccessKey' });
    }
  });

  it.each(FAULT_KINDS)(
    'a %s on each call: answered, no secret or token in any log line',
    async (kind) => {
      const outcomes = await inTurns(targets, async (target) => ({
        target: targetName(target),
        ...(await run(flow, { target, kind })),
      }));
      const problems = outcomes.flatMap((outcome) =>
        [...(outcome.answered ? [] : ['nobody was answered']), ...outcome.problems].map(
          (problem) => `${outcome.target}: ${problem}`,
        ),
      );
      expect(problems).toEqual([]);
      expect(outcomes).toHaveLength(targets.length);
    },
    90_000,
  );
});

describe('a secret delivery that does not finish in time', () => {
  it('is a failed delivery: the key is deleted in IAM, the asker told, the secret in no log line', async () => {
    const state = new IamState();
    state.addUser('alice');
    const bot = await startBot({ iamState: state, ...FAST_CLIENTS });
    try {
      // Slack holds the secret's ephemeral until the test lets it go: the answer comes while it is
      // still held, so the bot gave up on its own timeout rather than waiting for Slack.
      const ephemeral = bot.slack.hold('chat.postEphemeral');
      const reply = await bot.driver.command('create', { userId: PEOPLE.alice });
      const answer = JSON.stringify(await bot.driver.waitForResponse(reply.responseUrl));

      expect(ephemeral.waiting()).toBe(1);
      ephemeral.release();
      expect(answer).toContain(DELIVERY_FAILED_ROLLED_BACK);
      const [created] = bot.iam.calls('CreateAccessKey');
      expect(created?.status).toBe(200);
      expect(bot.iam.calls('DeleteAccessKey')).toMatchObject([
        { status: 200, params: { UserName: 'alice' } },
      ]);
      expect(state.keysOf('alice')).toEqual([]);
      const [secret] = state.issuedSecrets();
      expect(secret).toBeDefined();
      expect(bot.logs.join('\n')).not.toContain(secret);
      expect(bot.logs.join('\n')).toContain('new key not delivered');
    } finally {
      await bot.stop();
    }
  });
});
