import { Listeners, type Listener } from '../../../kernel/listeners';
import type { Logger } from '../../../kernel/logger';
import type { ApprovalRequest } from './approval';

/** Told of a request that has just ended (EXECUTED, FAILED, REJECTED, EXPIRED or WITHDRAWN). */
export type RequestEnded = Listener<ApprovalRequest>;

/**
 * Who waits for requests to end (a workflow step waits for its request's decision). A listener is told
 * at least once per ending this replica writes, never before the end is stored, and may be told again
 * (a retried write): it keeps its own record of what it has done.
 */
export class RequestEndings extends Listeners<ApprovalRequest> {
  constructor(log: Logger) {
    super(log, {
      message: 'a request-ended listener failed',
      about: (request) => ({ requestId: request.id }),
    });
  }

  ended(request: ApprovalRequest): Promise<void> {
    return this.tell(request);
  }
}
