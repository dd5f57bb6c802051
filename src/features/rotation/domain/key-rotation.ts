import { randomUUID } from 'node:crypto';
import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { ApprovalService } from '../../approvals/domain';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { CreateResult, KeyCreation } from '../../creation/domain';
import type { Account } from '../../../kernel/accounts';
import { accountNotManaged, accountRef, managedAccountOf } from '../../../kernel/account-ref';
import type { Caller, IamAccounts } from '../../../kernel/ports/accounts';
import type { KeyCommands } from '../../keys/domain';
import { done, refused, type Outcome } from './refusals';
import type { People } from '../../../kernel/ports/people';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, IamUserName, KeyId } from '../../../kernel/types';
import type { VersionedStore } from '../../../kernel/ports/versioned-store';
import {
  isRotationId,
  nextRotation,
  type Rotation,
  type RotationDeletion,
  type RotationState,
  type RotationStep,
} from './rotation';
import type { ApprovalRequest } from '../../approvals/domain';
import type { RotationGuide, RotationView } from './ports/rotation-guide';
import { rotationAfterDeletion } from './rotation-ending';
import { rotationView } from './rotation-view';
import { rotationPlan } from './rotation-plan';

export interface KeyRotationDeps {
  accounts: IamAccounts;
  people: People;
  creation: KeyCreation;
  commands: KeyCommands;
  approvals: ApprovalService;
  rotations: VersionedStore<Rotation>;
  /** Which rotation each deletion request belongs to, for when the request ends. */
  deletions: VersionedStore<RotationDeletion>;
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
    const plan = await rotationPlan(this.deps, actor, owner, account);
    if (!plan.ok) {
      // Every refusal is in the audit trail, with its reason: a rotation nobody could start is a finding too.
      await this.auditor
        .as(actor)
        .refused('rotate', { owner, account: account.name, detail: plan.refusal.reason });
      return plan;
    }
    const { driver, oldKeyId } = plan.value;
    const now = this.deps.clock.now();
    const rotation: Rotation = {
      id: randomUUID(),
      state: 'WAITING_FOR_OWNER',
      version: 1,
      owner,
      ...accountRef(account),
      driver,
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
    const delivered = await this.newKeyDelivered(rotation, created.value.keyId, actor.slackUserId);
    return done({ rotation: delivered ?? rotation, created: created.value });
  }

  /** The owner (`actor`) clicked "Create my key" on a rotation's invitation and the key was delivered. */
  async invitationAccepted(actor: Actor, rotationId: string, newKeyId: KeyId): Promise<void> {
    const rotation = await this.deps.rotations.get(rotationId);
    if (rotation?.state === 'WAITING_FOR_OWNER')
      await this.newKeyDelivered(rotation, newKeyId, actor.slackUserId);
  }

  /**
   * The old key of a rotation, as stored (one consistent read), for a modal to name it; undefined
   * when there is no such rotation or the store does not answer.
   */
  async oldKeyOf(rotationId: string): Promise<KeyId | undefined> {
    if (!isRotationId(rotationId)) return undefined;
    try {
      return (await this.deps.rotations.get(rotationId))?.oldKeyId;
    } catch (error) {
      this.deps.log.warn(
        { err: error, rotation: rotationId },
        'the rotation could not be read for its modal',
      );
      return undefined;
    }
  }

  /** Shows both keys' last use again: how the owner sees their systems switch. */
  refresh(actor: Actor, rotationId: string): Promise<Outcome<RotationView>> {
    return this.step(actor, rotationId, 'refresh', async (rotation) => {
      const view = await this.view(rotation, actor.slackUserId);
      await this.updateGuide(view);
      return done(view);
    });
  }

  deactivateOld(actor: Actor, rotationId: string): Promise<Outcome<RotationView>> {
    return this.step(actor, rotationId, 'deactivateOld', (rotation) => this.retireOldKey(actor, rotation));
  }

  /**
   * Undoes step 3 when something broke after the old key went off: the old key is Active again and
   * the guide is back at step 2. Not once its deletion was asked (withdraw that request first), and
   * never past an admin's hold (the key commands refuse it).
   */
  reactivateOld(actor: Actor, rotationId: string): Promise<Outcome<RotationView>> {
    return this.step(actor, rotationId, 'reactivateOld', (rotation) => this.restoreOldKey(actor, rotation));
  }

