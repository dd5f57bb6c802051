import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { IamPort } from '../../../kernel/ports/iam';
import type { ApprovalOutcome, ApprovalRequest, Decider } from './approval';

/** A pause before repeating a DeleteAccessKey whose answer was unclear (throttling wants one). */
const RETRY_PAUSE_MS = 300;

/** What came of asking IAM to delete the key. */
export type Deletion =
  | { done: true; outcome: ApprovalOutcome }
  | { done: false; failed: ApprovalOutcome }
  /** IAM did not answer, even when asked again: the sweep tries later. */
  | { done: false; unanswered: string; error: unknown }
  /** Another executor took the lease while this one was asking: it decides now. */
  | { done: false; lost: ApprovalRequest };

export interface KeyDeletion {
  /** The request under lease: its key and owner. */
  request: ApprovalRequest;
  /** Whose decision this carries out. */
  by: Decider;
  /** Asked for each call: getting the session is itself a call that can fail (ACCOUNT_UNAVAILABLE). */
  iam: () => IamPort;
  /** A sweep finishing an abandoned lease: a key already gone was most likely deleted by its holder. */
  tookOver: boolean;
  /** Renews the lease before the repeat; the request as another executor left it when it has it now. */
  renew: () => Promise<ApprovalRequest | undefined>;
  log: Logger;
}

/**
 * DeleteAccessKey, and after an unclear failure (IAM throttled, a 5xx, a reset connection: IAM
 * may have deleted the key and lost its answer) the same call once more, since a deletion can be
 * repeated and a second NoSuchEntity means the first one did it; if that is unclear too, the
 * owner's keys are listed. Only when IAM cannot tell either way does the sweep try later.
 */
export async function deleteKey(deletion: KeyDeletion): Promise<Deletion> {
  const { request, by, iam, tookOver } = deletion;
  const deleted: Deletion = { done: true, outcome: { kind: 'deleted', by } };
  const first = await attempt(() => iam().deleteKey(request.owner, request.keyId));
  if (first === 'ok') return deleted;
  if (first.code === 'IAM_NOT_FOUND') {
    // After a take-over the old holder most likely deleted it and could not record it.
    return { done: true, outcome: { kind: tookOver ? 'deleted' : 'already-gone', by } };
  }
  if (first.code === 'ACCOUNT_UNAVAILABLE')
    return { done: false, unanswered: first.code, error: first.error };
  if (!isUnclear(first.code)) return { done: false, failed: failure(deletion, first) };

  // The answer may be lost, not the deletion: look again before anyone is told "retry later".
  const lost = await deletion.renew();
  if (lost) return { done: false, lost };
  await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
  const again = await attempt(() => iam().deleteKey(request.owner, request.keyId));
  if (again === 'ok' || again.code === 'IAM_NOT_FOUND') return deleted;
  if (!isUnclear(again.code)) return { done: false, failed: failure(deletion, again) };
  if (await isGone(iam, request)) return deleted;
  return { done: false, unanswered: first.code, error: again.error };
}

interface Failed {
  code: string;
  error: unknown;
}

function failure(deletion: KeyDeletion, failed: Failed): ApprovalOutcome {
  deletion.log.error({ err: failed.error, requestId: deletion.request.id }, 'deletion failed');
  return {
    kind: 'deletion-failed',
    by: deletion.by,
    detail: failed.code === 'IAM_ACCESS_DENIED' ? 'access denied in IAM' : 'unexpected error',
  };
}

/** Whether the owner's keys are listed without this one (or the owner is gone); false when IAM cannot say. */
async function isGone(iam: () => IamPort, request: ApprovalRequest): Promise<boolean> {
  try {
    const keys = await iam().listKeys(request.owner);
    return !keys.some((key) => key.keyId === request.keyId);
  } catch (error) {
    return error instanceof KeywardenError && error.code === 'IAM_NOT_FOUND';
  }
}

/** Runs one IAM call; its failure as a code, for the decisions above. */
async function attempt(call: () => Promise<unknown>): Promise<'ok' | Failed> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    return { code: error instanceof KeywardenError ? error.code : 'UNEXPECTED', error };
  }
}

/** Failures after which IAM may or may not have acted. */
function isUnclear(code: string): boolean {
  return code === 'IAM_THROTTLED' || code === 'IAM_UNAVAILABLE' || code === 'IAM_UNCLEAR';
}
