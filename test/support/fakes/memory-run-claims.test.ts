import { MemoryRunClaims } from './memory-run-claims';

describe('MemoryRunClaims', () => {
  it('the first claim of a run wins; another run of the same report is its own claim', async () => {
    const claims = new MemoryRunClaims();
    const run = { report: '0.C0SECOPS', scheduledAt: new Date('2026-11-23T09:00:00Z') };
    expect(await claims.claim(run, 'a', new Date())).toBe(true);
    expect(await claims.claim({ ...run, scheduledAt: new Date(run.scheduledAt) }, 'b', new Date())).toBe(
      false,
    );
    expect(
      await claims.claim({ ...run, scheduledAt: new Date('2026-11-30T09:00:00Z') }, 'b', new Date()),
    ).toBe(true);
    expect(claims.claims.get(`0.C0SECOPS#${run.scheduledAt.toISOString()}`)?.claimedBy).toBe('a');
  });
});
