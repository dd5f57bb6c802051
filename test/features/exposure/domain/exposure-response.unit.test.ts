import { createKeysDomain } from '../../../../src/features/keys/domain/create-keys';
import { createExposureDomain } from '../../../../src/features/exposure/domain/create-exposure';
import { RESPONDER_LEASE_MS } from '../../../../src/features/exposure/domain/responder-claim';
import type { ExposureReport } from '../../../../src/features/exposure/domain/exposure-report';
import type { Incident } from '../../../../src/features/exposure/domain/incident';
import type { IncidentNotifier } from '../../../../src/features/exposure/domain/ports/incident-notifier';
import type { MessageRef } from '../../../../src/kernel/message-ref';
import type { KeyId, SlackUserId } from '../../../../src/kernel/types';
import { actor, DEFAULT_ACCOUNT, fakePorts } from '../../../support/fakes';
import { MemoryIncidents } from '../../../support/fakes/memory-incidents';

/** Records the card and the DMs; `failPosts` makes chat.postMessage fail that many times. */
class RecordingNotifier implements IncidentNotifier {
  readonly posted: Incident[] = [];
  readonly updated: Incident[] = [];
  readonly told: SlackUserId[] = [];
  failPosts = 0;

  async postCard(incident: Incident): Promise<MessageRef> {
    if (this.failPosts > 0) {
      this.failPosts--;
      throw new Error('Slack is down');
    }
    this.posted.push(incident);
    return { channel: 'C0INCIDENTS', ts: `${this.posted.length}.0001` };
  }

  async updateCard(incident: Incident): Promise<void> {
    this.updated.push(incident);
  }

  async tellOwner(owner: SlackUserId): Promise<void> {
    this.told.push(owner);
  }
}

function domain(policy: { deactivate?: boolean; reactivationNeedsStepUp?: boolean } = {}) {
  const ports = fakePorts();
  const keys = createKeysDomain(ports);
  const incidents = new MemoryIncidents();
  const notifier = new RecordingNotifier();
  const background: (() => Promise<void>)[] = [];
  const { response, actions } = createExposureDomain({
    ...ports,
    accountById: async (id) => (id === '123456789012' ? DEFAULT_ACCOUNT : undefined),
    keys: keys.commands,
    incidents,
    notifier,
    activity: {
      lookup: async (_account, query) =>
        query.regions.map((region) => ({ region, events: [], truncated: false })),
    },
    permissions: {
      read: async () => ({ managedPolicies: [], inlinePolicies: [], groups: [], quarantined: false }),
    },
    policy: {
      channel: 'C0INCIDENTS',
      deactivate: policy.deactivate ?? true,
      activityDays: 7,
      regions: ['us-east-1'],
    },
    defaultRegions: ['us-east-1'],
    reactivationNeedsStepUp: () => policy.reactivationNeedsStepUp ?? false,
    background: (work) => {
      background.push(work);
    },
  });
  if (!response) throw new Error('no response');
  return { ...ports, response, actions, incidents, notifier, background };
}

const report = (
  keyId: KeyId,
  code = 'AWS_RISK_CREDENTIALS_EXPOSED',
  region = 'us-east-1',
): ExposureReport => ({
  keyId,
  accountId: '123456789012',
  source: { kind: 'health', code, at: new Date('2026-06-15T11:00:00Z'), region },
});

