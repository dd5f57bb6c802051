import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseKeysCommand } from './parse-keys-command';
import { asSlackUserId } from '../../../kernel/types';
import { lazyChild, type Logger } from '../../../platform/logger';
import { helpBlocks } from './help';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { usageBlocks } from './usage';
import { answerSafely, ephemeral } from '../../../platform/bolt/answer';
import { runCommand, type CommandDeps } from './keys-handlers';

export interface KeysCommandDeps extends CommandDeps {
  log: Logger;
}

/**
 * `/keys`: parse -> derive the actor -> run -> answer ephemerally. Help and usage errors need no I/O,
 * so they are the ack's own body (no response_url POST after it); everything else is acked at once
 * and answered after, since Slack allows three seconds and IAM can take longer.
 */
export function keysCommand(deps: KeysCommandDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const requestId = randomUUID();
    const bindings = { requestId, slackUser: command.user_id, command: '/keys' };
    const parsed = parseKeysCommand(command.text ?? '');
    const userId = asSlackUserId(command.user_id);
    if (!parsed.ok || !userId) {
      const usage = parsed.ok ? ({ problem: 'bad-user', text: command.user_id } as const) : parsed.usage;
      await ack(ackBody(usageBlocks(usage)));
      deps.log.info({ ...bindings, usage: usage.problem }, 'usage error');
      return;
    }
    if (parsed.command.kind === 'help') {
      await ack(ackBody(helpBlocks()));
      deps.log.info({ ...bindings, subcommand: 'help' }, 'answered');
      return;
    }
    await ack();
    const request = parsed.command;
    // The one line of a command that goes well carries the bindings itself; the child is for failures.
    await answerSafely(
      lazyChild(deps.log, () => bindings),
      ephemeral(respond),
      async () => {
        const actor = await deps.access.actor(userId);
        const reply = await runCommand(deps, actor, request);
        deps.log.info({ ...bindings, subcommand: request.kind }, 'answered');
        return reply;
      },
    );
  };
}

/** An ephemeral answer carried by the ack, as Slack shows it to the person who typed the command. */
function ackBody(reply: Reply) {
  return { response_type: 'ephemeral' as const, text: reply.text, blocks: reply.blocks };
}
