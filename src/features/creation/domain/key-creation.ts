import { randomUUID } from 'node:crypto';
import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { Account } from '../../../kernel/accounts';
import { accountNotManaged, accountRef, managedAccountOf } from '../../../kernel/account-ref';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { done, refused, type Outcome, type Refusal } from './refusals';
import type { People } from '../../../kernel/ports/people';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, IamUserName, KeyId, SlackUserId } from '../../../kernel/types';
import type { VersionedStore } from '../../../kernel/ports/versioned-store';
import type { CleanupStore } from './cleanup';
import { CreationCleanups } from './creation-cleanups';
import { INVITATION_HOURS, type Invitation } from './invitation';
import { KeyDelivery, KEYS_PER_USER } from './key-delivery';
import type { Deliveries } from './ports/deliveries';
import type { SecretDelivery } from './ports/secret-delivery';
import { secretRecipient } from './secret-recipient';

export { KEYS_PER_USER } from './key-delivery';

export type CreateResult =
  | { kind: 'delivered'; owner: IamUserName; account: Account; keyId: KeyId; recipient: SlackUserId }
  | {
      kind: 'invited';
      owner: IamUserName;
      account: Account;
      ownerSlack: SlackUserId;
      invitation: Invitation;
    };

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
 * message cannot be delivered, the key is deleted again (KeyDelivery, CreationCleanups).
 */
export class KeyCreation {
  private readonly auditor: Auditor;
  private readonly cleanups: CreationCleanups;
  private readonly delivering: KeyDelivery;

  constructor(private readonly deps: KeyCreationDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
    this.cleanups = new CreationCleanups({ ...deps, auditor: this.auditor });
    this.delivering = new KeyDelivery({ ...deps, auditor: this.auditor, cleanups: this.cleanups });
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
      const keys = await this.deps.accounts.iam(account, actor.slackUserId).listKeys(owner);
      if (keys.length >= KEYS_PER_USER) return refused({ reason: 'key-limit', owner, keys });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    if (recipient.value === actor.slackUserId) {
      return this.delivering.createAndDeliver(actor.slackUserId, owner, account, actor.slackUserId);
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
    const result = await this.delivering.createAndDeliver(
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
   * Finishes what a create left open: deletes undelivered keys and repeats failed checks. Each
   * cleanup is closed by one conditional write, so two replicas' sweeps finish it once.
   */
  sweep(): Promise<{ finished: number; open: number }> {
    return this.cleanups.sweep();
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