  /** `reason`: the person's own (asked in a modal where the policy wants one); else the guide's. */
  requestOldKeyDeletion(actor: Actor, rotationId: string, reason?: string): Promise<Outcome<RotationView>> {
    return this.step(actor, rotationId, 'requestOldKeyDeletion', (rotation) =>
      this.requestDeletion(actor, rotation, reason),
    );
  }

  /**
   * A click on the guide, as `actor`: the rotation loaded, the clicker's right checked (the driver,
   * or anyone who may manage the owner's keys), then the step. Every refusal, of the click or of the
   * step, is in the audit trail as a refused `rotate`.
   */
  private async step(
    actor: Actor,
    rotationId: string,
    step: RotationStep,
    run: (rotation: Rotation) => Promise<Outcome<RotationView>>,
  ): Promise<Outcome<RotationView>> {
    const found = await this.load(actor, rotationId);
    const rotation = found.ok ? found.value : undefined;
    let outcome: Outcome<RotationView>;
    if (!found.ok) outcome = found;
    else if (found.value.driver !== actor.slackUserId && !mayManage(actor, found.value.owner))
      outcome = refused({ reason: 'not-allowed' });
    else outcome = await run(found.value);
    if (!outcome.ok) {
      // The id is echoed only when it is one: a forged button's text stays out of the trail.
      const named = rotation?.id ?? (isRotationId(rotationId) ? rotationId : undefined);
      await this.auditor.as(actor).refused('rotate', {
        ...(rotation ? { owner: rotation.owner, account: rotation.account, keyId: rotation.oldKeyId } : {}),
        detail: `${outcome.refusal.reason}: ${step}${named ? ` (rotation ${named})` : ''}`,
      });
    }
    return outcome;
  }

  private async retireOldKey(actor: Actor, rotation: Rotation): Promise<Outcome<RotationView>> {
    if (rotation.state !== 'NEW_KEY_DELIVERED') return refused({ reason: 'rotation-step-done' });
    const view = await this.view(rotation, actor.slackUserId);
    // The old key is retired only once the new one is seen in use: otherwise something breaks.
    if (!view.newKeyUse?.at) return refused({ reason: 'new-key-not-used-yet' });
    // The rotation knows the old key and its owner, and the view has just read its use.
    const oldKey = this.oldKey(rotation);
    if (!oldKey.ok) return oldKey;
    const changed = await this.deps.commands.setStatus(actor, oldKey.value, 'Inactive');
    if (!changed.ok) return changed;
    return this.advance(actor, rotation, 'OLD_KEY_DEACTIVATED', {}, 'old key deactivated', view);
  }

  private async restoreOldKey(actor: Actor, rotation: Rotation): Promise<Outcome<RotationView>> {
    if (rotation.state !== 'OLD_KEY_DEACTIVATED') return refused({ reason: 'rotation-step-done' });
    const oldKey = this.oldKey(rotation);
    if (!oldKey.ok) return oldKey;
    const changed = await this.deps.commands.setStatus(actor, oldKey.value, 'Active');
    if (!changed.ok) return changed;
    return this.advance(actor, rotation, 'NEW_KEY_DELIVERED', {}, 'old key re-activated');
  }

  private async requestDeletion(
    actor: Actor,
    rotation: Rotation,
    reason: string | undefined,
  ): Promise<Outcome<RotationView>> {
    if (rotation.state !== 'OLD_KEY_DEACTIVATED') return refused({ reason: 'rotation-step-done' });
    const requested = await this.deps.approvals.request(
      actor,
      rotation.oldKeyId,
      reason ?? 'rotation: old key retired',
      { generated: reason === undefined },
    );
    if (!requested.ok) return requested;
    const requestId = requested.value.id;
    try {
      await this.deps.deletions.create({
        id: requestId,
        state: 'REQUESTED',
        version: 1,
        rotationId: rotation.id,
      });
    } catch (error) {
      // The deletion goes ahead; only the guide's last line ("Rotation complete") will be missing.
      this.deps.log.warn(
        { err: error, rotation: rotation.id, requestId },
        'rotation deletion link not stored',
      );
    }
    return this.advance(
      actor,
      rotation,
      'DELETION_REQUESTED',
      { approvalRequestId: requestId, deletionNotDone: undefined },
      'deletion requested',
    );
  }

