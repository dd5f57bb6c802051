import { HOLD_DETAIL } from '../../../../src/features/keys/domain/key-commands';
import { DELETION_REASON, type ReportedKey } from '../../../../src/features/reports/domain/stale-key-actions';
import { ON_DEMAND, type StaleThresholds } from '../../../../src/features/reports/domain/thresholds';
import type { IamUserName, KeyId } from '../../../../src/kernel/types';
import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { createApprovalsDomain } from '../../../../src/features/approvals/domain/create-approvals';
import { createReportActionsDomain } from '../../../../src/features/reports/domain/create-report-actions';
import { actor, iamError, fakePorts, MemorySnoozeStore, type FakePortsOptions } from '../../../support/fakes';

/** The reports slice's key actions (createReportActionsDomain) over the lower slices' domains, over fakes. */
function domain(options: FakePortsOptions & { reports?: StaleThresholds[]; exempt?: string[] } = {}) {
  const ports = fakePorts(options);
  const { commands } = createKeysDomain(ports);
  const { service: approvals } = createApprovalsDomain({ ...ports, pages: ports.store });
  const { staleActions } = createReportActionsDomain({
    ...ports,
    commands,
    approvals,
    reports: options.reports ?? [{ maxAgeDays: 90, maxUnusedDays: 30 }],
    exempt: options.exempt ?? [],
    snoozes: new MemorySnoozeStore(),
  });
  return { ...ports, commands, approvals, staleActions };
}
type Domain = ReturnType<typeof domain>;

const DAY = 86_400_000;
const ADMIN = actor('U0ADMIN', { isAdmin: true });
const ALICE = actor('U0ALICE', { iamUser: 'alice' as IamUserName });
const BOB = actor('U0BOB', { iamUser: 'bob' as IamUserName });

const reason = (outcome: { ok: boolean; refusal?: { reason: string } }) =>
  outcome.ok ? 'ok' : outcome.refusal?.reason;

