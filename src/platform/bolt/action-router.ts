import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ButtonArgs } from './button-action';

type ButtonListener = (args: ButtonArgs) => Promise<void>;

/** A RegExp that matches exactly these ids. */
function exactly(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/**
 * Every button through one Bolt listener, dispatched by action id. Bolt runs the middleware of
 * every registered listener for every request it receives (a command or a view submission too,
 * where each action listener only says "not mine"), and with 28 button listeners that was most of
 * the bot's own cost per `/keys help`: one listener took its throughput from 2,237 to 2,834–3,045 a
 * second (bench:ack, bench/README.md). Bolt still matches the ids, so an unknown one is unhandled
 * as before.
 */
export class ActionRouter {
  private readonly routes = new Map<string, ButtonListener>();

  on(actionId: string, listener: ButtonListener): void {
    if (this.routes.has(actionId)) throw new Error(`two listeners for the action ${actionId}`);
    this.routes.set(actionId, listener);
  }

  register(app: App): void {
    app.action<BlockAction<ButtonAction>>(exactly([...this.routes.keys()]), async (args) => {
      await this.routes.get(args.action.action_id)?.(args);
    });
  }
}
