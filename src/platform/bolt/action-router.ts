import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  OverflowAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { Actor } from '../../kernel/authorization';
import type { SlackUserId } from '../../kernel/types';
import type { Logger } from '../logger';
import { plainReply, type Reply } from '../slack/blocks/primitives';
import { NOT_ALLOWED } from '../slack/blocks/texts';
import { deleteOriginal, ephemeral, isRemoval, isReplacement, replaceOriginal } from './answer';
import { requestOf } from './request-context';
import { markLine } from '../slack/blocks/mark-line';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction | OverflowAction>> &
  AllMiddlewareArgs;

/** The button an overflow menu's option stands for: its action id and the value that button would carry. */
export interface OverflowChoice {
  actionId: string;
  value: string;
}

/** Reads an option's value (untrusted text); undefined for one the menu could not have sent. */
export type OverflowChoices = (selected: string) => OverflowChoice | undefined;

/** One click, as a button's listener sees it: nothing in it is trusted but the signed user id. */
export interface Click {
  /** The clicker, from the signed payload's user id alone. */
  user: SlackUserId;
  /** The clicker's rights, looked up on first use (after the ack). */
  actor(): Promise<Actor>;
  /** The button's value: untrusted text, validated by each listener. */
  value: string;
  /** The message the button was on. */
  clickedOn?: { channel: string; ts: string };
  /** The conversation the button was in (a message's, or an ephemeral's). */
  channel?: string;
  /** Opens a modal with the click's trigger_id, valid for three seconds after the click. */
  openModal(view: ModalView): Promise<void>;
  /**
   * Rewrites the channel message the button was on: its row of buttons becomes `note`, for everyone
   * in the channel (a report line handled). Does nothing where there is no such message (an
   * ephemeral, the Home). A failure is logged, not the clicker's: their action was done.
   */
  markLine(note: string, options?: { keepMenu?: boolean }): Promise<void>;
  /** Where a failure is told when the click has no response_url (a Home button). */
  answerFailureWith(answer: (reply: Reply) => Promise<unknown>): void;
  /** The click was refused, for a listener that answers elsewhere (the Home); a returned Reply says it itself. */
  refused(): void;
  log: Logger;
}

/**
 * A button's listener: its answer to the clicker (ephemeral, or in place of the message for a
 * `replacement`), or undefined when it answers otherwise (a modal, the Home).
 */
export type ButtonListener = (click: Click) => Promise<Reply | undefined>;

/** Said for an overflow option whose value no menu of Keywarden's makes: nothing was done. */
export const UNKNOWN_CHOICE = 'That choice does not name anything Keywarden can do. Nothing was changed.';

