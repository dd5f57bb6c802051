import type { KeyId, SlackUserId } from '../../../../src/kernel/types';
import { DynamoStepUpTickets } from '../../../../src/features/stepup/store/dynamo-step-up-tickets';
import { hashOf, randomSecret } from '../../../../src/features/stepup/domain/step-up-secrets';
import type { StepUpTicket } from '../../../../src/features/stepup/domain/step-up-ticket';
import type { OpenStore } from '../../../../src/platform/store/open-store';
import { storeLanes } from '../../../support/store-lanes';

const AT = new Date('2026-12-07T05:00:00Z');
const LATER = new Date(AT.getTime() + 60_000);
const EXPIRED = new Date(AT.getTime() + 5 * 60_000);

const ticket = (): StepUpTicket => ({
  id: hashOf(randomSecret()),
  approver: 'U0APPROVER' as SlackUserId,
  verb: 'approve',
  decision: {
    requestId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
    message: { channel: 'C0APPROVALS', ts: '1700000000.000100' },
    note: 'checked',
  },
  issuedAt: AT,
  expiresAt: EXPIRED,
});
const flow = () => ({
  stateHash: hashOf(randomSecret()),
  nonce: randomSecret(),
  codeVerifier: randomSecret(),
  browserHash: hashOf(randomSecret()),
});

describe.each(storeLanes())('DynamoStepUpTickets on $name', (lane) => {
  let store: OpenStore;
  let tickets: DynamoStepUpTickets;

  beforeAll(async () => {
    store = await lane.open();
    tickets = new DynamoStepUpTickets(store.doc, store.tableName);
  });
  afterAll(async () => {
    await store.close();
    await lane.stop();
  });

  it('a ticket reads back whole, its flow once started; an unknown id reads undefined', async () => {
    const issued = ticket();
    await tickets.create(issued);
    expect(await tickets.get(issued.id)).toEqual(issued);
    const started = flow();
    expect(await tickets.startFlow(issued.id, started, LATER)).toBe(true);
    expect(await tickets.get(issued.id)).toEqual({ ...issued, flow: started });
    expect(await tickets.get(hashOf(randomSecret()))).toBeUndefined();
  });

  it('a re-activation ticket reads back its key, incident and reason, and is used once like any', async () => {
    const issued: StepUpTicket = {
      id: hashOf(randomSecret()),
      approver: 'U0ADMIN' as SlackUserId,
      issuedAt: AT,
      expiresAt: EXPIRED,
      verb: 'reactivate-exposed',
      reactivation: {
        keyId: 'AKIAEXPOSED0000001' as KeyId,
        incidentOpenedAt: AT,
        why: 'rotated at the source; false positive',
        channel: 'C0INCIDENTS',
      },
    };
    await tickets.create(issued);
    expect(await tickets.get(issued.id)).toEqual(issued);
    const started = flow();
    await tickets.startFlow(issued.id, started, LATER);
    expect(await tickets.use(issued.id, started.stateHash, LATER)).toBe(true);
    expect(await tickets.use(issued.id, started.stateHash, LATER)).toBe(false);
  });

  it('is used once, only with its own state, only before it expires', async () => {
    const issued = ticket();
    await tickets.create(issued);
    const started = flow();
    await tickets.startFlow(issued.id, started, LATER);
    expect(await tickets.use(issued.id, hashOf(randomSecret()), LATER)).toBe(false);
    expect(await tickets.use(issued.id, started.stateHash, EXPIRED)).toBe(false);
    const twice = await Promise.all([
      tickets.use(issued.id, started.stateHash, LATER),
      tickets.use(issued.id, started.stateHash, LATER),
    ]);
    expect(twice.filter(Boolean)).toHaveLength(1);
    expect((await tickets.get(issued.id))?.usedAt).toEqual(LATER);
    // A used ticket starts no new sign-in.
    expect(await tickets.startFlow(issued.id, flow(), LATER)).toBe(false);
  });

  it('an expired ticket starts no sign-in, whatever the TTL has done', async () => {
    const issued = ticket();
    await tickets.create(issued);
    expect(await tickets.startFlow(issued.id, flow(), EXPIRED)).toBe(false);
    expect(await tickets.startFlow('0'.repeat(64), flow(), LATER)).toBe(false);
  });
});
