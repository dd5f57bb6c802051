import { randomUUID } from 'node:crypto';
import { mayManage, type Actor } from '../../../kernel/authorization';
import { KeywardenError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import { accountLabel, type Account } from '../../../kernel/accounts';
import { accountNotManaged, accountRef, managedAccountOf } from '../../../kernel/account-ref';
import type { Caller, IamAccounts } from '../../../kernel/ports/accounts';
import type { IamPort, NewKey } from '../../../kernel/ports/iam';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { done, refused, type Outcome, type Refusal } from '../../../kernel/outcome';
import type { People } from '../../../kernel/ports/people';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { AccessKey, Clock, IamUserName, KeyId, KeyStatus, SlackUserId } from '../../../kernel/types';
import type { VersionedStore } from '../../../kernel/ports/versioned-store';
import type { Cleanup, CleanupStore } from './cleanup';
import { INVITATION_HOURS, type Invitation } from './invitation';
import type { Deliveries } from './ports/deliveries';
import type { SecretDelivery } from './ports/secret-delivery';
import { secretRecipient } from './secret-recipient';

/** IAM allows two access keys per user. */
export const KEYS_PER_USER = 2;

export type CreateResult =
  | { kind: 'delivered'; owner: IamUserName; account: Account; keyId: KeyId; recipient: SlackUserId }
  | {
      kind: 'invited';
      owner: IamUserName;
      account: Account;
      ownerSlack: SlackUserId;
      invitation: Invitation;
    };

/** How long after an unclear create a key that appeared can be the one it made. */
const UNCLEAR_CREATE_WINDOW_MS = 5 * 60_000;

export interface KeyCreationDeps {
  accounts: IamAccounts;
  people: People;
  delivery: SecretDelivery;
  /** Whether each new key's secret was delivered: what the check after an unclear create reads. */
  deliveries: Deliveries;
  invitations: VersionedStore<Invitation>;
  cleanups: CleanupStore;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * Making a key and putting its secret in front of exactly one person, once (security rules 1, 2).
 * The secret lives only in a SecretValue between IAM's answer and the ephemeral message; if the
 * message cannot be delivered, the key is deleted again.
 */
export class KeyCreation {
  private readonly auditor: Auditor;

  constructor(private readonly deps: KeyCreationDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /** `/keys create [USER]`: at once for one's own key or a service user's, else an invitation. */
  async create(
    actor: Actor,
    owner: IamUserName,
    account: Account,
    options: { rotationId?: string } = {},
  ): Promise<Outcome<CreateResult>> {
    if (!mayManage(actor, owner)) {
      await this.auditor.record(actor.slackUserId, 'create', 'refused', { owner, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    const recipient = secretRecipient(await this.deps.people.ownerOf(owner), owner, actor.slackUserId);
    if (!recipient.ok) {
      await this.auditor.record(actor.slackUserId, 'create', 'refused', {
        owner,
        detail: recipient.refusal.reason,
      });
      return recipient;
    }
    try {
      const keys = await this.iam(account, actor.slackUserId).listKeys(owner);
      if (keys.length >= KEYS_PER_USER) return refused({ reason: 'key-limit', owner, keys });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    if (recipient.value === actor.slackUserId) {
      return this.createAndDeliver(actor.slackUserId, owner, account, actor.slackUserId);
    }
    return this.invite(actor, owner, account, recipient.value, options.rotationId);
  }

  /** The owner's "Create my key" click: single use, only by the owner, within its time. */
  async accept(
    actor: Actor,
    invitationId: string,
  ): Promise<Outcome<CreateResult & { invitation?: Invitation }>> {
    let invitation: Invitation | undefined;
    try {
      invitation = await this.deps.invitations.get(invitationId);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    if (!invitation) return refused({ reason: 'no-such-invitation' });
    const refuse = async (refusal: Refusal) => {
      await this.auditor.record(actor.slackUserId, 'create', 'refused', {
        owner: invitation.owner,
        account: invitation.account,
        detail: refusal.reason,
      });
      return refused<CreateResult>(refusal);
    };
    if (invitation.ownerSlack !== actor.slackUserId) return refuse({ reason: 'not-your-invitation' });
    if (invitation.state !== 'PENDING') return refuse({ reason: 'invitation-used' });
    const now = this.deps.clock.now();
    if (now >= invitation.expiresAt) {
      await this.finishInvitation(invitation, 'EXPIRED', 'expired');
      return refuse({ reason: 'invitation-expired' });
    }
    // Made in the account it names, or nowhere: never in the default account instead.
    const account = managedAccountOf(invitation, this.deps.accounts.all());
    if (!account) return refuse(accountNotManaged(invitation));
    // The inviter's right is checked again now: roles can change in a day.
    const inviter = await this.deps.people.actor(invitation.invitedBy);
    if (!mayManage(inviter, invitation.owner)) return refuse({ reason: 'not-allowed' });
    // Claimed before IAM is called: a double click makes one key, never two.
    const claimed = await this.finishInvitation(invitation, 'USED', 'used');
    if (!claimed) return refuse({ reason: 'invitation-used' });
    const result = await this.createAndDeliver(
      actor.slackUserId,
      invitation.owner,
      account,
      invitation.invitedBy,
    );
    const closing = result.ok ? 'Used: your new key was shown to you once.' : 'Used, but no key was made.';
    await this.deps.delivery.closeInvitation(claimed, closing).catch(() => undefined);
    return result.ok ? done({ ...result.value, invitation: claimed }) : result;
  }

  private async invite(
    actor: Actor,
    owner: IamUserName,
    account: Account,
    ownerSlack: SlackUserId,
    rotationId?: string,
  ): Promise<Outcome<CreateResult>> {
    const now = this.deps.clock.now();
    const invitation: Invitation = {
      id: randomUUID(),
      state: 'PENDING',
      version: 1,
      owner,
      ownerSlack,
      invitedBy: actor.slackUserId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_HOURS * 3_600_000),
      ...accountRef(account),
      rotationId,
    };
    try {
      await this.deps.invitations.create(invitation);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    try {
      invitation.message = await this.deps.delivery.sendInvitation(invitation);
      await this.deps.invitations.replace({ ...invitation, version: 2 }, { state: 'PENDING', version: 1 });
      invitation.version = 2;
    } catch (error) {
      this.deps.log.warn({ err: error, owner }, 'invitation could not be sent');
      await this.finishInvitation(invitation, 'FAILED', 'not delivered');
      return refused({ reason: 'dm-unavailable' });
    }
    await this.auditor.record(actor.slackUserId, 'invite', 'ok', {
      owner,
      account: account.name,
      detail: `owner ${ownerSlack} invited`,
    });
    return done({ kind: 'invited', owner, account, ownerSlack, invitation });
  }

  /**
   * Opens the DM first (a closed door costs no key), creates with one attempt only, delivers, and
   * rolls back: a key whose secret did not reach its recipient is deleted at once.
   */
  private async createAndDeliver(
    recipient: SlackUserId,
    owner: IamUserName,
    account: Account,
    askedBy: SlackUserId,
  ): Promise<Outcome<CreateResult>> {
    const { delivery } = this.deps;
    // The recipient's command or click makes every call of this flow: theirs is the session.
    const iam = this.iam(account, recipient);
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
    await this.auditor.record(askedBy, 'create', 'ok', { ...where, detail: `for ${recipient}` });
    const { deliveries, clock } = this.deps;
    try {
      // Stored before the secret is shown: no secret reaches anyone without a record of its key.
      await deliveries.begin({ keyId, owner, ...accountRef(account), recipient, createdAt: clock.now() });
    } catch (error) {
      this.deps.log.error({ err: error, owner, keyId }, 'delivery record not stored; deleting the key again');
      const keyState = await this.rollback(askedBy, iam, account, keyId, owner);
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
      const keyState = await this.rollback(askedBy, iam, account, keyId, owner);
      return refused({ reason: 'delivery-failed', keyId, keyState });
    }
    await this.settleDelivery(keyId, 'DELIVERED');
    await this.auditor.record(recipient, 'deliver', 'ok', where);
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
      const deactivated = await this.deactivateStrangers(check, account, caller);
      return refused({ reason: 'create-unclear', deactivated, checked: true });
    } catch (error) {
      this.deps.log.error({ err: error, owner }, 'could not check for a key after an unclear create');
      await this.auditor.record(askedBy, 'create', 'failed', {
        owner,
        account: account.name,
        detail: 'unclear create; the follow-up check failed; the sweep will repeat it',
      });
      await this.leaveToSweep(check);
      return refused({ reason: 'create-unclear', deactivated: [], checked: false });
    }
  }

  /** Keys of the owner that the unclear create may have made: not known before it, never delivered. */
  private async deactivateStrangers(check: Cleanup, account: Account, caller: Caller): Promise<KeyId[]> {
    const known = new Set(check.knownKeyIds ?? []);
    const deactivated: KeyId[] = [];
    const iam = this.iam(account, caller);
    for (const key of await iam.listKeys(check.owner)) {
      if (known.has(key.keyId) || key.status === 'Inactive') continue;
      // A key made after the unclear one (a retry that succeeded) was delivered, and is someone's.
      if (key.createdAt.getTime() > check.createdAt.getTime() + UNCLEAR_CREATE_WINDOW_MS) continue;
      if (await this.mayHaveBeenDelivered(key.keyId)) continue;
      await iam.setStatus(check.owner, key.keyId, 'Inactive');
      deactivated.push(key.keyId);
      await this.auditor.record(check.askedBy, 'rollback', 'ok', {
        owner: check.owner,
        account: account.name,
        keyId: key.keyId,
        detail: 'appeared after an unclear create; deactivated',
      });
    }
    return deactivated;
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

  /**
   * Deletes a key whose secret was not delivered; failing that, deactivates it and leaves the
   * deletion to the sweep. Resolves what is true of the key afterwards, for a truthful answer.
   */
  private async rollback(
    askedBy: SlackUserId,
    iam: IamPort,
    account: Account,
    keyId: KeyId,
    owner: IamUserName,
  ): Promise<'deleted' | KeyStatus> {
    const where = { owner, account: account.name, keyId };
    try {
      await iam.deleteKey(owner, keyId);
      await this.auditor.record(askedBy, 'rollback', 'ok', {
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
    await this.auditor.record(askedBy, 'rollback', 'failed', {
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

  private async leaveToSweep(cleanup: Cleanup): Promise<void> {
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
        outcome = await this.finishCleanup(cleanup);
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

  private async finishCleanup(cleanup: Cleanup): Promise<string> {
    const account = managedAccountOf(cleanup, this.deps.accounts.all());
    if (!account) return this.abandon(cleanup);
    if (cleanup.kind === 'check-unclear-create') {
      const deactivated = await this.deactivateStrangers(cleanup, account, 'system');
      return deactivated.length > 0 ? `deactivated ${deactivated.join(', ')}` : 'no key had appeared';
    }
    const keyId = cleanup.keyId as KeyId;
    try {
      await this.iam(account, 'system').deleteKey(cleanup.owner, keyId);
    } catch (error) {
      if (!(error instanceof KeywardenError && error.code === 'IAM_NOT_FOUND')) throw error;
    }
    await this.auditor.as('system').ok('rollback', {
      owner: cleanup.owner,
      account: cleanup.account,
      keyId,
      detail: `undelivered key deleted by the sweep (asked by ${cleanup.askedBy})`,
    });
    return 'deleted';
  }

  private iam(account: Account, caller: Caller): IamPort {
    return this.deps.accounts.iam(account, caller);
  }

  /**
   * A cleanup whose account the policy no longer manages cannot be finished there, and is never
   * finished in another account: it is closed, and the trail says what was left undone.
   */
  private async abandon(cleanup: Cleanup): Promise<string> {
    const label = accountLabel({ name: cleanup.account ?? 'default', id: cleanup.accountId });
    const outcome = `not done: account-not-managed: ${label}`;
    await this.auditor.as('system').failed('rollback', {
      owner: cleanup.owner,
      account: cleanup.account,
      keyId: cleanup.keyId,
      detail: `${cleanup.kind} ${outcome}`,
    });
    return outcome;
  }

  private async finishInvitation(
    invitation: Invitation,
    state: 'USED' | 'EXPIRED' | 'FAILED',
    outcome: string,
  ): Promise<Invitation | undefined> {
    const next: Invitation = { ...invitation, state, version: invitation.version + 1 };
    try {
      const won = await this.deps.invitations.replace(next, {
        state: invitation.state,
        version: invitation.version,
      });
      if (!won) return undefined;
    } catch (error) {
      this.deps.log.warn({ err: error, invitation: invitation.id }, 'invitation state not stored');
      return undefined;
    }
    if (state !== 'USED') await this.deps.delivery.closeInvitation(next, outcome).catch(() => undefined);
    return next;
  }
}
