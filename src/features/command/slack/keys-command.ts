import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseKeysCommand } from './parse-keys-command';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { usageBlocks } from './usage';
import { ephemeral } from '../../../platform/bolt/answer';
import { requestOf } from '../../../platform/bolt/request-context';
import { runCommand, type CommandDeps } from './keys-handlers';

/**
 * `/keys`: parse -> derive the actor -> run -> answer ephemerally. Usage errors need no I/O, so they
 * are the ack's own body (no response_url POST after it); everything else is acked at once and
 * answered after, since Slack allows three seconds and IAM can take longer. Help is among the
 * latter: it shows admin commands only to admins, and who is one may need Slack's user groups.
 * A failure is the request middleware's to log and answer.
 */
export function keysCommand(deps: CommandDeps) {
  return async function runKeysCommand({
    command,
    ack,
    respond,
    context,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
    const request = requestOf(context);
    const parsed = parseKeysCommand(command.text ?? '');
    // The grammar's word for what was asked (never the typed text): the commands counter's label.
    request.parsedAs(parsed.ok ? parsed.command.kind : 'unknown');
    if (!parsed.ok || !request.slackUserId) {
      const usage = parsed.ok ? ({ problem: 'bad-user', text: command.user_id } as const) : parsed.usage;
      await ack(ackBody(usageBlocks(usage)));
      request.done({ usage: usage.problem }, 'usage error');
      return;
    }
    await ack();
    const actor = await request.actor();
    if (!actor) return;
    const reply = await runCommand(deps, actor, parsed.command, { channel: command.channel_id });
    if (reply.refused) request.refused();
    // The one line of a command that goes well carries the bindings itself; the child is for failures.
    request.done({ subcommand: parsed.command.kind }, 'answered');
    // An empty answer: what was done is shown where it happened (a rotation's guide in this DM).
    if (!reply.text) return;
    try {
      await ephemeral(respond)(reply);
    } catch (error) {
      request.log.warn({ err: error }, 'the answer could not be delivered');
    }
  };
}

/** An ephemeral answer carried by the ack, as Slack shows it to the person who typed the command. */
function ackBody(reply: Reply) {
  return { response_type: 'ephemeral' as const, text: reply.text, blocks: reply.blocks };
}
