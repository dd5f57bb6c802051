import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { createIamClients } from '../../../src/platform/aws/iam-client';
import { awsCallCounting } from '../../../src/platform/metrics/aws-call-metrics';
import { Metrics } from '../../../src/platform/metrics/metrics';
import { TEST_CREDENTIALS } from '../../support/bot';
import { iamStandInWith } from '../../support/iam-stand-in';

describe('the AWS call counters, as an SDK plugin', () => {
  const server = iamStandInWith('alice');

  async function counted(fault: 'Throttling' | 'LimitExceeded' | 'NoSuchEntity') {
    const iam = server();
    const metrics = new Metrics({ version: '1', defaultMetrics: false });
    const { standard } = createIamClients({ endpoint: iam.url, credentials: TEST_CREDENTIALS });
    // Used twice, as fromTemporaryCredentials does on each AssumeRole: still one count a call.
    standard.middlewareStack.use(awsCallCounting(metrics));
    standard.middlewareStack.use(awsCallCounting(metrics));
    const before = iam.calls('ListAccessKeys').length;
    iam.injectFault({ action: 'ListAccessKeys', code: fault });
    await standard.send(new ListAccessKeysCommand({ UserName: 'alice' })).catch(() => undefined);
    standard.destroy();
    const [calls, throttles] = await Promise.all([metrics.awsCalls.get(), metrics.awsThrottles.get()]);
    return {
      attempts: iam.calls('ListAccessKeys').length - before,
      calls: calls.values.map(({ labels, value }) => ({ ...labels, value })),
      throttles: throttles.values.map(({ labels, value }) => ({ ...labels, value })),
    };
  }

  it('counts a throttled then retried call once, and its throttled attempt', async () => {
    expect(await counted('Throttling')).toEqual({
      attempts: 2,
      calls: [{ service: 'IAM', operation: 'ListAccessKeys', outcome: 'ok', value: 1 }],
      throttles: [{ service: 'IAM', value: 1 }],
    });
  });

  it("classifies as the SDK's retry strategy does: IAM's LimitExceeded is throttling, NoSuchEntity is not", async () => {
    expect((await counted('LimitExceeded')).throttles).toEqual([{ service: 'IAM', value: 1 }]);
    expect(await counted('NoSuchEntity')).toEqual({
      attempts: 1,
      calls: [{ service: 'IAM', operation: 'ListAccessKeys', outcome: 'error', value: 1 }],
      throttles: [],
    });
  });
});
