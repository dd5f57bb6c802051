import { Metrics, safeLabel } from '../../../src/platform/metrics/metrics';

describe('the metrics registry', () => {
  it('keeps the last pending count when the store does not answer, and the scrape still succeeds', async () => {
    const metrics = new Metrics({ version: '1', defaultMetrics: false });
    let answer: () => Promise<number> = async () => 3;
    metrics.countPendingApprovalsWith(() => answer());
    await metrics.scrape();
    answer = () => Promise.reject(new Error('store down'));
    const { body } = await metrics.scrape();
    expect(body).toMatch(/^keywarden_approvals_pending 3$/m);
  });
});

describe('safeLabel', () => {
  it.each(['/keys', 'approval_approve', 'chat.postMessage', 'IAM', 'default'])(
    'keeps the name %s',
    (name) => {
      expect(safeLabel(name)).toBe(name);
    },
  );

  it.each(['alice smith', '"quoted"', 'x'.repeat(81), '', undefined])('puts %s under "other"', (value) => {
    expect(safeLabel(value)).toBe('other');
  });
});
