import type { App } from '@slack/bolt';
import {
  ActionRouter,
  UNKNOWN_CHOICE,
  type ButtonArgs,
  type Click,
} from '../../../src/platform/bolt/action-router';
import { requestContext } from '../../../src/platform/bolt/request-context';
import type { Actor } from '../../../src/kernel/authorization';
import { createLogger } from '../../../src/platform/logger';
import { NOT_ALLOWED } from '../../../src/platform/slack/blocks/texts';

/** What Bolt is given: the one matcher and its listener. */
function registered(router: ActionRouter) {
  let matcher: RegExp | undefined;
  let listener: ((args: ButtonArgs) => Promise<void>) | undefined;
  const app = {
    action: (constraint: RegExp, handle: (args: ButtonArgs) => Promise<void>) => {
      matcher = constraint;
      listener = handle;
    },
  } as unknown as App;
  router.register(app);
  if (!matcher || !listener) throw new Error('nothing registered');
  return { matcher, listener };
}

const log = createLogger({ level: 'silent' });
const ALICE = { slackUserId: 'U0ALICE', isAdmin: false } as unknown as Actor;

/** A click as Bolt hands it over, after the request middleware has run. */
async function click(actionId: string, options: { userId?: string; value?: string } = {}) {
  const calls = { acked: 0, answers: [] as unknown[], actors: 0 };
  const body = {
    type: 'block_actions',
    user: { id: options.userId ?? 'U0ALICE' },
    actions: [{ action_id: actionId }],
    container: { channel_id: 'C0ONE', message_ts: '1.2' },
    response_url: 'https://hooks.example/1',
    trigger_id: 't-1',
  };
  const args = {
    body,
    action: { action_id: actionId, value: options.value ?? 'v' },
    context: {},
    ack: async () => void calls.acked++,
    respond: async (message: unknown) => void calls.answers.push(message),
    client: {},
  } as unknown as ButtonArgs;
  const people = {
    actor: async () => {
      calls.actors++;
      return ALICE;
    },
  };
  await requestContext(people, log)({ ...args, next: async () => undefined } as never);
  return { args, calls };
}

/** An overflow menu's option picked, as Bolt hands it over: no value of its own, a selected_option. */
async function pick(actionId: string, optionValue: string) {
  const { args, calls } = await click(actionId);
  const overflow = {
    type: 'overflow',
    action_id: actionId,
    block_id: 'stale:0',
    selected_option: { value: optionValue },
  };
  return { args: { ...args, action: overflow } as unknown as ButtonArgs, calls };
}

describe('ActionRouter: an overflow menu whose options stand for buttons', () => {
  const menu = (value: string) =>
    value.startsWith('d|') ? { actionId: 'stale.deactivate', value: `key ${value.slice(2)}` } : undefined;

  it("hands a picked option to the listener of the button it stands for, with that button's value", async () => {
    const router = new ActionRouter();
    const seen: string[] = [];
    router.on('stale.deactivate', async ({ value }) => void seen.push(value));
    router.onOverflow('stale.line', menu);
    const { matcher, listener } = registered(router);
    expect(matcher.test('stale.line')).toBe(true);
    await listener((await pick('stale.line', 'd|alice')).args);
    expect(seen).toEqual(['key alice']);
  });

  it('answers an option no menu could have sent, and calls no listener', async () => {
    const router = new ActionRouter();
    const seen: string[] = [];
    router.on('stale.deactivate', async ({ value }) => void seen.push(value));
    router.onOverflow('stale.line', menu);
    const { listener } = registered(router);
    const { args, calls } = await pick('stale.line', 'z|forged');
    await listener(args);
    expect(seen).toEqual([]);
    expect(calls.acked).toBe(1);
    expect(JSON.stringify(calls.answers)).toContain(UNKNOWN_CHOICE);
  });

  it('refuses a menu under an action id a button already has', () => {
    const router = new ActionRouter();
    router.on('stale.line', async () => undefined);
    expect(() => router.onOverflow('stale.line', menu)).toThrow('two listeners');
  });
});

describe('ActionRouter: every button through one Bolt listener', () => {
  it('matches exactly the ids it was given, a dot a dot, and dispatches each to its own listener', async () => {
    const router = new ActionRouter();
    const seen: string[] = [];
    router.on('key.request-deletion', async () => void seen.push('delete'));
    router.on('approval.approve', async () => void seen.push('approve'));
    const { matcher, listener } = registered(router);

    for (const id of ['key.request-deletion', 'approval.approve']) expect(matcher.test(id)).toBe(true);
    for (const id of ['keyXrequest-deletion', 'key.request-deletion2', 'xapproval.approve', 'approval']) {
      expect(matcher.test(id)).toBe(false);
    }
    await listener((await click('approval.approve')).args);
    await listener((await click('key.request-deletion')).args);
    expect(seen).toEqual(['approve', 'delete']);
  });

  it('refuses two listeners for one action id', () => {
    const router = new ActionRouter();
    router.on('home.withdraw', async () => undefined);
    expect(() => router.on('home.withdraw', async () => undefined)).toThrow('two listeners');
  });

  it('acks, hands the listener the click, and answers ephemerally; the actor only when asked', async () => {
    const router = new ActionRouter();
    let seen: Click | undefined;
    router.on('key.activate', async (received) => {
      seen = received;
      return { text: 'done', blocks: [] };
    });
    const { args, calls } = await click('key.activate', { value: 'AKIA1' });
    await router.dispatch(args);
    expect(calls.acked).toBe(1);
    expect(seen).toMatchObject({
      user: 'U0ALICE',
      value: 'AKIA1',
      clickedOn: { channel: 'C0ONE', ts: '1.2' },
    });
    expect(calls.actors).toBe(0);
    expect(await seen?.actor()).toBe(ALICE);
    expect(calls.answers).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'done', blocks: [] },
    ]);
  });

  it('answers a click without a usable user id as not allowed, and runs no listener', async () => {
    const router = new ActionRouter();
    const listener = jest.fn();
    router.on('key.activate', listener);
    const { args, calls } = await click('key.activate', { userId: 'not-a-user' });
    await router.dispatch(args);
    expect(listener).not.toHaveBeenCalled();
    expect(calls.answers).toEqual([expect.objectContaining({ text: NOT_ALLOWED })]);
  });
});
