import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { Auditor } from '../../../kernel/auditor';
import type { Account } from '../../../kernel/accounts';
import { accountRef } from '../../../kernel/account-ref';
import type { Caller, IamAccounts } from '../../../kernel/ports/accounts';
import type { NewKey } from '../../../kernel/ports/iam';
import { iamRefusal } from '../../../kernel/iam-refusal';
import type { AccessKey, Clock, IamUserName, KeyId, SlackUserId } from '../../../kernel/types';
import type { Cleanup } from './cleanup';
import type { CreationCleanups } from './creation-cleanups';
import type { CreateResult } from './key-creation';
import type { Deliveries } from './ports/deliveries';
import type { SecretDelivery } from './ports/secret-delivery';
import { done, refused, type Outcome } from './refusals';

/** IAM allows two access keys per user. */
export const KEYS_PER_USER = 2;

export interface KeyDeliveryDeps {
  accounts: IamAccounts;
  delivery: SecretDelivery;
  deliveries: Deliveries;
  clock: Clock;
  log: Logger;
  auditor: Auditor;
  cleanups: CreationCleanups;
}

/**
 * Making a key and showing its secret to its one recipient, once. The secret lives only in a
 * SecretValue between IAM's answer and the ephemeral message.
 */
export class KeyDelivery {
  constructor(private readonly deps: KeyDeliveryDeps) {}

  /**
   * Opens the DM first (a closed door costs no key), creates with one attempt only, delivers, and
   * rolls back: a key whose secret did not reach its recipient is deleted at once.
   */
  async createAndDeliver(
    recipient: SlackUserId,
    owner: IamUserName,
    account: Account,
    askedBy: SlackUserId,
  ): Promise<Outcome<CreateResult>> {
    const { delivery, auditor, cleanups } = this.deps;
    // The recipient's command or click makes every call of this flow: theirs is the session.
    const iam = this.deps.accounts.iam(account, recipient);
    let dm: string;
    try {
      dm = await delivery.openDm(recipient);
    } catch (error) {
      this.deps.log.warn({ err: error, recipient }, 'DM could not be opened; no key was made');
      return refused({ reason: 'dm-unavailable' });
    }
    let before: AccessKey[] = [];
    let newKey: NewKey;
    try {
      before = await iam.listKeys(owner);
      if (before.length >= KEYS_PER_USER) return refused({ reason: 'key-limit', owner, keys: before });
      newKey = await iam.createKey(owner);
    } catch (error) {
      if (error instanceof KeywardenError && error.code === 'IAM_LIMIT_EXCEEDED') {
        return refused({ reason: 'key-limit', owner, keys: await iam.listKeys(owner).catch(() => before) });
      }
      if (error instanceof KeywardenError && error.code === 'IAM_UNCLEAR')
        return this.reconcile(askedBy, owner, account, recipient, before);
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    const keyId = newKey.key.keyId;
    const where = { owner, account: account.name, keyId };
    await auditor.record(askedBy, 'create', 'ok', { ...where, detail: `for ${recipient}` });
    const { deliveries, clock } = this.deps;
    try {
      // Stored before the secret is shown: no secret reaches anyone without a record of its key.
      await deliveries.begin({ keyId, owner, ...accountRef(account), recipient, createdAt: clock.now() });
    } catch (error) {
      this.deps.log.error({ err: error, owner, keyId }, 'delivery record not stored; deleting the key again');
      const keyState = await cleanups.rollback(askedBy, iam, account, keyId, owner);
      return refused({ reason: 'delivery-failed', keyId, keyState });
    }
    try {
      await delivery.deliverSecret(recipient, dm, newKey, account);
    } catch (error) {
      this.deps.log.warn(
        { err: error, owner, keyId },
        'new key not delivered to its owner; deleting it again',
      );
      await this.settleDelivery(keyId, 'NOT_DELIVERED');
      const keyState = await cleanups.rollback(askedBy, iam, account, keyId, owner);
      return refused({ reason: 'delivery-failed', keyId, keyState });
    }
    await this.settleDelivery(keyId, 'DELIVERED');
    await auditor.record(recipient, 'deliver', 'ok', where);
    return done({ kind: 'delivered', owner, account, keyId, recipient });
  }

  /** The record stays DELIVERING when this fails, which keeps the key: it may be in use. */
  private async settleDelivery(keyId: KeyId, state: 'DELIVERED' | 'NOT_DELIVERED'): Promise<void> {
    try {
      await this.deps.deliveries.settle(keyId, state, this.deps.clock.now());
    } catch (error) {
      this.deps.log.error({ err: error, keyId, state }, 'delivery record not settled');
    }
  }

  /** After an unclear CreateAccessKey: any key that appeared has a secret nobody saw; turn it off. */
  private async reconcile(
    askedBy: SlackUserId,
    owner: IamUserName,
    account: Account,
    caller: Caller,
    before: AccessKey[],
  ): Promise<Outcome<CreateResult>> {
    const check: Cleanup = {
      id: randomUUID(),
      state: 'OPEN',
      version: 1,
      kind: 'check-unclear-create',
      owner,
      ...accountRef(account),
      knownKeyIds: before.map((key) => key.keyId),
      askedBy,
      createdAt: this.deps.clock.now(),
      attempts: 0,
    };
    try {
      const deactivated = await this.deps.cleanups.deactivateStrangers(check, account, caller);
      return refused({ reason: 'create-unclear', deactivated, checked: true });
    } catch (error) {
      this.deps.log.error({ err: error, owner }, 'could not check for a key after an unclear create');
      await this.deps.auditor.record(askedBy, 'create', 'failed', {
        owner,
        account: account.name,
        detail: 'unclear create; the follow-up check failed; the sweep will repeat it',
      });
      await this.deps.cleanups.leaveToSweep(check);
      return refused({ reason: 'create-unclear', deactivated: [], checked: false });
    }
  }
}
