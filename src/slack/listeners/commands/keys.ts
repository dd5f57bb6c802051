import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseKeysCommand } from '../../parsing/keys-command';
import { asSlackUserId } from '../../../keys/types';
import type { Logger } from '../../../logger';
import { usageBlocks } from '../../blocks/usage';
import { answerSafely, ephemeral } from '../answer';
import { runCommand, type CommandDeps } from './keys-handlers';

export interface KeysCommandDeps extends CommandDeps {
  log: Logger;
}

/** `/keys`: ack at once, then parse -> derive the actor -> run -> answer ephemerally. */
export function keysCommand(deps: KeysCommandDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const log = deps.log.child({ requestId: randomUUID(), slackUser: command.user_id, command: '/keys' });
    await answerSafely(log, ephemeral(respond), async () => {
      const parsed = parseKeysCommand(command.text ?? '');
      const userId = asSlackUserId(command.user_id);
      if (!parsed.ok || !userId) {
        const usage = parsed.ok ? ({ problem: 'bad-user', text: command.user_id } as const) : parsed.usage;
        log.info({ usage: usage.problem }, 'usage error');
        return usageBlocks(usage);
      }
      const actor = await deps.access.actor(userId);
      const reply = await runCommand(deps, actor, parsed.command);
      log.info({ subcommand: parsed.command.kind }, 'answered');
      return reply;
    });
  };
}
