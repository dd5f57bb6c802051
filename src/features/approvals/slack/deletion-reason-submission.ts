import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../domain/approval-service';
import type { Actor } from '../../../kernel/authorization';
import type { HomeKeyActions } from '../../home/domain/home-key-actions';
import type { Outcome } from '../../../kernel/outcome';
import type { KeyRotation } from '../../rotation/domain/key-rotation';
import type { StaleKeyActions } from '../../reports/domain/stale-key-actions';
import { asKeyId, asSlackUserId, type KeyId } from '../../../kernel/types';
import { MAX_REASON_LENGTH } from '../../../kernel/user-text';
import type { Logger } from '../../../platform/logger';
import { requestOpenedBlocks } from './approval-request';
import {
  decodeDeletionReasonMetadata,
  reasonFieldError,
  REASON_ACTION,
  REASON_BLOCK,
  type DeletionReasonMetadata,
} from './deletion-reason-modal';
import { parseReportButtonValue } from '../../reports/slack/report-button';
import { ROTATION_STEP_DONE_TEXT } from '../../rotation/slack/rotation-guide';
import { BAD_REPORT_BUTTON } from '../../reports/slack/stale-texts';
import { noSuchKey, refusalText, SOMETHING_WENT_WRONG } from '../../../platform/slack/blocks/texts';
import { userTextInputError } from '../../../platform/slack/user-text-input';
import type { PublishHome } from '../../home/slack/publish-home';

export interface DeletionReasonViewDeps {
  access: Access;
  approvals: ApprovalService;
  rotation: KeyRotation;
  homeKeys: HomeKeyActions;
  staleActions: StaleKeyActions;
  publishHome: PublishHome;
  approvalsChannel?: string;
  log: Logger;
}

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Request deletion modal's submission. A reason that breaks the policy's rule is answered in
 * the modal, before anything is asked of IAM; otherwise the modal closes at once and the request
 * goes through the same service as `/keys delete KEY_ID reason`, with the person's reason. The
 * answer goes where the button was: an ephemeral message in its conversation, or the Home.
 */
export function deletionReasonView(deps: DeletionReasonViewDeps) {
  return async ({ ack, body, view, client }: ViewArgs) => {
    const metadata = decodeDeletionReasonMetadata(view.private_metadata);
    const typed = view.state.values[REASON_BLOCK]?.[REASON_ACTION]?.value ?? '';
    const reason = typed.trim();
    // The rule for any text people type first, as `/keys delete` applies it (the policy's pattern
    // never sees 100 KB); then the policy's.
    const reasonError =
      userTextInputError(typed, MAX_REASON_LENGTH) ?? (metadata && policyReasonError(deps.approvals, reason));
    if (reasonError) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: reasonError } });
      return;
    }
    await ack();
    const log = deps.log.child({
      requestId: randomUUID(),
      slackUser: body.user.id,
      action: 'deletion-reason',
    });
    const userId = asSlackUserId(body.user.id);
    if (!metadata || !userId) {
      log.warn('a deletion modal came back unreadable; nothing was requested');
      return;
    }
    const answer = async (text: string) => {
      try {
        if (metadata.source === 'home') await deps.publishHome(userId, text);
        else if (metadata.channel)
          await client.chat.postEphemeral({ channel: metadata.channel, user: userId, text });
      } catch (error) {
        log.warn({ err: error }, 'the deletion answer could not be delivered');
      }
    };
    try {
      const actor = await deps.access.actor(userId);
      const text = await request(deps, actor, metadata, reason);
      log.info({ source: metadata.source }, 'deletion requested in the modal');
      await answer(text);
    } catch (error) {
      log.error({ err: error, code: (error as { code?: string }).code }, 'deletion request failed');
      await answer(SOMETHING_WENT_WRONG);
    }
  };
}

/** What the field says when the reason breaks the policy's `approvals.reason`, or undefined. */
function policyReasonError(approvals: ApprovalService, reason: string): string | undefined {
  const problem = approvals.reasonProblem(reason);
  if (!problem) return undefined;
  return reasonFieldError('pattern' in problem ? problem.pattern : undefined);
}

async function request(
  deps: DeletionReasonViewDeps,
  actor: Actor,
  metadata: DeletionReasonMetadata,
  reason: string,
): Promise<string> {
  const said = <T>(outcome: Outcome<T>, onDone: (value: T) => string) =>
    outcome.ok ? onDone(outcome.value) : refusalText(outcome.refusal);
  if (metadata.source === 'rotation') {
    return said(
      await deps.rotation.requestOldKeyDeletion(actor, metadata.target, reason),
      () => ROTATION_STEP_DONE_TEXT.requestOldKeyDeletion ?? '',
    );
  }
  const opened = (request: Parameters<typeof requestOpenedBlocks>[0]) =>
    requestOpenedBlocks(request, deps.approvalsChannel ?? '').text;
  if (metadata.source === 'report') {
    const reported = parseReportButtonValue(metadata.target);
    if (!reported) return BAD_REPORT_BUTTON;
    return said(await deps.staleActions.requestDeletion(actor, reported, reason), opened);
  }
  const keyId: KeyId | undefined = asKeyId(metadata.target);
  if (!keyId) return noSuchKey(metadata.target);
  return metadata.source === 'home'
    ? said(await deps.homeKeys.requestDeletion(actor, keyId, reason), opened)
    : said(await deps.approvals.request(actor, keyId, reason), opened);
}
