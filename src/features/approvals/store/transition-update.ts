import type { ApprovalRequest } from '../domain/approval';
import type { TransitionChange, TransitionConditions } from '../domain/ports/approval-store';
import { approvalItem, historyItem, leaseItem, openIndex, outcomeItem } from './approval-items';

/** The UpdateItem of a transition: what it sets and removes, and the condition it is written under. */
export interface TransitionUpdate {
  update: string;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * The condition names the state and version the request leaves (and, when asked, that it has not
 * expired, or which lease it must hold); the history entry, with its write id, is appended in the
 * same write, and the open-requests index follows the state.
 */
export function transitionUpdate(
  request: ApprovalRequest,
  change: TransitionChange,
  conditions: TransitionConditions,
): TransitionUpdate {
  const names: Record<string, string> = { '#state': 'state', '#version': 'version', '#history': 'history' };
  const values: Record<string, unknown> = {
    ':from': request.state,
    ':to': change.to,
    ':version': request.version,
    ':next': request.version + 1,
    ':entry': [historyItem(change.entry)],
  };
  const sets = ['#state = :to', '#version = :next', '#history = list_append(#history, :entry)'];
  const removes: string[] = [];
  const checks = ['#state = :from', '#version = :version'];
  if (change.addApproval) {
    names['#approvals'] = 'approvals';
    values[':approval'] = [approvalItem(change.addApproval)];
    sets.push('#approvals = list_append(#approvals, :approval)');
  }
  if (change.outcome !== undefined) {
    names['#outcome'] = 'outcome';
    values[':outcome'] = outcomeItem(change.outcome);
    sets.push('#outcome = :outcome');
  }
  if (change.lease !== undefined || conditions.requireLease) names['#lease'] = 'lease';
  if (change.lease) {
    values[':lease'] = leaseItem(change.lease);
    sets.push('#lease = :lease');
  } else if (change.lease === null) {
    removes.push('#lease');
  }
  const index = openIndex(change.to, request.createdAt, request.id);
  if (index) {
    values[':gsi1pk'] = index.gsi1pk;
    values[':gsi1sk'] = index.gsi1sk;
    sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
  } else {
    removes.push('gsi1pk', 'gsi1sk');
  }
  // ISO-8601 UTC strings of one format order as the instants they name.
  if (conditions.requireUnexpiredAt) {
    names['#expiresAt'] = 'expiresAt';
    values[':now'] = conditions.requireUnexpiredAt.toISOString();
    checks.push('#expiresAt > :now');
  }
  if (conditions.requireLease) {
    names['#leaseId'] = 'id';
    values[':leaseId'] = conditions.requireLease;
    checks.push('#lease.#leaseId = :leaseId');
  }
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  return { update, condition: checks.join(' AND '), names, values };
}