describe('ExposureResponse over fakes', () => {
  it('contains first, as system and under hold; posts one card; the follow-up runs in the background', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    d.people.person('U0ALICE', { iamUser: 'alice' as never });

    const { incident, duplicate } = await d.response.receive(report(keyId));

    expect(duplicate).toBe(false);
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');
    expect(d.holds.peek(keyId)).toMatchObject({ by: 'system' });
    expect(incident).toMatchObject({
      stage: 'responded',
      containment: { kind: 'inactive' },
      card: { ts: '1.0001' },
    });
    expect(d.notifier.told).toEqual([]);
    expect(d.background).toHaveLength(1);
    await d.background[0]?.();
    expect(d.notifier.told).toEqual(['U0ALICE']);
    expect(d.incidents.peek(keyId)).toMatchObject({ ownerTold: true, activity: { count: 0 } });
    expect(d.audit.events.map((event) => event.detail)).toEqual(
      expect.arrayContaining([
        'received: AWS Health AWS_RISK_CREDENTIALS_EXPOSED (us-east-1)',
        'contained: Inactive, held',
        'card posted',
        'owner told',
      ]),
    );
  });

  it('a copy adds nothing, a second source is added and shown; never a second card or deactivation', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    await d.response.receive(report(keyId));
    await d.response.receive(report(keyId, 'AWS_RISK_CREDENTIALS_EXPOSED', 'us-west-2'));
    await d.response.receive(report(keyId, 'AWS_RISK_IAM_QUARANTINE'));

    expect(d.notifier.posted).toHaveLength(1);
    expect(d.iam.mutations()).toHaveLength(1);
    expect(d.incidents.peek(keyId)?.sources.map((source) => source.code)).toEqual([
      'AWS_RISK_CREDENTIALS_EXPOSED',
      'AWS_RISK_IAM_QUARANTINE',
    ]);
    expect(d.notifier.updated.at(-1)?.sources).toHaveLength(2);
    expect(d.audit.events.filter((event) => event.detail?.startsWith('duplicate'))).toHaveLength(1);
  });

  it('the card could not be posted: the message is kept; a copy that sees the claim unrenewed for a lease posts it, without a second deactivation', async () => {
    jest.useFakeTimers();
    try {
      const d = domain();
      const keyId = d.iam.addKey('alice').keyId;
      d.notifier.failPosts = 1;
      await expect(d.response.receive(report(keyId))).rejects.toThrow('Slack is down');
      expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');

      // The copy watches the claim on its own clock: within a lease the responder may still be at work.
      const copy = d.response.receive(report(keyId));
      for (let passed = 0; passed < RESPONDER_LEASE_MS - 1_000; passed += 500) {
        d.clock.advance(500);
        await jest.advanceTimersByTimeAsync(500);
      }
      expect(d.notifier.posted).toHaveLength(0);
      for (let passed = 0; passed < 5_000; passed += 500) {
        d.clock.advance(500);
        await jest.advanceTimersByTimeAsync(500);
      }
      const { incident } = await copy;
      expect(d.notifier.posted).toHaveLength(1);
      expect(incident.stage).toBe('responded');
      expect(d.iam.mutations()).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('exposure.deactivate false: the key stays Active and the card says why', async () => {
    const d = domain({ deactivate: false });
    const keyId = d.iam.addKey('alice').keyId;
    const { incident } = await d.response.receive(report(keyId));
    expect(d.iam.keyOf(keyId)?.status).toBe('Active');
    expect(incident.containment).toEqual({ kind: 'not-contained', why: 'policy' });
  });

  it('an account not managed: nothing is asked of IAM; refused in the trail', async () => {
    const d = domain();
    const { incident } = await d.response.receive({
      ...report('AKIAOTHERACCOUNT0001' as KeyId),
      accountId: '999999999999',
    });
    expect(incident.finding).toEqual({ kind: 'not-managed', accountId: '999999999999' });
    expect(d.iam.mutations()).toHaveLength(0);
    expect(d.audit.events).toContainEqual(
      expect.objectContaining({
        outcome: 'refused',
        detail: 'account 999999999999 not managed: nothing was changed',
      }),
    );
  });

  it('re-activation: the owner is refused and audited; an admin lifts the hold, the card names who and why', async () => {
    const d = domain();
    const keyId = d.iam.addKey('alice').keyId;
    await d.response.receive(report(keyId));
    const alice = actor('U0ALICE', { iamUser: 'alice' as never });
    expect(await d.actions.reactivate(alice, keyId, 'mine')).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');

    const admin = actor('U0ADMIN', { isAdmin: true });
    const outcome = await d.actions.reactivate(admin, keyId, 'false positive');
    expect(outcome.ok).toBe(true);
    expect(d.iam.keyOf(keyId)?.status).toBe('Active');
    expect(d.notifier.updated.at(-1)?.reactivated).toMatchObject({ by: 'U0ADMIN', why: 'false positive' });
    expect(d.audit.events).toContainEqual(
      expect.objectContaining({ actor: 'U0ALICE', outcome: 'refused', detail: 'reactivate: not-allowed' }),
    );
  });

  it('re-activation with reactivate-exposed: rights first, then the step-up; only evidence for this incident counts', async () => {
    const d = domain({ reactivationNeedsStepUp: true });
    const keyId = d.iam.addKey('alice').keyId;
    await d.response.receive(report(keyId));
    const opened = (await d.incidents.get(keyId))?.openedAt as Date;
    const alice = actor('U0ALICE', { iamUser: 'alice' as never });
    expect(await d.actions.reactivate(alice, keyId, 'mine')).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });

    const admin = actor('U0ADMIN', { isAdmin: true });
    expect(await d.actions.reactivate(admin, keyId, 'false positive')).toEqual({
      ok: false,
      refusal: { reason: 'reactivation-step-up-required', keyId, incidentOpenedAt: opened },
    });
    const evidence = { acr: 'urn:mfa', amr: ['pwd', 'otp'], authTime: new Date('2026-12-07T05:00:00Z') };
    const earlier = new Date(opened.getTime() - 86_400_000);
    expect(
      await d.actions.reactivate(admin, keyId, 'false positive', { evidence, incidentOpenedAt: earlier }),
    ).toEqual({ ok: false, refusal: { reason: 'no-incident' } });
    expect(d.iam.keyOf(keyId)?.status).toBe('Inactive');

    const outcome = await d.actions.reactivate(admin, keyId, 'false positive', {
      evidence,
      incidentOpenedAt: opened,
    });
    expect(outcome.ok).toBe(true);
    expect(d.iam.keyOf(keyId)?.status).toBe('Active');
    expect(d.notifier.updated.at(-1)?.reactivated).toMatchObject({ by: 'U0ADMIN', stepUp: evidence });
    expect(d.audit.events).toContainEqual(
      expect.objectContaining({
        actor: 'U0ADMIN',
        outcome: 'refused',
        detail: 'reactivate: step-up for another incident',
      }),
    );
  });
});
