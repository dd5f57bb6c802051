import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Access } from '../../../access/access';
import { parseKeysCommand } from '../../../keys/command';
import { asSlackUserId } from '../../../keys/types';
import type { Logger } from '../../../logger';
import { plainReply, type Reply } from '../../blocks/primitives';
import { SOMETHING_WENT_WRONG } from '../../blocks/texts';
import { usageBlocks } from '../../blocks/usage';
import { runCommand, type CommandDeps } from './keys-handlers';

export interface KeysCommandDeps extends CommandDeps {
  access: Access;
  log: Logger;
}

/** `/keys`: ack at once, then parse -> derive the actor -> run -> answer ephemerally. */
export function keysCommand(deps: KeysCommandDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const answer = (reply: Reply) => respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
    const log = deps.log.child({ requestId: randomUUID(), slackUser: command.user_id, command: '/keys' });
    const parsed = parseKeysCommand(command.text ?? '');
    if (!parsed.ok) {
      log.info({ usage: parsed.usage.problem }, 'usage error');
      await answer(usageBlocks(parsed.usage));
      return;
    }
    const userId = asSlackUserId(command.user_id);
    if (!userId) {
      await answer(usageBlocks({ problem: 'bad-user', text: command.user_id }));
      return;
    }
    try {
      const actor = await deps.access.actor(userId);
      const reply = await runCommand(deps, actor, parsed.command);
      log.info({ subcommand: parsed.command.kind }, 'answered');
      await answer(reply);
    } catch (error) {
      log.error({ err: error, subcommand: parsed.command.kind }, 'command failed');
      await answer(plainReply(SOMETHING_WENT_WRONG));
    }
  };
}
