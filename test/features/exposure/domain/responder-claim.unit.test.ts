import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { createExposureDomain } from '../../../../src/features/exposure/domain/create-exposure';
import type { ExposureReport } from '../../../../src/features/exposure/domain/exposure-report';
import type { Incident } from '../../../../src/features/exposure/domain/incident';
import type { IncidentNotifier } from '../../../../src/features/exposure/domain/ports/incident-notifier';
import { ResponderClaims } from '../../../../src/features/exposure/domain/responder-claim';
import { updateIncident } from '../../../../src/features/exposure/domain/incident-updates';
import { Heartbeats } from '../../../../src/kernel/heartbeat';
import type { MessageRef } from '../../../../src/kernel/message-ref';
import type { KeyId } from '../../../../src/kernel/types';
import { fakePorts } from '../../../support/fakes';
import { FakeClock } from '../../../support/fakes/fake-clock';
import { capturedLog } from '../../../support/fakes/captured-log';
import { MemoryIncidents } from '../../../support/fakes/memory-incidents';

const LEASE_MS = 3_000;
const KEY = 'AKIAHEARTBEAT0000001' as KeyId;

/** The domain's clock and jest's timers moved together, in small steps, as time passes for both. */
async function pass(clock: FakeClock, ms: number, step = 100): Promise<void> {
  for (let passed = 0; passed < ms; passed += step) {
    clock.advance(step);
    await jest.advanceTimersByTimeAsync(step);
  }
}

/** A card post that waits until the test lets it through: Slack slow, or 429 and retried. */
class HeldNotifier implements IncidentNotifier {
  readonly posted: Incident[] = [];
  private release: () => void = () => undefined;
  private gate = new Promise<void>((resolve) => (this.release = resolve));
  waiting = 0;

  async postCard(incident: Incident): Promise<MessageRef> {
    this.waiting++;
    await this.gate;
    this.posted.push(incident);
    return { channel: 'C0INCIDENTS', ts: `${this.posted.length}.0001` };
  }

  async updateCard(): Promise<void> {}
  async tellOwner(): Promise<void> {}

  letThrough(): void {
    this.release();
  }
}

function domain() {
  const ports = fakePorts();
  const incidents = new MemoryIncidents();
  const notifier = new HeldNotifier();
  const heartbeats = new Heartbeats();
  const { response } = createExposureDomain({
    ...ports,
    accountById: async () => undefined,
    keys: createKeysDomain(ports).commands,
    incidents,
    notifier,
    activity: { lookup: async () => [] },
    permissions: {
      read: async () => ({ managedPolicies: [], inlinePolicies: [], groups: [], quarantined: false }),
    },
    policy: { channel: 'C0INCIDENTS', deactivate: true, activityDays: 7, regions: ['us-east-1'] },
    defaultRegions: ['us-east-1'],
    background: () => undefined,
    heartbeats,
    leaseMs: LEASE_MS,
  });
  if (!response) throw new Error('no response');
  return { ...ports, response, incidents, notifier, heartbeats };
}

const report = (keyId: KeyId, region = 'us-east-1'): ExposureReport => ({
  keyId,
  source: {
    kind: 'health',
    code: 'AWS_RISK_CREDENTIALS_EXPOSED',
    at: new Date('2026-06-15T11:00:00Z'),
    region,
  },
});