describe('StaleKeyActions: a report click finds the key again and re-checks it first', () => {
  let d: Domain;
  let keyId: KeyId;
  let reported: ReportedKey;
  beforeEach(() => {
    d = domain({
      reports: [
        { maxAgeDays: 90, maxUnusedDays: 30 },
        { maxAgeDays: 365, maxUnusedDays: 365 },
      ],
      exempt: ['ci-deploy'],
    });
    const createdAt = new Date(d.clock.now().getTime() - 200 * DAY);
    keyId = d.iam.addKey('alice', { createdAt }).keyId;
    // The report's time may carry milliseconds IAM does not keep: the same second is the same key.
    reported = {
      owner: 'alice' as IamUserName,
      createdAt: new Date(createdAt.getTime() + 400),
      reportIndex: 0,
    };
  });

  it("an admin's Deactivate resolves the key by owner and second, deactivates it under hold", async () => {
    expect(await d.staleActions.deactivate(ADMIN, reported)).toMatchObject({
      ok: true,
      value: { owner: 'alice', keyId, status: 'Inactive', changed: true },
    });
    expect(d.iam.mutations()).toEqual([{ method: 'setStatus', owner: 'alice', keyId, status: 'Inactive' }]);
    expect(d.audit.events.at(-1)).toMatchObject({ action: 'deactivate', outcome: 'ok', detail: HOLD_DETAIL });
  });

  it("the owner's own click holds too: she cannot turn the key on again", async () => {
    expect(reason(await d.staleActions.deactivate(ALICE, reported))).toBe('ok');
    d.clock.advanceMinutes(1);
    expect(reason(await d.commands.setStatus(ALICE, keyId, 'Active'))).toBe('deactivated-by-admin');
  });

  it('a button naming an account the policy no longer manages is refused (audited), never acted on in the default account', async () => {
    const elsewhere = { ...reported, account: 'prod' };
    const refusal = { reason: 'account-not-managed', account: 'prod' };
    expect(await d.staleActions.deactivate(ADMIN, elsewhere)).toEqual({ ok: false, refusal });
    expect(await d.staleActions.requestDeletion(ADMIN, elsewhere)).toEqual({ ok: false, refusal });
    expect(d.iam.calls).toEqual([]);
    expect(d.iam.keyOf(keyId)?.status).toBe('Active');
    expect(d.audit.summary()).toEqual([
      'report:refused:deactivate: account-not-managed',
      'report:refused:request-deletion: account-not-managed',
    ]);
  });

  it("a stranger's click is refused before IAM is asked anything, and audited", async () => {
    expect(reason(await d.staleActions.deactivate(BOB, reported))).toBe('not-allowed');
    expect(d.iam.calls).toEqual([]);
    expect(d.audit.summary()).toEqual(['report:refused:deactivate: not-allowed']);
  });

  it('a key gone since the report, or two keys in that second, is reported-key-gone: no guessing', async () => {
    expect(reason(await d.staleActions.deactivate(ADMIN, { ...reported, createdAt: new Date(0) }))).toBe(
      'reported-key-gone',
    );
    d.iam.addKey('alice', { createdAt: reported.createdAt });
    expect(reason(await d.staleActions.deactivate(ADMIN, reported))).toBe('reported-key-gone');
    expect(d.iam.mutations()).toEqual([]);
  });

  it('a key stale only for want of use, used since the report, is left alone; the answer says when', async () => {
    const createdAt = new Date(d.clock.now().getTime() - 60 * DAY);
    const idle = d.iam.addKey('dave', { createdAt }).keyId;
    const click = { owner: 'dave' as IamUserName, createdAt, reportIndex: 0 };
    const usedAt = new Date(d.clock.now().getTime() - DAY);
    d.iam.use(idle, { at: usedAt, service: 's3' });
    expect(await d.staleActions.deactivate(ADMIN, click)).toEqual({
      ok: false,
      refusal: { reason: 'reported-key-no-longer-stale', lastUsedAt: usedAt },
    });
    expect(d.audit.summary().at(-1)).toBe('report:refused:deactivate: no-longer-stale');
    expect(d.iam.mutations()).toEqual([]);
  });

  it('a second active key (CIS 1.13) deactivated first ("Deactivate now") can still be asked to be deleted', async () => {
    const recent = new Date(d.clock.now().getTime() - 10 * DAY);
    d.iam.addKey('erin', { createdAt: new Date(recent.getTime() - DAY), lastUse: { at: recent } });
    const second = d.iam.addKey('erin', { createdAt: recent, lastUse: { at: recent } }).keyId;
    const click = { owner: 'erin' as IamUserName, createdAt: recent, reportIndex: 0 };
    expect(reason(await d.commands.setStatus(ADMIN, second, 'Inactive'))).toBe('ok');
    expect(reason(await d.staleActions.requestDeletion(ADMIN, click, 'INC-7 contained'))).toBe('ok');
  });

  it('the key a line names, for "Deactivate now": only an Active one, only to who may turn it off', async () => {
    expect(await d.staleActions.activeKeyOf(ADMIN, reported)).toBe(keyId);
    expect(await d.staleActions.activeKeyOf(ALICE, reported)).toBe(keyId);
    expect(await d.staleActions.activeKeyOf(BOB, reported)).toBeUndefined();
    expect(await d.staleActions.activeKeyOf(ADMIN, { ...reported, account: 'prod' })).toBeUndefined();
    await d.commands.setStatus(ADMIN, keyId, 'Inactive');
    expect(await d.staleActions.activeKeyOf(ADMIN, reported)).toBeUndefined();
    expect(d.iam.mutations()).toEqual([{ method: 'setStatus', owner: 'alice', keyId, status: 'Inactive' }]);
  });

  it("judged by the thresholds of the report's own entry; /keys stale by the first entry's", async () => {
    expect(reason(await d.staleActions.deactivate(ADMIN, { ...reported, reportIndex: 1 }))).toBe(
      'reported-key-no-longer-stale',
    );
    expect(reason(await d.staleActions.deactivate(ADMIN, { ...reported, reportIndex: ON_DEMAND }))).toBe(
      'ok',
    );
  });

  it('an exempt user is never acted on from a report', async () => {
    const old = new Date(d.clock.now().getTime() - 400 * DAY);
    d.iam.addKey('ci-deploy', { createdAt: old });
    const click = { owner: 'ci-deploy' as IamUserName, createdAt: old, reportIndex: 0 };
    expect(reason(await d.staleActions.deactivate(ADMIN, click))).toBe('reported-key-no-longer-stale');
  });

  it('Deactivate on an inactive key is refused; Request deletion of it opens an approval request', async () => {
    await d.iam.setStatus('alice' as IamUserName, keyId, 'Inactive');
    expect(reason(await d.staleActions.deactivate(ADMIN, reported))).toBe('reported-key-not-active');
    const requested = await d.staleActions.requestDeletion(ADMIN, reported);
    expect(requested).toMatchObject({
      ok: true,
      value: { keyId, state: 'PENDING', reason: DELETION_REASON },
    });
    expect(d.notifier.posted).toHaveLength(1);
  });

  it("Request deletion opens the request on the re-check's own reading: IAM is read once, not again by the approval", async () => {
    d.iam.use(keyId, { at: new Date(d.clock.now().getTime() - 100 * DAY), service: 's3' });
    const requested = await d.staleActions.requestDeletion(ADMIN, reported);
    expect(requested).toMatchObject({
      ok: true,
      value: { keyId, owner: 'alice', key: { status: 'Active', lastUsedService: 's3' } },
    });
    // The re-check's listing and last use; before, the approval looked the key up again (two more).
    expect(d.iam.calls).toEqual([
      { method: 'listKeys', owner: 'alice' },
      { method: 'lastUse', keyId },
    ]);
  });

  it('IAM throttled during the re-check: refused as iam-throttled, audited, nothing changed', async () => {
    d.iam.faults.fail('lastUse', iamError('IAM_THROTTLED'));
    expect(reason(await d.staleActions.deactivate(ADMIN, reported))).toBe('iam-throttled');
    expect(d.audit.summary()).toEqual(['report:refused:deactivate: iam-throttled']);
    expect(d.iam.mutations()).toEqual([]);
  });
});
