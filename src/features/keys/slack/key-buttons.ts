import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../../approvals/domain/approval-service';
import type { KeyCommands } from '../domain/key-commands';
import { asKeyId, type Clock } from '../../../kernel/types';
import type { Logger } from '../../../platform/logger';
import { requestOpenedBlocks } from '../../approvals/slack/approval-request';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply, refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { statusChangeBlocks } from './status-change';
import { noSuchKey } from '../../../platform/slack/blocks/texts';
import { askedForReason } from '../../approvals/slack/ask-reason';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface KeyButtonDeps {
  access: Access;
  commands: KeyCommands;
  approvals: ApprovalService;
  approvalsChannel?: string;
  clock: Clock;
  log: Logger;
}

/** The buttons next to each key of `/keys list`: the same services, and rights, as the commands. */
export function keyStatusButton(status: 'Active' | 'Inactive', deps: KeyButtonDeps) {
  return buttonAction(
    status === 'Active' ? 'key.activate' : 'key.deactivate',
    deps,
    async ({ actor, value }) => {
      const keyId = asKeyId(value);
      if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
      const outcome = await deps.commands.setStatus(actor, keyId, status);
      return outcomeReply(outcome, statusChangeBlocks);
    },
  );
}

/** Request deletion next to a key: where the policy wants a person's reason, asked in a modal. */
export function keyDeletionButton(deps: KeyButtonDeps) {
  return buttonAction('key.request-deletion', deps, async ({ actor, value, channel, openModal }) => {
    const keyId = asKeyId(value);
    if (!keyId) return plainReply(noSuchKey(value.slice(0, 128)));
    if (await askedForReason(deps.approvals, openModal, { source: 'list', target: keyId, channel })) {
      return undefined;
    }
    const outcome = await deps.approvals.request(actor, keyId, 'requested from /keys list', {
      generated: true,
    });
    return outcome.ok
      ? requestOpenedBlocks(outcome.value, deps.approvalsChannel ?? '')
      : refusalReply(outcome.refusal);
  });
}