describe("the responder's claim on an incident", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is renewed every third of the lease while the work runs, and never taken over; after the work it runs out', async () => {
    const clock = new FakeClock();
    const incidents = new MemoryIncidents();
    const heartbeats = new Heartbeats();
    const claims = new ResponderClaims({
      incidents,
      clock,
      heartbeats,
      log: capturedLog().log,
      leaseMs: LEASE_MS,
    });
    const mine = claims.fresh();
    await incidents.open({
      id: KEY,
      keyId: KEY,
      state: 'OPEN',
      version: 1,
      sources: [report(KEY).source],
      openedAt: clock.now(),
      stage: 'responding',
      ...mine,
    });
    let finish: () => void = () => undefined;
    const work = claims.hold(KEY, mine, () => new Promise<void>((resolve) => (finish = resolve)));

    await pass(clock, 900);
    expect(incidents.writes).toHaveLength(1);
    await pass(clock, 100);
    expect(incidents.peek(KEY)?.leaseUntil).toEqual(new Date(clock.now().getTime() + LEASE_MS));
    // Ten leases later, the claim still holds: another responder cannot take it.
    await pass(clock, 10 * LEASE_MS);
    expect(incidents.writes).toHaveLength(2 + 30);
    expect(incidents.peek(KEY)?.leaseUntil.getTime()).toBeGreaterThan(clock.now().getTime() + LEASE_MS / 2);
    expect(await claims.takeOver(KEY)).toBeUndefined();

    finish();
    await work;
    expect(heartbeats.count).toBe(0);
    await pass(clock, LEASE_MS);
    const theirs = await claims.takeOver(KEY);
    expect(theirs?.responder).toEqual(expect.any(String));
    expect(await claims.renew(KEY, mine.responder)).toBeUndefined();
    expect(incidents.peek(KEY)?.responder).toBe(theirs?.responder);
  });

  it('a card post held three leases long: the copies that come meanwhile join; one card, one deactivation', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    const first = d.response.receive(report(keyId));
    await pass(d.clock, 100);
    expect(d.notifier.waiting).toBe(1);

    await pass(d.clock, 3 * LEASE_MS);
    // Without the renewals this copy would find the lease run out, take over and post a second card.
    const copy = await d.response.receive(report(keyId, 'us-west-2'));
    expect(copy.duplicate).toBe(true);
    expect(d.notifier.waiting).toBe(1);

    d.notifier.letThrough();
    const { incident } = await first;
    expect(incident).toMatchObject({ stage: 'responded', card: { ts: '1.0001' } });
    expect(d.notifier.posted).toHaveLength(1);
    expect(d.iam.mutations()).toHaveLength(1);
    expect(d.heartbeats.count).toBe(0);
  });

  it('a responder whose claim another took posts no card: RETRY_LATER keeps its message', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    d.notifier.letThrough();
    let ownerAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (ownerAsked = resolve));
    let answerOwner: () => void = () => undefined;
    const owner = new Promise<void>((resolve) => (answerOwner = resolve));
    const ownerOf = d.people.ownerOf.bind(d.people);
    d.people.ownerOf = async (user) => {
      ownerAsked();
      await owner;
      return ownerOf(user);
    };
    const first = d.response.receive(report(keyId));
    first.catch(() => undefined);
    await asked;
    // Its renewals failed for a whole lease (the store down for it), and another replica took over.
    await updateIncident(d.incidents, keyId, (current) => ({ ...current, responder: 'another-replica' }));
    await pass(d.clock, LEASE_MS / 3);
    expect(d.logLines.join('\n')).toContain('the incident claim was taken by another holder; stopping');

    answerOwner();
    await expect(first).rejects.toMatchObject({ code: 'RETRY_LATER' });
    expect(d.notifier.posted).toHaveLength(0);
    expect(d.incidents.peek(keyId)).toMatchObject({ stage: 'responding', responder: 'another-replica' });
  });
  it('renewals that failed for a whole lease: the card waits on a read of the claim, and another holds it: no card', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    d.notifier.letThrough();
    let ownerAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (ownerAsked = resolve));
    let answerOwner: () => void = () => undefined;
    const owner = new Promise<void>((resolve) => (answerOwner = resolve));
    const ownerOf = d.people.ownerOf.bind(d.people);
    d.people.ownerOf = async (user) => {
      ownerAsked();
      await owner;
      return ownerOf(user);
    };
    const first = d.response.receive(report(keyId));
    first.catch(() => undefined);
    await asked;
    d.incidents.faults.fail('replace', undefined, Infinity);
    await pass(d.clock, LEASE_MS + 100);
    d.incidents.faults.heal();
    expect(d.logLines.join('\n')).toContain(
      'the incident claim could not be renewed; trying again at the next beat',
    );
    // The lease ran out unrenewed; another replica's redelivery took it, before this one's next beat.
    await updateIncident(d.incidents, keyId, (current) => ({ ...current, responder: 'another-replica' }));

    answerOwner();
    await expect(first).rejects.toMatchObject({ code: 'RETRY_LATER' });
    expect(d.notifier.posted).toHaveLength(0);
    expect(d.iam.mutations()).toHaveLength(1);
  });
});
