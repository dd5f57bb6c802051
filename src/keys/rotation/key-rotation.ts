import { randomUUID } from 'node:crypto';
import { mayManage, type Actor } from '../authorization';
import type { Logger } from '../../logger';
import type { ApprovalService } from '../approvals/approval-service';
import type { AuditLog } from '../ports/audit-log';
import { Auditor } from '../audit/auditor';
import type { CreateResult, KeyCreation } from '../creation/key-creation';
import { secretRecipient } from '../creation/secret-recipient';
import type { Account } from '../accounts';
import type { IamAccounts } from '../ports/accounts';
import { iamRefusal } from '../iam-refusal';
import type { KeyCommands } from '../key-commands';
import { done, refused, type Outcome, type Refusal } from '../outcome';
import type { People } from '../ports/people';
import { storeRefusal } from '../store-refusal';
import type { Clock, IamUserName, KeyId } from '../types';
import type { VersionedStore } from '../ports/versioned-store';
import type { Rotation, RotationState } from './rotation';
import type { RotationGuide, RotationView } from '../ports/rotation-guide';

export interface KeyRotationDeps {
  accounts: IamAccounts;
  people: People;
  creation: KeyCreation;
  commands: KeyCommands;
  approvals: ApprovalService;
  rotations: VersionedStore<Rotation>;
  guide: RotationGuide;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

export type RotationStart = { rotation: Rotation; created: CreateResult };

/**
 * Guided rotation: new key (delivered as any new key is), new key seen in use, old key
 * deactivated, old key's deletion requested. Each step is recorded in the store with a
 * conditional write, so a repeated click does nothing and a restart loses nothing.
 */
export class KeyRotation {
  private readonly auditor: Auditor;

