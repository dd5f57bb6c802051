import { randomUUID } from 'node:crypto';
import { mayManage, type Actor } from '../../access/actor';
import { KeywardenError } from '../../errors';
import type { Logger } from '../../logger';
import type { AuditAction, AuditLog } from '../audit/audit-event';
import { recordAfterTheFact } from '../audit/safe-audit';
import type { IamPort, NewKey } from '../iam-port';
import { iamRefusal } from '../iam-refusal';
import { done, refused, type Outcome } from '../outcome';
import type { People } from '../people';
import { storeRefusal } from '../store-refusal';
import type { AccessKey, Clock, IamUserName, KeyId, SlackUserId } from '../types';
import type { VersionedStore } from '../versioned-store';
import { INVITATION_HOURS, type Invitation } from './invitation';
import type { SecretDelivery } from './secret-delivery';

/** IAM allows two access keys per user. */
export const KEYS_PER_USER = 2;

export type CreateResult =
  | { kind: 'delivered'; owner: IamUserName; keyId: KeyId; recipient: SlackUserId }
  | { kind: 'invited'; owner: IamUserName; ownerSlack: SlackUserId; invitation: Invitation };

export interface KeyCreationDeps {
  iam: IamPort;
  people: People;
  delivery: SecretDelivery;
  invitations: VersionedStore<Invitation>;
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
  constructor(private readonly deps: KeyCreationDeps) {}

  /** `/keys create [USER]`: at once for one's own key or a service user's, else an invitation. */
  async create(
    actor: Actor,
    owner: IamUserName,
    options: { rotationId?: string } = {},
  ): Promise<Outcome<CreateResult>> {
    if (!mayManage(actor, owner)) {
      await this.audit(actor.slackUserId, 'create', 'refused', { owner, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    let ownerSlack: SlackUserId | undefined;
    try {
      const keys = await this.deps.iam.listKeys(owner);
      if (keys.length >= KEYS_PER_USER) return refused({ reason: 'key-limit', owner, keys });
      ownerSlack = await this.deps.people.ownerOf(owner);
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    if (ownerSlack === undefined || ownerSlack === actor.slackUserId) {
      return this.createAndDeliver(actor.slackUserId, owner, actor.slackUserId);
    }
    return this.invite(actor, owner, ownerSlack, options.rotationId);
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
    const refuse = async (
      reason: 'not-your-invitation' | 'invitation-used' | 'invitation-expired' | 'not-allowed',
    ) => {
      await this.audit(actor.slackUserId, 'create', 'refused', { owner: invitation.owner, detail: reason });
      return refused<CreateResult>({ reason });
    };
    if (invitation.ownerSlack !== actor.slackUserId) return refuse('not-your-invitation');
    if (invitation.state !== 'PENDING') return refuse('invitation-used');
    const now = this.deps.clock.now();
    if (now >= invitation.expiresAt) {
      await this.finishInvitation(invitation, 'EXPIRED', 'expired');
      return refuse('invitation-expired');
    }
    // The inviter's right is checked again now: roles can change in a day.
    const inviter = await this.deps.people.actor(invitation.invitedBy);
    if (!mayManage(inviter, invitation.owner)) return refuse('not-allowed');
    // Claimed before IAM is called: a double click makes one key, never two.
    const claimed = await this.finishInvitation(invitation, 'USED', 'used');
    if (!claimed) return refuse('invitation-used');
    const result = await this.createAndDeliver(actor.slackUserId, invitation.owner, invitation.invitedBy);
    const closing = result.ok ? 'Used: your new key was shown to you once.' : 'Used, but no key was made.';
    await this.deps.delivery.closeInvitation(claimed, closing).catch(() => undefined);
    return result.ok ? done({ ...result.value, invitation: claimed }) : result;
  }

  private async invite(
    actor: Actor,
    owner: IamUserName,
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
      return refused({ reason: 'delivery-failed', rolledBack: false });
    }
    await this.audit(actor.slackUserId, 'invite', 'ok', { owner, detail: `owner ${ownerSlack} invited` });
    return done({ kind: 'invited', owner, ownerSlack, invitation });
  }

  /**
   * Opens the DM first (a closed door costs no key), creates with one attempt only, delivers, and
   * rolls back: a key whose secret did not reach its recipient is deleted at once.
   */
  private async createAndDeliver(
    recipient: SlackUserId,
    owner: IamUserName,
    askedBy: SlackUserId,
  ): Promise<Outcome<CreateResult>> {
    const { iam, delivery } = this.deps;
    let dm: string;
    try {
      dm = await delivery.openDm(recipient);
    } catch (error) {
      this.deps.log.warn({ err: error, recipient }, 'DM could not be opened; no key was made');
      return refused({ reason: 'delivery-failed', rolledBack: false });
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
        return this.reconcile(askedBy, owner, before);
      return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    const keyId = newKey.key.keyId;
    await this.audit(askedBy, 'create', 'ok', { owner, keyId, detail: `for ${recipient}` });
    try {
      await delivery.deliverSecret(recipient, dm, newKey);
    } catch (error) {
      this.deps.log.warn(
        { err: error, owner, keyId },
        'new key not delivered to its owner; deleting it again',
      );
      const rolledBack = await this.rollback(askedBy, owner, keyId);
      return refused({ reason: 'delivery-failed', rolledBack });
    }
    await this.audit(recipient, 'deliver', 'ok', { owner, keyId });
    return done({ kind: 'delivered', owner, keyId, recipient });
  }

  /** After an unclear CreateAccessKey: any key that appeared has a secret nobody saw; turn it off. */
  private async reconcile(
    askedBy: SlackUserId,
    owner: IamUserName,
    before: AccessKey[],
  ): Promise<Outcome<CreateResult>> {
    const known = new Set(before.map((key) => key.keyId));
    const deactivated: KeyId[] = [];
    try {
      for (const key of await this.deps.iam.listKeys(owner)) {
        if (known.has(key.keyId)) continue;
        await this.deps.iam.setStatus(owner, key.keyId, 'Inactive');
        deactivated.push(key.keyId);
        await this.audit(askedBy, 'rollback', 'ok', {
          owner,
          keyId: key.keyId,
          detail: 'appeared after an unclear create',
        });
      }
    } catch (error) {
      this.deps.log.error({ err: error, owner }, 'could not reconcile after an unclear create');
    }
    return refused({ reason: 'create-unclear', deactivated });
  }

  private async rollback(askedBy: SlackUserId, owner: IamUserName, keyId: KeyId): Promise<boolean> {
    try {
      await this.deps.iam.deleteKey(owner, keyId);
      await this.audit(askedBy, 'rollback', 'ok', {
        owner,
        keyId,
        detail: 'secret not delivered; key deleted',
      });
      return true;
    } catch (error) {
      this.deps.log.error({ err: error, owner, keyId }, 'rollback failed: deactivating instead');
      await this.deps.iam.setStatus(owner, keyId, 'Inactive').catch(() => undefined);
      await this.audit(askedBy, 'rollback', 'failed', { owner, keyId, detail: 'delete failed; deactivated' });
      return false;
    }
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

  private audit(
    actor: SlackUserId,
    action: AuditAction,
    outcome: 'ok' | 'refused' | 'failed',
    details: { owner?: IamUserName; keyId?: KeyId; detail?: string },
  ): Promise<void> {
    return recordAfterTheFact(this.deps.audit, this.deps.log, {
      at: this.deps.clock.now(),
      actor,
      action,
      outcome,
      ...details,
    });
  }
}
