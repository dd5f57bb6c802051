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
import type { FakePorts } from '../../../support/fakes/fake-ports';
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

interface Replica {
  ports: FakePorts;
  incidents: MemoryIncidents;
  notifier: HeldNotifier;
}

/** One replica's response; `shared` is another replica's world (IAM, table, Slack), `skewMs` its clock's error. */
function domain(shared?: Replica, skewMs = 0) {
  const ports = shared ? { ...shared.ports } : fakePorts();
  const incidents = shared?.incidents ?? new MemoryIncidents();
  const notifier = shared?.notifier ?? new HeldNotifier();
  const heartbeats = new Heartbeats();
  const clock = { now: () => new Date(ports.clock.now().getTime() + skewMs) };
  const { response } = createExposureDomain({
    ...ports,
    clock,
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
  return { ...ports, ports, response, incidents, notifier, heartbeats };
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

/** The owner lookup (the step before the card) waits until the test answers it: `asked` once it is reached. */
function holdOwnerLookup(people: { ownerOf: (user: never) => Promise<unknown> }) {
  let ownerAsked: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (ownerAsked = resolve));
  let answerOwner: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answerOwner = resolve));
  const ownerOf = people.ownerOf.bind(people);
  people.ownerOf = async (user: never) => {
    ownerAsked();
    await answered;
    return ownerOf(user);
  };
  return { asked, answerOwner };
}

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
    // Another replica watching for a lease sees it renewed: the responder is at work.
    const watching = claims.takeOverAbandoned(KEY, incidents.peek(KEY) as Incident);
    await pass(clock, LEASE_MS + 1_000);
    await expect(watching).resolves.toBeUndefined();

    finish();
    await work;
    expect(heartbeats.count).toBe(0);
    const taking = claims.takeOverAbandoned(KEY, incidents.peek(KEY) as Incident);
    await pass(clock, LEASE_MS - 500);
    expect(incidents.peek(KEY)?.responder).toBe(mine.responder);
    await pass(clock, 1_000);
    const theirs = await taking;
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
    // Without the renewals this copy would find the claim unrenewed, take over and post a second card.
    const copy = d.response.receive(report(keyId, 'us-west-2'));
    await pass(d.clock, LEASE_MS);
    await expect(copy).resolves.toMatchObject({ duplicate: true });
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
    const { asked, answerOwner } = holdOwnerLookup(d.people);
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
    const { asked, answerOwner } = holdOwnerLookup(d.people);
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

  it("a replica whose clock runs six minutes ahead never takes a live response: the responder's renewals show it at work", async () => {
    const a = domain();
    const b = domain(a, 6 * 60_000);
    const keyId = a.iam.addKey('alice').keyId;
    const first = a.response.receive(report(keyId));
    await pass(a.clock, 100);
    expect(a.notifier.waiting).toBe(1);

    const copy = b.response.receive(report(keyId, 'us-west-2'));
    await pass(a.clock, 2 * LEASE_MS);
    await expect(copy).resolves.toMatchObject({ duplicate: true });
    a.notifier.letThrough();
    await first;
    expect(a.notifier.posted).toHaveLength(1);
    expect(a.iam.mutations()).toHaveLength(1);
  });

  it('a replica whose clock lags six minutes still finishes a response whose responder stopped', async () => {
    const a = domain();
    const b = domain(a, -6 * 60_000);
    const keyId = a.iam.addKey('alice').keyId;
    a.people.faults.fail('ownerOf', new Error('the replica stopped here'));
    await expect(a.response.receive(report(keyId))).rejects.toThrow('the replica stopped here');
    a.notifier.letThrough();

    // Its message comes back: this replica watches the claim go unrenewed for a lease, then finishes.
    const redelivery = b.response.receive(report(keyId));
    await pass(a.clock, LEASE_MS + 1_000);
    const { incident } = await redelivery;
    expect(incident).toMatchObject({ stage: 'responded', card: { ts: '1.0001' } });
    expect(a.notifier.posted).toHaveLength(1);
    expect(a.iam.mutations()).toHaveLength(1);
  });
});