  constructor(private readonly deps: KeyRotationDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async start(actor: Actor, owner: IamUserName, account: Account): Promise<Outcome<RotationStart>> {
    // Every refusal is in the audit trail, with its reason: a rotation nobody could start is a finding too.
    const refuse = async (refusal: Refusal) => {
      await this.auditor
        .as(actor)
        .refused('rotate', { owner, account: account.name, detail: refusal.reason });
      return refused(refusal);
    };
    if (!mayManage(actor, owner)) return refuse({ reason: 'not-allowed' });
    // The driver is whoever will receive the new secret: the owner, or the admin for a service user.
    const driver = secretRecipient(await this.deps.people.ownerOf(owner), owner, actor.slackUserId);
    if (!driver.ok) return refuse(driver.refusal);
    let oldKeyId: KeyId;
    try {
      const keys = await this.deps.accounts.iam(account, actor.slackUserId).listKeys(owner);
      if (keys.length === 0) return refuse({ reason: 'nothing-to-rotate', owner });
      if (keys.length > 1) return refuse({ reason: 'rotation-needs-room', owner, keys });
      oldKeyId = (keys[0] as { keyId: KeyId }).keyId;
    } catch (error) {
      return refuse(iamRefusal(error, { reason: 'no-such-user', user: owner }));
    }
    const now = this.deps.clock.now();
    const rotation: Rotation = {
      id: randomUUID(),
      state: 'WAITING_FOR_OWNER',
      version: 1,
      owner,
      account: account.name,
      driver: driver.value,
      startedBy: actor.slackUserId,
      oldKeyId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.rotations.create(rotation);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    const created = await this.deps.creation.create(actor, owner, account, { rotationId: rotation.id });
    if (!created.ok) return created;
    await this.audit(actor, 'rotate', rotation, 'started');
    if (created.value.kind === 'invited') return done({ rotation, created: created.value });
    const delivered = await this.newKeyDelivered(rotation, created.value.keyId);
    return done({ rotation: delivered ?? rotation, created: created.value });
  }

  /** The owner clicked "Create my key" on a rotation's invitation and the key was delivered. */
  async invitationAccepted(rotationId: string, newKeyId: KeyId): Promise<void> {
    const rotation = await this.deps.rotations.get(rotationId);
    if (rotation?.state === 'WAITING_FOR_OWNER') await this.newKeyDelivered(rotation, newKeyId);
  }

  /** Shows both keys' last use again: how the owner sees their systems switch. */
  async refresh(actor: Actor, rotationId: string): Promise<Outcome<RotationView>> {
    const found = await this.load(actor, rotationId);
    if (!found.ok) return found;
    const view = await this.view(found.value);
    await this.updateGuide(view);
    return done(view);
  }

  async deactivateOld(actor: Actor, rotationId: string): Promise<Outcome<RotationView>> {
    const found = await this.load(actor, rotationId);
    if (!found.ok) return found;
    const rotation = found.value;
    if (rotation.state !== 'NEW_KEY_DELIVERED') return refused({ reason: 'rotation-step-done' });
    const view = await this.view(rotation);
    // The old key is retired only once the new one is seen in use: otherwise something breaks.
    if (!view.newKeyUse?.at) return refused({ reason: 'new-key-not-used-yet' });
    // The rotation knows the old key and its owner, and the view has just read its use.
    const oldKey = { owner: rotation.owner, account: this.accountOf(rotation), keyId: rotation.oldKeyId };
    const changed = await this.deps.commands.setStatus(actor, oldKey, 'Inactive');
    if (!changed.ok) return changed;
    return this.advance(actor, rotation, 'OLD_KEY_DEACTIVATED', {}, 'old key deactivated', view);
  }

  /** `reason`: the person's own (asked in a modal where the policy wants one); else the guide's. */
  async requestOldKeyDeletion(
    actor: Actor,
    rotationId: string,
    reason?: string,
  ): Promise<Outcome<RotationView>> {
    const found = await this.load(actor, rotationId);
    if (!found.ok) return found;
    const rotation = found.value;
    if (rotation.state !== 'OLD_KEY_DEACTIVATED') return refused({ reason: 'rotation-step-done' });
    const requested = await this.deps.approvals.request(
      actor,
      rotation.oldKeyId,
      reason ?? 'rotation: old key retired',
      { generated: reason === undefined },
    );
    if (!requested.ok) return requested;
    return this.advance(
      actor,
      rotation,
      'DELETION_REQUESTED',
      { approvalRequestId: requested.value.id },
      'deletion requested',
    );
  }

  private async newKeyDelivered(rotation: Rotation, newKeyId: KeyId): Promise<Rotation | undefined> {
    const next: Rotation = {
      ...rotation,
      state: 'NEW_KEY_DELIVERED',
      version: rotation.version + 1,
      newKeyId,
      updatedAt: this.deps.clock.now(),
    };
    if (!(await this.deps.rotations.replace(next, rotation))) return undefined;
    try {
      const message = await this.deps.guide.post(await this.view(next));
      const withMessage = { ...next, message, version: next.version + 1 };
      if (await this.deps.rotations.replace(withMessage, next)) return withMessage;
    } catch (error) {
      this.deps.log.warn({ err: error, rotation: rotation.id }, 'rotation guide could not be posted');
    }
    return next;
  }

  private async advance(
    actor: Actor,
    rotation: Rotation,
    state: RotationState,
    patch: Partial<Rotation>,
    note: string,
    /** The keys' use as just read: a step that changes no use need not ask IAM again. */
    known?: RotationView,
  ): Promise<Outcome<RotationView>> {
    const next: Rotation = {
      ...rotation,
      ...patch,
      state,
      version: rotation.version + 1,
      updatedAt: this.deps.clock.now(),
    };
    try {
      if (!(await this.deps.rotations.replace(next, rotation)))
        return refused({ reason: 'rotation-step-done' });
    } catch (error) {
      return refused(storeRefusal(error));
    }
    await this.audit(actor, 'rotate', next, note);
    const view = known ? { ...known, rotation: next } : await this.view(next);
    await this.updateGuide(view);
    return done(view);
  }

  /** The driver, or anyone who may manage the owner's keys, may take the next step. */
  private async load(actor: Actor, rotationId: string): Promise<Outcome<Rotation>> {
    let rotation: Rotation | undefined;
    try {
      rotation = await this.deps.rotations.get(rotationId);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    if (!rotation) return refused({ reason: 'no-such-rotation' });
    if (rotation.driver !== actor.slackUserId && !mayManage(actor, rotation.owner)) {
      return refused({ reason: 'not-allowed' });
    }
    return done(rotation);
  }

  private async view(rotation: Rotation): Promise<RotationView> {
    const use = async (keyId?: KeyId) => {
      if (!keyId) return undefined;
      try {
        return (await this.deps.accounts.iam(this.accountOf(rotation), rotation.driver).lastUse(keyId))
          .lastUse;
      } catch {
        return undefined; // gone or IAM busy: the guide shows "unknown" rather than failing the step
      }
    };
    const [oldKeyUse, newKeyUse] = await Promise.all([use(rotation.oldKeyId), use(rotation.newKeyId)]);
    return { rotation, oldKeyUse, newKeyUse };
  }

  /** Rotations stored before accounts were named belong to the default account. */
  accountOf(rotation: Rotation): Account {
    const { accounts } = this.deps;
    return (
      (rotation.account ? accounts.byName(rotation.account) : undefined) ?? (accounts.all()[0] as Account)
    );
  }

  private async updateGuide(view: RotationView): Promise<void> {
    try {
      if (view.rotation.message) await this.deps.guide.update(view);
    } catch (error) {
      this.deps.log.warn({ err: error, rotation: view.rotation.id }, 'rotation guide could not be updated');
    }
  }

  private audit(actor: Actor, action: 'rotate', rotation: Rotation, detail: string): Promise<void> {
    return this.auditor.as(actor).ok(action, {
      owner: rotation.owner,
      account: rotation.account,
      keyId: rotation.oldKeyId,
      detail: `${detail} (rotation ${rotation.id})`,
    });
  }
}
