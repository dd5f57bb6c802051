import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { Auditor } from '../../../kernel/auditor';
import type { Account } from '../../../kernel/accounts';
import { accountRef, accountRefLabel, managedAccountOf } from '../../../kernel/account-ref';
import type { Caller, IamAccounts } from '../../../kernel/ports/accounts';
import type { IamPort } from '../../../kernel/ports/iam';
import type { Clock, IamUserName, KeyId, KeyStatus, SlackUserId } from '../../../kernel/types';
import type { Cleanup, CleanupStore } from './cleanup';
import type { Deliveries } from './ports/deliveries';

/** How long after an unclear create a key that appeared can be the one it made. */
const UNCLEAR_CREATE_WINDOW_MS = 5 * 60_000;

export interface CreationCleanupsDeps {
  accounts: IamAccounts;
  deliveries: Deliveries;
  cleanups: CleanupStore;
  clock: Clock;
  log: Logger;
  auditor: Auditor;
}

/**
 * What a create leaves to undo: a key whose secret was not delivered is deleted, keys an unclear
 * create may have made are turned off; what cannot be done now is stored for the sweep.
 */
export class CreationCleanups {
  constructor(private readonly deps: CreationCleanupsDeps) {}

  /**
   * Deletes a key whose secret was not delivered; failing that, deactivates it and leaves the
   * deletion to the sweep. Resolves what is true of the key afterwards, for a truthful answer.
   */
  async rollback(
    askedBy: SlackUserId,
    iam: IamPort,
    account: Account,
    keyId: KeyId,
    owner: IamUserName,
  ): Promise<'deleted' | KeyStatus> {
    const { auditor } = this.deps;
    const where = { owner, account: account.name, keyId };
    try {
      await iam.deleteKey(owner, keyId);
      await auditor.record(askedBy, 'rollback', 'ok', {
        ...where,
        detail: 'secret not delivered; key deleted',
      });
      return 'deleted';
    } catch (error) {
      this.deps.log.error({ err: error, owner, keyId }, 'rollback failed: deactivating instead');
    }
    const keyState = await iam.setStatus(owner, keyId, 'Inactive').then(
      () => 'Inactive' as const,
      () => 'Active' as const,
    );
    await auditor.record(askedBy, 'rollback', 'failed', {
      ...where,
      detail: `secret not delivered; delete failed; key is ${keyState.toLowerCase()}; the sweep will delete it`,
    });
    await this.leaveToSweep({
      id: randomUUID(),
      state: 'OPEN',
      version: 1,
      kind: 'delete-undelivered',
      owner,
      ...accountRef(account),
      keyId,
      askedBy,
      createdAt: this.deps.clock.now(),
      attempts: 0,
    });
    return keyState;
  }

  /** Keys of the owner that the unclear create may have made: not known before it, never delivered. */
  async deactivateStrangers(check: Cleanup, account: Account, caller: Caller): Promise<KeyId[]> {
    const known = new Set(check.knownKeyIds ?? []);
    const deactivated: KeyId[] = [];
    const iam = this.deps.accounts.iam(account, caller);
    for (const key of await iam.listKeys(check.owner)) {
      if (known.has(key.keyId) || key.status === 'Inactive') continue;
      // A key made after the unclear one (a retry that succeeded) was delivered, and is someone's.
      if (key.createdAt.getTime() > check.createdAt.getTime() + UNCLEAR_CREATE_WINDOW_MS) continue;
      if (await this.mayHaveBeenDelivered(key.keyId)) continue;
      await iam.setStatus(check.owner, key.keyId, 'Inactive');
      deactivated.push(key.keyId);
      await this.deps.auditor.record(check.askedBy, 'rollback', 'ok', {
        owner: check.owner,
        account: account.name,
        keyId: key.keyId,
        detail: 'appeared after an unclear create; deactivated',
      });
    }
    return deactivated;
  }

  async leaveToSweep(cleanup: Cleanup): Promise<void> {
    try {
      await this.deps.cleanups.create(cleanup);
    } catch (error) {
      // Audited above either way; an admin reading the trail sees what is left to do.
      this.deps.log.error({ err: error, owner: cleanup.owner, kind: cleanup.kind }, 'cleanup not stored');
    }
  }

  /**
   * Finishes what a create left open: deletes undelivered keys and repeats failed checks. Each
   * cleanup is closed by one conditional write, so two replicas' sweeps finish it once.
   */
  async sweep(): Promise<{ finished: number; open: number }> {
    let finished = 0;
    const open = await this.deps.cleanups.listOpen();
    for (const cleanup of open) {
      let outcome: string;
      try {
        outcome = await this.finish(cleanup);
      } catch (error) {
        this.deps.log.warn(
          { err: error, owner: cleanup.owner, kind: cleanup.kind },
          'cleanup not finished yet',
        );
        await this.deps.cleanups
          .replace({ ...cleanup, attempts: cleanup.attempts + 1, version: cleanup.version + 1 }, cleanup)
          .catch(() => false);
        continue;
      }
      const closed = { ...cleanup, state: 'DONE' as const, version: cleanup.version + 1, outcome };
      if (await this.deps.cleanups.replace(closed, cleanup)) finished++;
    }
    return { finished, open: open.length - finished };
  }

  /**
   * A key with a delivery record came back from a clear CreateAccessKey: it is not the unclear
   * create's. Only NOT_DELIVERED is known unseen; DELIVERING may have been shown (a crash, or the
   * DELIVERED write failed), and a key someone may be using is not turned off on a guess. An
   * unreadable record throws: the check is repeated later, nothing is turned off now.
   */
  private async mayHaveBeenDelivered(keyId: KeyId): Promise<boolean> {
    const record = await this.deps.deliveries.get(keyId);
    return record !== undefined && record.state !== 'NOT_DELIVERED';
  }

  private async finish(cleanup: Cleanup): Promise<string> {
    const account = managedAccountOf(cleanup, this.deps.accounts.all());
    if (!account) return this.abandon(cleanup);
    if (cleanup.kind === 'check-unclear-create') {
      const deactivated = await this.deactivateStrangers(cleanup, account, 'system');
      return deactivated.length > 0 ? `deactivated ${deactivated.join(', ')}` : 'no key had appeared';
    }
    const keyId = cleanup.keyId as KeyId;
    try {
      await this.deps.accounts.iam(account, 'system').deleteKey(cleanup.owner, keyId);
    } catch (error) {
      if (!(error instanceof KeywardenError && error.code === 'IAM_NOT_FOUND')) throw error;
    }
    await this.deps.auditor.as('system').ok('rollback', {
      owner: cleanup.owner,
      account: cleanup.account,
      keyId,
      detail: `undelivered key deleted by the sweep (asked by ${cleanup.askedBy})`,
    });
    return 'deleted';
  }

  /**
   * A cleanup whose account the policy no longer manages cannot be finished there, and is never
   * finished in another account: it is closed, and the trail says what was left undone.
   */
  private async abandon(cleanup: Cleanup): Promise<string> {
    const label = accountRefLabel(cleanup);
    const outcome = `not done: account-not-managed: ${label}`;
    await this.deps.auditor.as('system').failed('rollback', {
      owner: cleanup.owner,
      account: cleanup.account,
      keyId: cleanup.keyId,
      detail: `${cleanup.kind} ${outcome}`,
    });
    return outcome;
  }
}
