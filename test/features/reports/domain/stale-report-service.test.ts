import type { IAMClient } from '@aws-sdk/client-iam';
import { IamState, seedLargeAccount, startIamServer, type IamServer } from '../../../../sandbox/iam';
import { CredentialReportScanner } from '../../../../src/platform/aws/credential-report-scanner';
import { createIamClients } from '../../../../src/platform/aws/iam-client';
import { ListingScanner } from '../../../../src/platform/aws/listing-scanner';
import type { Actor } from '../../../../src/kernel/authorization';
import type { AuditEvent, AuditLog } from '../../../../src/kernel/ports/audit-log';
import type { StaleReport } from '../../../../src/features/reports/domain/stale-report';
import { StaleReportService } from '../../../../src/features/reports/domain/stale-report-service';
import type { SlackUserId } from '../../../../src/kernel/types';
import { createLogger } from '../../../../src/platform/logger';
import { TEST_CREDENTIALS } from '../../../support/bot';

const NOW = new Date('2026-06-15T12:00:00Z');
const thresholds = { maxAgeDays: 90, maxUnusedDays: 30 };

const events: AuditEvent[] = [];
const audit: AuditLog = {
  record: async (event) => {
    events.push(event);
  },
  recent: async () => events,
};

/** What makes two reports the same: which keys, why, and what they were last used for. */
function staleSet(report: StaleReport): string[] {
  return [...report.keys].map(
    (key) =>
      `${key.owner}|${key.createdAt.toISOString()}|${key.reasons.join(',')}|${key.lastUse.at?.toISOString() ?? '-'}|${key.lastUse.service ?? '-'}`,
  );
}

describe('StaleReportService with the real scanners', () => {
  let server: IamServer;
  let clients: ReturnType<typeof createIamClients>;
  let service: StaleReportService;

  beforeAll(async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 300, keys: 450, now: NOW, seed: 7 });
    state.addUser('ci-deploy');
    state.addKey('ci-deploy', { createDate: new Date('2020-01-01T00:00:00Z') });
    server = await startIamServer({ state });
    clients = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS });
    const scanners = {
      credentialReport: new CredentialReportScanner(clients.singleAttempt as IAMClient, {
        baseBackoffMs: 10,
      }),
      listing: new ListingScanner(clients.singleAttempt, { pacing: { initialRate: 1000, maxRate: 1000 } }),
    };
    service = new StaleReportService({
      accounts: [{ name: 'default' }],
      scanners: () => scanners,
      exempt: ['ci-deploy'],
      audit,
      clock: { now: () => NOW },
      log: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    clients.standard.destroy();
    clients.singleAttempt.destroy();
    await server.close();
  });
  beforeEach(() => server.clearCalls());

  it('with the credential report denied, the listing finds the same stale keys, for the same reasons', async () => {
    const viaReport = await service.build(thresholds);
    expect(viaReport.source).toBe('credential-report');
    expect(server.calls('ListAccessKeys')).toHaveLength(0);

    server.denyCredentialReport(true);
    server.clearCalls();
    const viaListing = await service.build(thresholds);
    server.denyCredentialReport(false);

    expect(viaListing).toMatchObject({ source: 'listing', fallback: 'denied' });
    expect(server.calls('GenerateCredentialReport')).toEqual([
      expect.objectContaining({ status: 403, errorCode: 'AccessDenied' }),
    ]);
    expect(viaReport.counts.keys).toBeGreaterThan(50);
    expect(staleSet(viaListing)).toEqual(staleSet(viaReport));
    expect(viaListing.counts).toEqual(viaReport.counts);
    expect(staleSet(viaReport).some((line) => line.startsWith('ci-deploy|'))).toBe(false);
  });

  it('rides out a few 5xx of the report, and falls back when they last past its retries, and says so', async () => {
    server.injectFault({ action: 'GenerateCredentialReport', code: 'ServiceUnavailable', times: 3 });
    expect(await service.build(thresholds)).toMatchObject({ source: 'credential-report' });

    server.injectFault({ action: 'GenerateCredentialReport', code: 'ServiceUnavailable', times: 30 });
    const report = await service.build(thresholds);
    server.clearFaults();
    expect(report).toMatchObject({ source: 'listing', fallback: 'failed' });
  });

  it('answers /keys stale for admins only, and audits the refusal', async () => {
    const person = (isAdmin: boolean): Actor => ({
      slackUserId: (isAdmin ? 'U0ADMIN' : 'U0BOB') as SlackUserId,
      isAdmin,
      isApprover: false,
      selfService: true,
    });
    const refused = await service.onDemand(person(false), thresholds);
    expect(refused).toEqual({ ok: false, refusal: { reason: 'not-allowed' } });
    expect(server.calls()).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ actor: 'U0BOB', action: 'report', outcome: 'refused' });
    const allowed = await service.onDemand(person(true), thresholds);
    expect(allowed.ok).toBe(true);
    expect(events.at(-1)).toMatchObject({ actor: 'U0ADMIN', action: 'report', outcome: 'ok' });
  });
});
