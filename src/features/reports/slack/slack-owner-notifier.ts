import { ErrorCode, type WebClient } from '@slack/web-api';
import type { OwnerNotifier, OwnerNudge } from '../domain/ports/owner-notifier';
import { RetryLaterError } from '../domain/ports/report-publisher';
import type { Clock } from '../../../kernel/types';
import { ownerNudgeBlocks } from './owner-nudge';
import { openDm } from '../../../platform/slack/dm';
import { codeOf } from '../../../kernel/errors';

export const NUDGE_EVENT = 'keywarden_owner_nudge';

/**
 * DMs an owner their stale keys, on the reports' own client (rate limits rejected at once, retried
 * on the run's timer), so a 429 here holds up no answer to a person.
 */
export class SlackOwnerNotifier implements OwnerNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  async nudge(nudge: OwnerNudge): Promise<void> {
    const reply = ownerNudgeBlocks(nudge, this.clock.now());
    try {
      await this.client.chat.postMessage({
        channel: await openDm(this.client, nudge.owner),
        text: reply.text,
        blocks: reply.blocks,
        // Which run this DM belongs to, for whoever audits the DMs (and the replica tests).
        metadata: { event_type: NUDGE_EVENT, event_payload: { run: nudge.runId } },
      });
    } catch (error) {
      const retryAfter = (error as { retryAfter?: number }).retryAfter;
      if (codeOf(error) === ErrorCode.RateLimitedError && retryAfter !== undefined) {
        throw new RetryLaterError(retryAfter * 1000, { cause: error });
      }
      throw error;
    }
  }
}
