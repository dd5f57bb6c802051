import { StaleReportService } from '../../../../src/features/reports/domain/stale-report-service';
import type { IamUserName } from '../../../../src/kernel/types';
import {
  actor,
  capturedLog,
  FakeAccountScanner,
  FakeClock,
  iamError,
  MemoryAuditLog,
} from '../../../support/fakes';

// The same service over the real scanners and the IAM stand-in is in stale-report-service.test.ts.
const DAY = 86_400_000;
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };

function setup() {
  const clock = new FakeClock();
  const audit = new MemoryAuditLog();
  const credentialReport = new FakeAccountScanner('credential-report', () => clock.now());
  const listing = new FakeAccountScanner('listing', () => clock.now());
  const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);
  const keys = [
    {
      owner: 'alice' as IamUserName,
      status: 'Active' as const,
      createdAt: ago(200),
      lastUse: { at: ago(1) },
    },
    { owner: 'bob' as IamUserName, status: 'Active' as const, createdAt: ago(40), lastUse: {} },
    { owner: 'ci-deploy' as IamUserName, status: 'Active' as const, createdAt: ago(900), lastUse: {} },
    { owner: 'carol' as IamUserName, status: 'Inactive' as const, createdAt: ago(900), lastUse: {} },
  ];
  credentialReport.keys = keys;
  listing.keys = keys;
  const service = new StaleReportService({
    accounts: [{ name: 'default' }],
    scanners: () => ({ credentialReport, listing }),
    exempt: ['ci-deploy'],
    audit,
    clock,
    log: capturedLog().log,
  });
  return { service, credentialReport, listing, audit };
}

describe('StaleReportService over fake scanners', () => {
  it('uses the credential report first, leaving out exempt users and inactive keys', async () => {
    const { service, listing } = setup();
    const report = await service.build(THRESHOLDS);
    expect(report.source).toBe('credential-report');
    expect(report.fallback).toBeUndefined();
    expect([...report.keys].map((key) => [key.owner, key.reasons])).toEqual([
      ['bob', ['never-used']],
      ['alice', ['too-old']],
    ]);
    expect(listing.scans).toBe(0);
  });

  it.each([
    ['denied', iamError('IAM_ACCESS_DENIED')],
    ['failed', iamError('IAM_UNAVAILABLE')],
  ])('falls back to listing when the credential report is %s, and says so', async (cause, error) => {
    const { service, credentialReport } = setup();
    credentialReport.faults.fail('scan', error);
    const report = await service.build(THRESHOLDS);
    expect(report).toMatchObject({ source: 'listing', fallback: cause, counts: { keys: 2 } });
  });

  it('/keys stale: admins only (the refusal audited); a scan that fails every way is refused', async () => {
    const { service, credentialReport, listing, audit } = setup();
    expect(await service.onDemand(actor('U0ALICE'), THRESHOLDS)).toEqual({
      ok: false,
      refusal: { reason: 'not-allowed' },
    });
    expect(credentialReport.scans).toBe(0);
    const admin = actor('U0ADMIN', { isAdmin: true });
    expect((await service.onDemand(admin, THRESHOLDS)).ok).toBe(true);
    credentialReport.faults.fail('scan', iamError('IAM_UNAVAILABLE'));
    listing.faults.fail('scan', iamError('IAM_THROTTLED'));
    expect(await service.onDemand(admin, THRESHOLDS)).toEqual({
      ok: false,
      refusal: { reason: 'iam-throttled' },
    });
    expect(audit.summary()).toEqual([
      'report:refused:stale report: not-allowed',
      'report:ok:stale report: 2 stale keys (credential-report)',
      'report:failed:stale report: iam-throttled',
    ]);
  });
});
