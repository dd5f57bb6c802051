import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestOutcome } from './metrics';

interface OutcomeRecord {
  refused: boolean;
}

const current = new AsyncLocalStorage<OutcomeRecord>();

/**
 * Runs a request's listeners with a record of how it ended. A refusal is a domain Outcome the
 * listener rendered: every refusal's words come from `refusalText`, which notes it here, so no
 * listener has to report it. Resolves with ok or refused; a throw is the request middleware's
 * `failed`.
 */
export async function recordingOutcome(run: () => Promise<void>): Promise<RequestOutcome> {
  const record: OutcomeRecord = { refused: false };
  await current.run(record, run);
  return record.refused ? 'refused' : 'ok';
}

/** The request being answered was refused (called when a refusal is rendered; outside a request, nothing). */
export function noteRefusal(): void {
  const record = current.getStore();
  if (record) record.refused = true;
}
