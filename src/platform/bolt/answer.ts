import type { RespondFn } from '@slack/bolt';
import type { Reply } from '../slack/blocks/primitives';

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

/** The message clicked on goes away (a secret once copied), through its response_url. */
export interface Removal extends Reply {
  deleteOriginal: true;
}

export function removal(): Removal {
  return { text: 'removed', blocks: [], deleteOriginal: true };
}

export function isRemoval(reply: Reply): reply is Removal {
  return (reply as Partial<Removal>).deleteOriginal === true;
}

/** Deletes the message the click came from (ephemeral ones included: Slack allows it by response_url). */
export function deleteOriginal(respond: RespondFn) {
  return () => respond({ delete_original: true });
}
