import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../logger';
import { plainReply, type Reply } from '../slack/blocks/primitives';
import { SOMETHING_WENT_WRONG } from '../slack/blocks/texts';

/** An ephemeral answer to the person who typed or clicked, leaving the original message alone. */
export function ephemeral(respond: RespondFn) {
  return (reply: Reply) =>
    respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
}

/** A reply that takes the place of the message clicked on (a page of a list), through its response_url. */
export interface Replacement extends Reply {
  replaceOriginal: true;
}

export function replacement(reply: Reply): Replacement {
  return { ...reply, replaceOriginal: true };
}

export function isReplacement(reply: Reply): reply is Replacement {
  return (reply as Partial<Replacement>).replaceOriginal === true;
}

/** Rewrites the ephemeral message the click came from, in place. */
export function replaceOriginal(respond: RespondFn) {
  return (reply: Reply) => respond({ replace_original: true, text: reply.text, blocks: reply.blocks });
}

/**
 * Runs a listener's work after its ack; the unexpected is logged with its code and the person
 * still gets an answer instead of silence.
 */
export async function answerSafely(
  log: Logger,
  answer: (reply: Reply) => Promise<unknown>,
  work: () => Promise<Reply>,
) {
  let reply: Reply;
  try {
    reply = await work();
  } catch (error) {
    log.error({ err: error, code: (error as { code?: string }).code ?? 'UNEXPECTED' }, 'listener failed');
    reply = plainReply(SOMETHING_WENT_WRONG);
  }
  try {
    await answer(reply);
  } catch (error) {
    log.warn({ err: error }, 'the answer could not be delivered');
  }
}