/** A RegExp that matches exactly these ids. */
function exactly(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/** The container's conversation and message, as Slack sends them for a click on a message. */
function containerOf(container: unknown): { channel?: string; ts?: string } {
  if (typeof container !== 'object' || container === null) return {};
  const { channel_id: channel, message_ts: ts } = container as Record<string, unknown>;
  return {
    ...(typeof channel === 'string' && channel ? { channel } : {}),
    ...(typeof ts === 'string' && ts ? { ts } : {}),
  };
}

/**
 * Every button through one Bolt listener, dispatched by action id. Bolt runs the middleware of
 * every registered listener for every request it receives (a command or a view submission too,
 * where each action listener only says "not mine"), and with 28 button listeners that was most of
 * the bot's own cost per `/keys help`: one listener took its throughput from 2,237 to 2,834–3,045 a
 * second (bench:ack, bench/README.md). Bolt still matches the ids, so an unknown one is unhandled
 * as before.
 *
 * It is also each button's skeleton, written once: ack at once, the clicker from the request
 * middleware (src/platform/bolt/request-context.ts, which owns the failure answer), the listener,
 * its answer through the response_url.
 */
export class ActionRouter {
  private readonly routes = new Map<string, ButtonListener>();
  private readonly menus = new Map<string, OverflowChoices>();

  on(actionId: string, listener: ButtonListener): void {
    if (this.routes.has(actionId)) throw new Error(`two listeners for the action ${actionId}`);
    this.routes.set(actionId, listener);
  }

  /**
   * An overflow menu whose options stand for buttons registered with `on`: the option picked goes to
   * that button's listener with that button's value, so a menu adds no second path to the same action.
   */
  onOverflow(actionId: string, choices: OverflowChoices): void {
    if (this.routes.has(actionId) || this.menus.has(actionId))
      throw new Error(`two listeners for the action ${actionId}`);
    this.menus.set(actionId, choices);
  }

  /** The one Bolt listener, registered once every slice has added its buttons. */
  register(app: App): void {
    app.action<BlockAction<ButtonAction | OverflowAction>>(
      exactly([...this.routes.keys(), ...this.menus.keys()]),
      (args) => this.dispatch(args),
    );
  }

  /** The listener and value of a click: a button's own, or those an overflow option stands for. */
  private route(
    action: ButtonAction | OverflowAction,
  ): { listener: ButtonListener; value: string } | undefined {
    if (action.type !== 'overflow') {
      const listener = this.routes.get(action.action_id);
      return listener ? { listener, value: action.value ?? '' } : undefined;
    }
    const choice = this.menus.get(action.action_id)?.(action.selected_option.value);
    const listener = choice && this.routes.get(choice.actionId);
    return choice && listener ? { listener, value: choice.value } : undefined;
  }

  async dispatch(args: ButtonArgs): Promise<void> {
    const known = this.routes.has(args.action.action_id) || this.menus.has(args.action.action_id);
    if (!known) return;
    const { ack, body, action, respond, client, context } = args;
    await ack();
    const request = requestOf(context);
    const answer = async (reply: Reply | undefined) => {
      if (!reply?.text || !body.response_url) return;
      try {
        if (isRemoval(reply)) await deleteOriginal(respond)();
        else await (isReplacement(reply) ? replaceOriginal(respond)(reply) : ephemeral(respond)(reply));
      } catch (error) {
        request.log.warn({ err: error }, 'the answer could not be delivered');
      }
    };
    const user = request.slackUserId;
    if (!user) return answer(plainReply(NOT_ALLOWED));
    const routed = this.route(action);
    if (!routed) {
      request.log.warn({ actionId: action.action_id }, 'an overflow option no menu of ours could have sent');
      request.refused();
      return answer(plainReply(UNKNOWN_CHOICE));
    }
    const { listener } = routed;
    const container = containerOf(body.container);
    const channel = body.channel?.id ?? container.channel;
    const reply = await listener({
      user,
      actor: async () => {
        const actor = await request.actor();
        if (!actor) throw new Error('a signed user id without an actor');
        return actor;
      },
      value: routed.value,
      ...(container.channel && container.ts
        ? { clickedOn: { channel: container.channel, ts: container.ts } }
        : {}),
      ...(channel ? { channel } : {}),
      openModal: async (view) => {
        await client.views.open({ trigger_id: body.trigger_id, view });
      },
      markLine: async (note, options) => {
        const message = body.message;
        const blockId = action.block_id;
        if (!message?.blocks || !container.channel || !container.ts || !blockId) return;
        try {
          await client.chat.update({
            channel: container.channel,
            ts: container.ts,
            text: typeof message.text === 'string' ? message.text : '',
            blocks: markLine(message.blocks as KnownBlock[], blockId, note, options?.keepMenu),
          });
        } catch (error) {
          request.log.warn({ err: error }, 'the clicked line could not be marked');
        }
      },
      answerFailureWith: request.answerFailureWith,
      refused: request.refused,
      log: request.log,
    });
    if (reply?.refused) request.refused();
    request.done({}, 'clicked');
    await answer(reply);
  }
}
