import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Context, Middleware, RespondFn } from '@slack/bolt';
import type { Actor } from '../../kernel/authorization';
import { codeOf } from '../../kernel/errors';
import { asSlackUserId, type SlackUserId } from '../../kernel/types';
import type { People } from '../../kernel/ports/people';
import { lazyChild, type Logger } from '../logger';
import {
  inRequestSpan,
  markRequestFailed,
  tracingHooks,
  type RequestSurface,
} from '../tracing/tracing-hooks';
import { plainReply, type Reply } from '../slack/blocks/primitives';
import { SOMETHING_WENT_WRONG } from '../slack/blocks/texts';
import { ephemeral } from './answer';
import type { Metrics } from '../metrics/metrics';

/** What every listener gets from the one request middleware, on `context`. */
export interface RequestContext {
  readonly requestId: string;
  /** The person, from the signed payload's user id alone; undefined when it names none. */
  readonly slackUserId: SlackUserId | undefined;
  /**
   * The person's rights, looked up on first use and then kept. Never before a listener's ack: the
   * lookup may call Slack (bench/README.md, "What happens before the ack").
   */
  actor(): Promise<Actor | undefined>;
  /** A child logger with the request's bindings, made on first use (most requests write no line). */
  readonly log: Logger;
  /** A line on the parent logger with the request's bindings: no child is made for it. */
  done(fields: Record<string, unknown>, message: string): void;
  /**
   * Where the failure answer goes when the request has no response_url (a Home button, a modal's
   * submission): the listener says so once it knows where the person is looking.
   */
  answerFailureWith(answer: (reply: Reply) => Promise<unknown>): void;
  /**
   * The listener answered with a refusal (a `refused` Reply, see outcome-reply.ts): the request is
   * counted `refused` in keywarden_commands_total / keywarden_actions_total. Said by the listener on
   * this object, not found through an AsyncLocalStorage, whose hooks cost on every promise of the process.
   */
  refused(): void;
  /**
   * The subcommand the listener parsed: a kind of the command's grammar, never typed text (the
   * `subcommand` label of keywarden_commands_total); a command that names none counts as `unknown`.
   */
  parsedAs(subcommand: string): void;
}

const KEY = 'keywarden';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A workflow step's person: its `requester` input (run contract), a `slack#/types/user_context` that Slack
 * fills with whoever ran the workflow and a builder cannot type in. Any other shape names nobody.
 */
export const STEP_REQUESTER_INPUT = 'requester';

function stepRequesterOf(event: Record<string, unknown>): SlackUserId | undefined {
  const requester = isRecord(event.inputs) ? event.inputs[STEP_REQUESTER_INPUT] : undefined;
  const id = isRecord(requester) ? text(requester.id) : undefined;
  return id === undefined ? undefined : asSlackUserId(id);
}

/**
 * The signed payload's user id: a command's `user_id`, an interaction's `user.id`, an event's `user`,
 * a workflow step's `requester` (and nothing else of a `function_executed` event).
 */
export function slackUserOf(body: unknown): SlackUserId | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.event) && body.event.type === 'function_executed') return stepRequesterOf(body.event);
  const id =
    text(body.user_id) ??
    (isRecord(body.user) ? text(body.user.id) : undefined) ??
    (isRecord(body.event) ? text(body.event.user) : undefined);
  return id === undefined ? undefined : asSlackUserId(id);
}

/** Which surface the request came from, and the command, action or callback id it names. */
function surfaceOf(body: unknown): { surface: RequestSurface; name?: string } {
  if (!isRecord(body)) return { surface: 'other' };
  if (typeof body.command === 'string') return { surface: 'command', name: body.command };
  if (body.type === 'block_actions' && Array.isArray(body.actions) && isRecord(body.actions[0])) {
    return { surface: 'button', name: text(body.actions[0].action_id) };
  }
  if (body.type === 'view_submission' && isRecord(body.view)) {
    return { surface: 'view', name: text(body.view.callback_id) };
  }
  if (body.type === 'event_callback' && isRecord(body.event)) {
    return { surface: 'event', name: text(body.event.type) };
  }
  return { surface: 'other' };
}

function isRequestContext(value: unknown): value is RequestContext {
  return isRecord(value) && typeof value.actor === 'function' && typeof value.refused === 'function';
}

/** The request's context, as the middleware left it; a listener reached without it is a wiring bug. */
export function requestOf(context: Context): RequestContext {
  const request: unknown = context[KEY];
  if (!isRequestContext(request)) throw new Error('the request middleware is not installed');
  return request;
}

/**
 * The one request middleware (`app.use`): derives the person once, binds the request's logger, and
 * owns the failure answer. An unexpected error in a listener is logged here once, with its code,
 * and the person is told something went wrong: ephemerally through the response_url where there is
 * one, else where the listener said (a Home, a DM, beside a request). Nothing slow runs before the
 * listener's ack: the actor and the child logger are made on first use.
 */
export function requestContext(
  people: Pick<People, 'actor'>,
  log: Logger,
  metrics?: Metrics,
): Middleware<AnyMiddlewareArgs> {
  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const { body, context, next } = args;
    const slackUserId = slackUserOf(body);
    const requestId = randomUUID();
    const { surface, name } = surfaceOf(body);
    const bindings = {
      requestId,
      slackUser: slackUserId,
      surface,
      ...(surface === 'command' ? { command: name } : surface === 'view' ? { view: name } : { action: name }),
    };
    let actor: Promise<Actor | undefined> | undefined;
    let failureAnswer: ((reply: Reply) => Promise<unknown>) | undefined;
    let refused = false;
    let subcommand: string | undefined;
    const respond = 'respond' in args ? (args.respond as RespondFn | undefined) : undefined;
    const request: RequestContext = {
      requestId,
      slackUserId,
      actor: () => (actor ??= slackUserId ? people.actor(slackUserId) : Promise.resolve(undefined)),
      log: lazyChild(log, () => bindings),
      done: (fields, message) => log.info({ ...bindings, ...fields }, message),
      answerFailureWith: (answer) => {
        failureAnswer = answer;
      },
      refused: () => {
        refused = true;
      },
      parsedAs: (kind) => {
        subcommand = kind;
      },
    };
    context[KEY] = request;
    let failed = true;
    try {
      await next();
      failed = false;
    } catch (error) {
      markRequestFailed(codeOf(error) ?? 'UNEXPECTED');
      request.log.error({ err: error, code: codeOf(error) ?? 'UNEXPECTED' }, 'listener failed');
      const answer = failureAnswer ?? (respond && ephemeral(respond));
      try {
        await answer?.(plainReply(SOMETHING_WENT_WRONG));
      } catch (answerError) {
        request.log.warn({ err: answerError }, 'the answer could not be delivered');
      }
    } finally {
      // Commands and clicks or submissions are counted by how they ended; an event is not a request of a person's.
      const outcome = failed ? 'failed' : refused ? 'refused' : 'ok';
      if (surface === 'command') metrics?.command(name, subcommand, outcome);
      else if (surface === 'button' || surface === 'view') metrics?.action(name, outcome);
    }
  };
  // With tracing on (decided at start-up), each request runs in its own span; off, nothing is added.
  if (!tracingHooks()) return middleware;
  return (args) => {
    const { surface, name } = surfaceOf(args.body);
    return inRequestSpan(surface, name, args.body, () => middleware(args));
  };
}
