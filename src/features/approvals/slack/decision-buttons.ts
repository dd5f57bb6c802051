import type { MessageRef } from '../domain/approval';
import { decidedAbout, decisionModal, decodeDecisionMetadata, type DecisionVerb } from './decision-modal';
import type { ApprovalService } from '../domain/approval-service';
import type { ApprovalRequest } from '../domain/approval';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { NO_SUCH_REQUEST } from './texts';
import type { ButtonListener, Click } from '../../../platform/bolt/action-router';
import { isUuid } from '../../../kernel/ids';

type Target = { requestId: string; message: MessageRef; fromHome?: boolean };

/** On the request's message: the request id in the button, the message from the signed payload. */
function fromMessage({ value, clickedOn }: Click): Target | undefined {
  if (!isUuid(value) || !clickedOn) return undefined;
  return { requestId: value, message: clickedOn };
}

/**
 * On the App Home: the request and its message in the button's value. A forged message gets as
 * far as the submission, where the service refuses a message that is not the request's own.
 */
function fromHome({ value }: Click): Target | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  const { r, c, t } = (raw ?? {}) as { r?: unknown; c?: unknown; t?: unknown };
  const metadata = decodeDecisionMetadata(JSON.stringify({ r, v: 'approve', c, t }));
  return metadata && { requestId: metadata.requestId, message: metadata.message, fromHome: true };
}

/**
 * "Reject…" and "Approve with a note…", on a request's message or the App Home: open the modal at
 * once, while the click's trigger_id is valid (3 s). Nothing is decided here: the submission is
 * checked in full (rights, the request's own message, its state and expiry) by the service, like
 * any click. A Home view has no response_url: a bad value there is simply not acted on.
 */
export function decisionModalButton(
  verb: DecisionVerb,
  approvals: Pick<ApprovalService, 'find'>,
): ButtonListener {
  return async function openDecisionModal(click) {
    const target = fromMessage(click) ?? fromHome(click);
    if (!target) return plainReply(NO_SUCH_REQUEST);
    const request = await requestWithin(approvals, target.requestId, click);
    await click.openModal(decisionModal({ ...target, verb }, decidedAbout(target.requestId, request)));
    return undefined;
  };
}

/** How long the modal waits for the request: the click's trigger_id is good for three seconds. */
const READ_BUDGET_MS = 1_500;

/**
 * The request as stored, in one consistent read, so the modal can name its key; undefined when the
 * read fails or is slow (the modal then names the request id alone, and the submission checks all).
 */
async function requestWithin(
  approvals: Pick<ApprovalService, 'find'>,
  requestId: string,
  click: Click,
): Promise<ApprovalRequest | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), READ_BUDGET_MS);
  });
  const read = approvals.find(requestId).catch((error: unknown) => {
    click.log.warn({ err: error, requestId }, 'the request could not be read for its modal');
    return undefined;
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
