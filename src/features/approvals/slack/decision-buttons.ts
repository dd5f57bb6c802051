import type { MessageRef } from '../domain/approval';
import { decisionModal, decodeDecisionMetadata, type DecisionVerb } from './decision-modal';
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
export function decisionModalButton(verb: DecisionVerb): ButtonListener {
  return async function openDecisionModal(click) {
    const target = fromMessage(click) ?? fromHome(click);
    if (!target) return plainReply(NO_SUCH_REQUEST);
    await click.openModal(decisionModal({ ...target, verb }));
    return undefined;
  };
}