  /**
   * A deletion request ended (RequestEndings). Executed: the rotation is complete, and its guide
   * ends saying who deleted the old key. Ended otherwise: the guide is back at step 4 and says why,
   * with its Request deletion button again. Told at least once per ending, maybe twice: the write's
   * condition (the state it leaves) makes a repeat do nothing.
   */
  async deletionEnded(request: ApprovalRequest): Promise<void> {
    const link = await this.deps.deletions.get(request.id);
    if (!link) return;
    const rotation = await this.deps.rotations.get(link.rotationId);
    if (rotation?.state !== 'DELETION_REQUESTED' || rotation.approvalRequestId !== request.id) return;
    const { next, detail } = rotationAfterDeletion(rotation, request, this.deps.clock.now());
    if (!(await this.deps.rotations.replace(next, rotation))) return;
    await this.auditor.as('system').ok('rotate', {
      owner: next.owner,
      account: next.account,
      keyId: next.oldKeyId,
      detail: `${detail} (rotation ${next.id})`,
    });
    // The old key is gone: only the new one's use is read, in nobody's session but Keywarden's.
    await this.updateGuide(await this.view(next, 'system'));
  }

  /** `caller`: whose command or click delivered the key; the guide's first reads run as them. */
  private async newKeyDelivered(
    rotation: Rotation,
    newKeyId: KeyId,
    caller: Caller,
  ): Promise<Rotation | undefined> {
    const next = nextRotation(rotation, { state: 'NEW_KEY_DELIVERED', newKeyId }, this.deps.clock.now());
    if (!(await this.deps.rotations.replace(next, rotation))) return undefined;
    try {
      const message = await this.deps.guide.post(await this.view(next, caller));
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
    const next = nextRotation(rotation, { ...patch, state }, this.deps.clock.now());
    try {
      if (!(await this.deps.rotations.replace(next, rotation)))
        return refused({ reason: 'rotation-step-done' });
    } catch (error) {
      return refused(storeRefusal(error));
    }
    await this.audit(actor, 'rotate', next, note);
    const view = known ? { ...known, rotation: next } : await this.view(next, actor.slackUserId);
    await this.updateGuide(view);
    return done(view);
  }

  /** The rotation a button names, in an account still managed. */
  private async load(actor: Actor, rotationId: string): Promise<Outcome<Rotation>> {
    if (!isRotationId(rotationId)) return refused({ reason: 'no-such-rotation' });
    let rotation: Rotation | undefined;
    try {
      rotation = await this.deps.rotations.get(rotationId);
    } catch (error) {
      return refused(storeRefusal(error));
    }
    if (!rotation) return refused({ reason: 'no-such-rotation' });
    const account = this.accountOf(rotation);
    return account.ok ? done(rotation) : account;
  }

  /** Both keys' last use, read in the session of `caller`: the person whose click or command asks. */
  private async view(rotation: Rotation, caller: Caller): Promise<RotationView> {
    const account = this.accountOf(rotation);
    return rotationView(rotation, account.ok ? this.deps.accounts.iam(account.value, caller) : undefined);
  }

  /** The old key where it is: its owner in the rotation's own account (or the refusal). */
  private oldKey(rotation: Rotation): Outcome<{ owner: IamUserName; account: Account; keyId: KeyId }> {
    const account = this.accountOf(rotation);
    return account.ok
      ? done({ owner: rotation.owner, account: account.value, keyId: rotation.oldKeyId })
      : account;
  }

  /** The rotation's own account, or the refusal: never another account in its place. */
  accountOf(rotation: Rotation): Outcome<Account> {
    const account = managedAccountOf(rotation, this.deps.accounts.all());
    return account ? done(account) : refused(accountNotManaged(rotation));
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
