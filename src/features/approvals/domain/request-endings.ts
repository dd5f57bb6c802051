import type { Logger } from '../../../kernel/logger';
import type { ApprovalRequest } from './approval';

/** Told of a request that has just ended (EXECUTED, FAILED, REJECTED, EXPIRED or WITHDRAWN). */
export type RequestEnded = (request: ApprovalRequest) => Promise<void>;

/**
 * Who waits for requests to end, registered by higher slices at install (a workflow step waits for its
 * request's decision): this slice tells them and imports none of theirs. A listener is told at least
 * once per ending this replica writes, never before the end is stored, and may be told again (a
 * retried write): it keeps its own record of what it has done. One failing listener never stops the
 * others nor the decision already stored.
 */
export class RequestEndings {
  private readonly listeners: RequestEnded[] = [];

  constructor(private readonly log: Logger) {}

  register(listener: RequestEnded): void {
    this.listeners.push(listener);
  }

  async ended(request: ApprovalRequest): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(request);
      } catch (error) {
        this.log.warn({ err: error, requestId: request.id }, 'a request-ended listener failed');
      }
    }
  }
}
