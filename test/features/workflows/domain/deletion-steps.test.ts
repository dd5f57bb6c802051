import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import { RequestEndings } from '../../../../src/features/approvals/domain/request-endings';
import { DeletionSteps } from '../../../../src/features/workflows/domain/deletion-steps';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import {
  actor,
  fakePorts,
  MemoryPendingSteps,
  RecordingStepCompletions,
  storeUnavailable,
} from '../../../support/fakes';

const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const APPROVER = actor('U0APPROVER', { isApprover: true });

/** The approvals domain over fakes, with the workflows' runs hooked to its endings as install() does. */
function domain() {
  const ports = fakePorts();
  const endings = new RequestEndings(ports.log);
  const { service } = createApprovalsDomain({ ...ports, pages: ports.store, endings });
  const pending = new MemoryPendingSteps();
  const completions = new RecordingStepCompletions();
  const steps = new DeletionSteps({
    approvals: service,
    pending,
    completions,
    clock: ports.clock,
    log: ports.log,
  });
  endings.register((request) => steps.ended(request));
  return { ...ports, service, pending, completions, steps };
}
type Domain = ReturnType<typeof domain>;

async function opened(d: Domain, keyId: KeyId, executionId: string) {
  const outcome = await d.steps.request(ALICE, keyId, 'SEC-1', executionId);
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.reason}`);
  return outcome.value;
}

describe('DeletionSteps', () => {
  let d: Domain;
  let keyId: KeyId;
  beforeEach(() => {
    d = domain();
    keyId = d.iam.addKey('alice').keyId;
  });

  it('stores the run beside its request and completes it once, when the request ends', async () => {
    const request = await opened(d, keyId, 'Fx1');
    expect(await d.pending.waitingOn(request.id)).toMatchObject({
      executionId: 'Fx1',
      requestedBy: 'U0ALICE',
    });
    expect(d.completions.calls).toBe(0);

    const message = d.store.peek(request.id)?.message;
    expect((await d.service.approve(APPROVER, request.id, message)).ok).toBe(true);
    expect(d.completions.completed.get('Fx1')).toEqual({ request_id: request.id, decision: 'deleted' });
    expect(d.pending.outcomeOf(request.id)).toBe('deleted');
    // Told again (a retried write, the sweep): nothing is completed twice.
    await d.steps.ended({ ...request, state: 'EXECUTED' });
    expect(await d.steps.sweep()).toEqual({ completed: 0, waiting: 0 });
    expect(d.completions.calls).toBe(1);
  });

  it('a run that cannot be stored withdraws its request: no request is left that nothing would report', async () => {
    d.pending.faults.fail('add', storeUnavailable());
    const outcome = await d.steps.request(ALICE, keyId, 'SEC-2', 'Fx2');
    expect(outcome).toEqual({ ok: false, refusal: { reason: 'store-unavailable' } });
    expect((await d.store.listByState('PENDING')).filter((r) => r.keyId === keyId)).toHaveLength(0);
  });

  it('a completion Slack refused at the end is left waiting, and the sweep completes it', async () => {
    const request = await opened(d, keyId, 'Fx3');
    d.completions.faults.fail('succeed', new Error('slack 503'));
    expect((await d.service.withdraw(ALICE, request.id)).ok).toBe(true);
    expect(d.completions.completed.size).toBe(0);
    expect(await d.pending.waitingOn(request.id)).toBeDefined();

    expect(await d.steps.sweep()).toEqual({ completed: 1, waiting: 0 });
    expect(d.completions.completed.get('Fx3')).toEqual({ request_id: request.id, decision: 'withdrawn' });
  });

  it('the sweep leaves runs of open requests waiting, and fails those whose request is gone', async () => {
    await opened(d, keyId, 'Fx4');
    await d.pending.add({
      requestId: '00000000-0000-4000-8000-000000000000',
      executionId: 'Fx5',
      requestedBy: ALICE.slackUserId,
      createdAt: d.clock.now(),
    });
    expect(await d.steps.sweep()).toEqual({ completed: 1, waiting: 1 });
    expect(d.completions.completed.get('Fx5')).toEqual({
      request_id: '00000000-0000-4000-8000-000000000000',
      decision: 'failed',
    });
    expect(d.completions.completed.has('Fx4')).toBe(false);
  });

  it('a refused request stores no run', async () => {
    const outcome = await d.steps.request(actor('U0EVE'), keyId, 'SEC-6', 'Fx6');
    expect(outcome.ok).toBe(false);
    expect(await d.pending.waiting()).toEqual([]);
  });
});
