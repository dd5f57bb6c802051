import { Auditor } from '../../../kernel/auditor';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { Clock } from '../../../kernel/types';
import { parseExposureEvent } from './exposure-events';
import type { ExposureResponse } from './exposure-response';

/**
 * A queue message, as the poller hands it over: parsed, each key it reports responded to; anything
 * else is logged by its message id only (a body may hold anything, a secret included) and audited
 * as ignored. Resolves when the message may leave the queue; throws to keep it.
 */
export class ExposureIntake {
  private readonly auditor: Auditor;

  constructor(
    private readonly response: Pick<ExposureResponse, 'receive'>,
    audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.auditor = new Auditor(audit, clock, log);
  }

  async handle(message: { messageId: string; body: string }): Promise<void> {
    const parsed = parseExposureEvent(message.body, this.clock.now());
    if (parsed.kind === 'ignored') {
      this.log.info(
        { messageId: message.messageId, why: parsed.why },
        'an exposure queue message was ignored',
      );
      await this.auditor.record('system', 'exposure', 'refused', {
        detail: `ignored message ${message.messageId.slice(0, 100)}: ${parsed.why}`,
      });
      return;
    }
    // One key's failure keeps the message (its redelivery finishes it); the others are done and dedupe.
    const results = await Promise.allSettled(parsed.reports.map((report) => this.response.receive(report)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
