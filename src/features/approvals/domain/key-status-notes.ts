import type { Logger } from '../../../kernel/logger';
import type { KeyStatusChanged } from '../../keys/domain';
import type { ApprovalNotifier } from './ports/approval-notifier';
import type { ApprovalStore } from './ports/approval-store';

/**
 * A key asked to be deleted may be turned off (or on again) while approvers decide: "Deactivate now"
 * beside the request, `/keys deactivate`, a report, the Home, an exposure. The key's open request
 * notes it and its card is rewritten in place, so approvers do not read "Still Active" of a key
 * that no longer works (nor the reverse). Only the key's own claim is read: no scan, and nothing
 * for a key with no open request.
 */
export class KeyStatusNotes {
  constructor(
    private readonly deps: {
      store: Pick<ApprovalStore, 'keyClaim' | 'get' | 'noteKeyStatus'>;
      notifier: Pick<ApprovalNotifier, 'update'>;
      log: Logger;
    },
  ) {}

  async keyStatusChanged(change: KeyStatusChanged): Promise<void> {
    const { store, notifier, log } = this.deps;
    const claim = await store.keyClaim(change.keyId);
    if (!claim?.requestId) return;
    const open = await store.get(claim.requestId);
    // Key ids are unique across AWS; the owner is checked all the same, as IAM named it.
    if (open?.state !== 'PENDING' || open.owner.toLowerCase() !== change.owner.toLowerCase()) return;
    const noted = await store.noteKeyStatus(open.id, { status: change.status, at: change.at, by: change.by });
    if (!noted?.message) return;
    await notifier.update(noted);
    log.info({ requestId: noted.id, keyId: change.keyId, status: change.status }, 'approval card rewritten');
  }
}
