import { ApprovalService, type ApprovalPolicy } from '../../src/features/approvals/domain/approval-service';
import type { Invitation } from '../../src/features/creation/domain/invitation';
import { KeyCreation } from '../../src/features/creation/domain/key-creation';
import { KeyCommands } from '../../src/features/keys/domain/key-commands';
import { KeyQueries } from '../../src/features/keys/domain/key-queries';
import type { Rotation } from '../../src/features/rotation/domain/rotation';
import { KeyRotation } from '../../src/features/rotation/domain/key-rotation';
import { StaleKeyActions } from '../../src/features/reports/domain/stale-key-actions';
import type { StaleThresholds } from '../../src/features/reports/domain/thresholds';
import {
  capturedLog,
  FakeAccounts,
  FakeClock,
  FakeIam,
  FakePeople,
  MemoryApprovalStore,
  MemoryAuditLog,
  MemoryCleanupStore,
  MemoryDeliveries,
  MemoryKeyHolds,
  MemoryVersionedStore,
  RecordingApprovalNotifier,
  RecordingRotationGuide,
  RecordingSecretDelivery,
} from './fakes';

/** The unit lane's approvers are `roles.approvers`, as the deletion asks again (the two-person rule). */
export const APPROVERS = ['U0BOB', 'U0CAROL', 'U0APPROVER', 'U0APPROVER2'];
export const POLICY: ApprovalPolicy = {
  channel: 'C0APPROVALS',
  required: 1,
  expiresAfterHours: 24,
  approvers: APPROVERS,
};

export interface DomainOptions {
  policy?: ApprovalPolicy | null;
  selfService?: boolean;
  reports?: StaleThresholds[];
  exempt?: string[];
  replica?: string;
}

/**
 * The domain's services wired as src/app.ts wires them, but over the fakes of their ports: the unit
 * lane's composition root. Every fake is returned, to seed and to inspect.
 */
export function domain(options: DomainOptions = {}) {
  const clock = new FakeClock();
  const { log, lines } = capturedLog();
  const iam = new FakeIam(clock);
  const accounts = FakeAccounts.single(iam);
  const people = new FakePeople(options.selfService ?? true);
  const audit = new MemoryAuditLog();
  const store = new MemoryApprovalStore();
  const notifier = new RecordingApprovalNotifier();
  const delivery = new RecordingSecretDelivery();
  const guide = new RecordingRotationGuide();
  const invitations = new MemoryVersionedStore<Invitation>();
  const rotations = new MemoryVersionedStore<Rotation>();
  const cleanups = new MemoryCleanupStore();
  const holds = new MemoryKeyHolds();
  const deliveries = new MemoryDeliveries();

  const commands = new KeyCommands(accounts, holds, audit, clock, log);
  const queries = new KeyQueries(accounts);
  const creation = new KeyCreation({
    accounts,
    people,
    delivery,
    deliveries,
    invitations,
    cleanups,
    audit,
    clock,
    log,
  });
  const approvals = new ApprovalService({
    accounts,
    people,
    store,
    notifier,
    audit,
    clock,
    log,
    policy: options.policy === null ? undefined : (options.policy ?? POLICY),
    replica: options.replica ?? 'replica-a',
  });
  const rotation = new KeyRotation({
    accounts,
    people,
    creation,
    commands,
    approvals,
    rotations,
    guide,
    audit,
    clock,
    log,
  });
  const staleActions = new StaleKeyActions({
    accounts,
    commands,
    approvals,
    audit,
    clock,
    log,
    reports: options.reports ?? [{ maxAgeDays: 90, maxUnusedDays: 30 }],
    exempt: options.exempt ?? [],
  });

  return {
    clock,
    log,
    logLines: lines,
    iam,
    accounts,
    people,
    audit,
    store,
    notifier,
    delivery,
    guide,
    invitations,
    rotations,
    cleanups,
    holds,
    deliveries,
    commands,
    queries,
    creation,
    approvals,
    rotation,
    staleActions,
  };
}

export type Domain = ReturnType<typeof domain>;
