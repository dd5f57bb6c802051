import type { Actor } from '../../../kernel/authorization';
import type { KeyId, SlackUserId } from '../../../kernel/types';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import type { DeletionSource } from './deletion-reason-modal';

/** What the Request deletion modal's submission does for one source of the button. */
export interface DeletionContinuation {
  /** Whether a target this source's button carries is well-formed, checked again on submit. */
  accepts(target: string): boolean;
  /**
   * Makes the request with the person's reason, through the source's own service; what to tell them
   * (its text is what they read; a `refused` Reply counts the submission as refused).
   */
  request(actor: Actor, target: string, reason: string): Promise<Reply>;
  /**
   * Where the target is no key id but names one otherwise (a report's owner and creation time): the
   * key it names now, found in IAM, when it is Active and `actor` may turn it off; else undefined.
   * The Request deletion modal offers "Deactivate now" for it, and deactivates it on submit only
   * when the target still names that key.
   */
  keyOf?(actor: Actor, target: string): Promise<KeyId | undefined>;
  /** Where the answer goes; by default an ephemeral message in the button's conversation. */
  answer?(userId: SlackUserId, text: string): Promise<void>;
}

/**
 * The modal's sources, each registered by its own slice at install (rotation, reports, home, and
 * approvals' own `/keys list` button): the modal dispatches by the source its metadata names, and
 * this slice imports none of theirs.
 */
export class DeletionContinuations {
  private readonly bySource = new Map<DeletionSource, DeletionContinuation>();

  register(source: DeletionSource, continuation: DeletionContinuation): void {
    if (this.bySource.has(source)) throw new Error(`two continuations for the deletion source ${source}`);
    this.bySource.set(source, continuation);
  }

  get(source: DeletionSource): DeletionContinuation | undefined {
    return this.bySource.get(source);
  }

  readonly accepts = (source: DeletionSource, target: string): boolean =>
    this.bySource.get(source)?.accepts(target) ?? false;
}
