import { Writable } from 'node:stream';
import type { Context } from '@slack/bolt';
import { requestContext, requestOf, slackUserOf } from '../../../src/platform/bolt/request-context';
import { KeywardenError } from '../../../src/kernel/errors';
import type { Actor } from '../../../src/kernel/authorization';
import { createLogger } from '../../../src/platform/logger';
import { SOMETHING_WENT_WRONG } from '../../../src/platform/slack/blocks/texts';
import { Metrics } from '../../../src/platform/metrics/metrics';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

const ALICE = { slackUserId: 'U0ALICE' } as unknown as Actor;
const command = { command: '/keys', user_id: 'U0ALICE', text: 'list' };

async function run(
  body: Record<string, unknown>,
  listener: (context: Context) => Promise<void>,
  respond?: (message: unknown) => Promise<void>,
  metrics?: Metrics,
) {
  const { lines, log } = capture();
  let lookups = 0;
  const people = {
    actor: async () => {
      lookups++;
      return ALICE;
    },
  };
  const context = {} as Context;
  const args = { body, context, next: () => listener(context), ...(respond ? { respond } : {}) };
  await requestContext(people, log, metrics)(args as never);
  return { lines, lookups: () => lookups };
}

describe('the request middleware', () => {
  it('reads the user id of a command, a click and an event, and nothing else', () => {
    expect(slackUserOf(command)).toBe('U0ALICE');
    expect(slackUserOf({ type: 'block_actions', user: { id: 'U0BOB' } })).toBe('U0BOB');
    expect(slackUserOf({ type: 'event_callback', event: { user: 'U0EVE' } })).toBe('U0EVE');
    expect(slackUserOf({ user: { id: 'not a user' } })).toBeUndefined();
    expect(slackUserOf({ user: 42 })).toBeUndefined();
  });

  it('reads a workflow step’s person from its requester user_context only, never from the event’s user', () => {
    const step = (inputs: unknown, extra: Record<string, unknown> = {}) => ({
      type: 'event_callback',
      event: { type: 'function_executed', inputs, ...extra },
    });
    expect(slackUserOf(step({ requester: { id: 'U0ALICE', secret: 'x' } }))).toBe('U0ALICE');
    // A builder can put text in other inputs, or a string where the person should be: neither names anyone.
    expect(slackUserOf(step({ requester: 'U0ADMIN' }))).toBeUndefined();
    expect(slackUserOf(step({ approver: { id: 'U0ADMIN' } }, { user: 'U0ADMIN' }))).toBeUndefined();
    expect(slackUserOf(step({ requester: { id: 'not a user' } }))).toBeUndefined();
  });

  it('looks the actor up only when asked, once', async () => {
    let seen: unknown[] = [];
    const { lookups } = await run(command, async (context) => {
      const request = requestOf(context);
      seen = [await request.actor(), await request.actor()];
    });
    expect(seen).toEqual([ALICE, ALICE]);
    expect(lookups()).toBe(1);
    const idle = await run(command, async () => undefined);
    expect(idle.lookups()).toBe(0);
  });

  it('logs a failure once, with its code and the request, and tells the person through the response_url', async () => {
    const answers: unknown[] = [];
    const { lines } = await run(
      command,
      async () => {
        throw new KeywardenError('IAM_UNAVAILABLE', 'down');
      },
      async (message) => void answers.push(message),
    );
    const failures = lines.filter((line) => line.msg === 'listener failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      code: 'IAM_UNAVAILABLE',
      slackUser: 'U0ALICE',
      surface: 'command',
      command: '/keys',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(answers).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: SOMETHING_WENT_WRONG }),
    ]);
  });

  it('tells the person where the listener said, where there is no response_url', async () => {
    const told: string[] = [];
    const { lines } = await run(
      { type: 'view_submission', user: { id: 'U0ALICE' }, view: {} },
      async (context) => {
        requestOf(context).answerFailureWith(async (reply) => void told.push(reply.text));
        throw new Error('boom');
      },
    );
    expect(told).toEqual([SOMETHING_WENT_WRONG]);
    expect(lines.find((line) => line.msg === 'listener failed')).toMatchObject({ code: 'UNEXPECTED' });
  });

  describe('counts each request by how its listener said it ended', () => {
    async function counted(body: Record<string, unknown>, listener: (context: Context) => Promise<void>) {
      const metrics = new Metrics({ version: '1', defaultMetrics: false });
      await run(body, listener, async () => undefined, metrics);
      const [commands, actions] = await Promise.all([metrics.commands.get(), metrics.actions.get()]);
      return [...commands.values, ...actions.values].map(({ labels, value }) => ({ ...labels, value }));
    }
    const click = {
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      actions: [{ action_id: 'key_deactivate' }],
    };

    it('a command with its subcommand, refused when the listener says so', async () => {
      expect(
        await counted(command, async (context) => {
          requestOf(context).parsedAs('list');
          requestOf(context).refused();
        }),
      ).toEqual([{ command: '/keys', subcommand: 'list', outcome: 'refused', value: 1 }]);
    });

    it('a command that names no subcommand is unknown, whatever was typed; a throw is failed', async () => {
      expect(
        await counted({ ...command, text: 'alice' }, async () => {
          throw new Error('boom');
        }),
      ).toEqual([{ command: '/keys', subcommand: 'unknown', outcome: 'failed', value: 1 }]);
    });

    it('a click by its action id; ok unless refused', async () => {
      expect(await counted(click, async () => undefined)).toEqual([
        { action: 'key_deactivate', outcome: 'ok', value: 1 },
      ]);
    });
  });
});
