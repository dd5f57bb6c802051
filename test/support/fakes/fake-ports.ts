import type { ApprovalPolicy } from '../../../src/features/approvals/domain/approval-policy';
import type { Invitation } from '../../../src/features/creation/domain/invitation';
import type { Rotation, RotationDeletion } from '../../../src/features/rotation/domain/rotation';
import { capturedLog } from './captured-log';
import { FakeAccounts } from './fake-accounts';
import { FakeClock } from './fake-clock';
import { FakeIam } from './fake-iam';
import { FakePeople } from './fake-people';
import { MemoryApprovalStore } from './memory-approval-store';
import { MemoryAuditLog } from './memory-audit-log';
import { MemoryDeliveries } from './memory-deliveries';
import { MemoryKeyHolds } from './memory-key-holds';
import { MemoryCleanupStore, MemoryVersionedStore } from './memory-versioned-store';
import { RecordingApprovalNotifier } from './recording-approval-notifier';
import { RecordingRotationGuide } from './recording-rotation-guide';
import { RecordingSecretDelivery } from './recording-secret-delivery';

/** The unit lane's approvers are `roles.approvers`, as the deletion asks again (the two-person rule). */
export const APPROVERS = ['U0BOB', 'U0CAROL', 'U0APPROVER', 'U0APPROVER2'];
export const POLICY: ApprovalPolicy = {
  channel: 'C0APPROVALS',
  required: 1,
  expiresAfterHours: 24,
  approvers: APPROVERS,
};

export interface FakePortsOptions {
  /** null: no approvals section in the policy. */
  policy?: ApprovalPolicy | null;
  selfService?: boolean;
  replica?: string;
}

/**
 * Every port the slices' domains are built from, as a fake over one clock and one IAM: the unit
 * tests pass these to the slices' own factories (createKeysDomain, createApprovalsDomain, ...), and
 * keep them to seed and to inspect. Nothing here builds a service.
 */
export function fakePorts(options: FakePortsOptions = {}) {
  const clock = new FakeClock();
  const { log, lines } = capturedLog();
  const iam = new FakeIam(clock);
  return {
    clock,
    log,
    logLines: lines,
    iam,
    accounts: FakeAccounts.single(iam),
    people: new FakePeople(options.selfService ?? true),
    audit: new MemoryAuditLog(),
    /** The approvals' store, and their open-requests index (`pages`). */
    store: new MemoryApprovalStore(),
    notifier: new RecordingApprovalNotifier(),
    delivery: new RecordingSecretDelivery(),
    guide: new RecordingRotationGuide(),
    invitations: new MemoryVersionedStore<Invitation>(),
    rotations: new MemoryVersionedStore<Rotation>(),
    deletions: new MemoryVersionedStore<RotationDeletion>(),
    cleanups: new MemoryCleanupStore(),
    holds: new MemoryKeyHolds(),
    deliveries: new MemoryDeliveries(),
    policy: options.policy === null ? undefined : (options.policy ?? POLICY),
    replica: options.replica ?? 'replica-a',
  };
}

export type FakePorts = ReturnType<typeof fakePorts>;
