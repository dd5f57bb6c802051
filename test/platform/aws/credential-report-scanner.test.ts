import {
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { IamState, seedLargeAccount, startIamServer, type IamServer } from '../../../sandbox/iam';
import { CredentialReportScanner } from '../../../src/platform/aws/credential-report-scanner';
import { createIamClients } from '../../../src/platform/aws/iam-client';
import { KeywardenError } from '../../../src/kernel/errors';
import { TEST_CREDENTIALS } from '../../support/bot';
import { eventually } from '../../support/approvals';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('CredentialReportScanner against the IAM stand-in', () => {
  let server: IamServer;
  let client: IAMClient;

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  async function start(state: IamState): Promise<void> {
    server = await startIamServer({ state });
    client = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).standard;
  }

  it('reads 10,000 users and 15,000 keys in at most 5 IAM calls', async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 10_000, keys: 15_000, now: NOW });
    await start(state);

    const scan = await new CredentialReportScanner(client).scan();

    expect(server.calls().length).toBeLessThanOrEqual(5);
    expect(server.calls('GetCredentialReport').filter((call) => call.status === 200)).toHaveLength(1);
    expect(scan.source).toBe('credential-report');
    expect(scan.users).toBe(10_000);
    expect(scan.keys).toHaveLength(15_000);
    expect(scan.generatedAt).toEqual(NOW);
  });

  it('a download cut half-way is asked again, and its keys are counted once: each attempt parses into its own table', async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 2_000, keys: 3_000, now: NOW });
    await start(state);
    server.setReportGenerationMs(0);
    // Past the first lines of the CSV (about 0.6 MB of base64 in all), then the connection resets.
    server.injectFault({ action: 'GetCredentialReport', cutAfterBytes: 200_000 });

    const scan = await new CredentialReportScanner(client, { firstPollMs: 5 }).scan();

    const answers = server.calls('GetCredentialReport').map((call) => call.errorCode ?? 'ok');
    expect(answers).toEqual(['ConnectionCut', 'ok']);
    expect(scan.users).toBe(2_000);
    expect(scan.keys).toHaveLength(3_000);
    expect(new Set([...scan.keys].map((key) => `${key.owner}/${key.slot}`)).size).toBe(3_000);
  });

  it('asks for the report once and polls GetCredentialReport until it is there, reading the CSV as IAM wrote it (no second base64 decode)', async () => {
    const state = new IamState({ now: () => NOW });
    state.addUser('alice');
    const created = new Date('2025-01-02T03:04:05Z');
    state.addKey('alice', {
      createDate: created,
      lastUsed: { date: new Date('2026-06-01T08:00:00Z'), serviceName: 'sts', region: 'us-east-1' },
    });
    await start(state);
    // Generating until the scanner has been told "not ready" twice: its polling is what is tested.
    server.setReportGenerationMs(600_000);

    const scanning = new CredentialReportScanner(client, { firstPollMs: 50 }).scan();
    await eventually(() => server.calls('GetCredentialReport').length >= 2);
    server.finishReportGenerations();
    const scan = await scanning;

    expect(server.calls('GenerateCredentialReport')).toHaveLength(1);
    const gets = server.calls('GetCredentialReport');
    expect(gets.length).toBeGreaterThanOrEqual(2);
    expect(gets.slice(0, -1).every((call) => call.status === 404)).toBe(true);
    expect(gets.at(-1)?.status).toBe(200);
    expect([...scan.keys]).toEqual([
      {
        owner: 'alice',
        slot: 1,
        status: 'Active',
        createdAt: created,
        lastUse: { at: new Date('2026-06-01T08:00:00Z'), service: 'sts', region: 'us-east-1' },
      },
    ]);
  });

  it('reads a report IAM is still making: one GenerateCredentialReport, then GetCredentialReport until it is ready', async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 1_000, keys: 1_500, now: NOW });
    await start(state);
    // IAM finishes the report once it has said "not ready" twice, not after a stretch of time that a slow
    // machine's polls might outlast.
    server.setReportGenerationMs(600_000);
    let notReady = 0;
    const stop = server.onCall((call) => {
      if (call.action === 'GetCredentialReport' && call.status === 404 && ++notReady === 2) {
        server.finishReportGenerations();
      }
    });

    const scan = await new CredentialReportScanner(client).scan();
    stop();

    expect(scan.keys).toHaveLength(1_500);
    expect(server.calls().map((call) => `${call.action} ${call.status}`)).toEqual([
      'GenerateCredentialReport 200',
      'GetCredentialReport 404',
      'GetCredentialReport 404',
      'GetCredentialReport 200',
    ]);
  });

  it('uses a report IAM keeps (younger than four hours) as it is: COMPLETE, then one read, no wait', async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 200, keys: 300, now: NOW });
    await start(state);
    server.setReportGenerationMs(0);
    await new CredentialReportScanner(client, { firstPollMs: 5 }).scan();
    server.clearCalls();
    server.setReportGenerationMs(60_000);

    // A first poll longer than the scan's whole bound (120 s): any wait at all would end the scan with
    // IAM_REPORT_NOT_READY at once, so a scan that succeeds read the kept report without one.
    const scan = await new CredentialReportScanner(client, { firstPollMs: 600_000 }).scan();

    expect(scan.keys).toHaveLength(300);
    expect(server.calls().map((call) => `${call.action} ${call.status}`)).toEqual([
      'GenerateCredentialReport 200',
      'GetCredentialReport 200',
    ]);
  });

  it('waits out LimitExceeded (no capacity for another report) with backoff, and says each one', async () => {
    const state = new IamState({ now: () => NOW });
    seedLargeAccount(state, { users: 100, keys: 150, now: NOW });
    await start(state);
    server.setReportGenerationMs(0);
    server.injectFault({ action: 'GenerateCredentialReport', code: 'LimitExceeded', times: 3 });
    let throttles = 0;
    const single = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).singleAttempt;

    const scan = await new CredentialReportScanner(single, {
      firstPollMs: 5,
      baseBackoffMs: 20,
      onThrottle: () => throttles++,
    }).scan();
    single.destroy();

    expect(scan.keys).toHaveLength(150);
    expect(server.calls('GenerateCredentialReport').map((call) => call.errorCode ?? 'ok')).toEqual([
      'LimitExceeded',
      'LimitExceeded',
      'LimitExceeded',
      'ok',
    ]);
    expect(throttles).toBe(3);
  });

  it('says IAM_REPORT_NOT_READY when IAM has no capacity for the whole bound', async () => {
    await start(new IamState({ now: () => NOW }));
    server.setReportGenerationCapacity(0);
    const single = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).singleAttempt;

    // A bound of 1.5 s and backoffs of at most 50 ms: several refusals, even when the process stalls.
    const error = await new CredentialReportScanner(single, {
      timeoutMs: 1_500,
      baseBackoffMs: 20,
      maxBackoffMs: 50,
    })
      .scan()
      .catch((e: unknown) => e);
    single.destroy();

    expect((error as KeywardenError).code).toBe('IAM_REPORT_NOT_READY');
    expect((error as Error).message).toContain('no capacity');
    expect(server.calls('GenerateCredentialReport').length).toBeGreaterThan(1);
    expect(server.calls('GetCredentialReport')).toHaveLength(0);
  });

  it('retries IAM throttling past the SDK, within its attempts, then says IAM_THROTTLED', async () => {
    await start(new IamState({ now: () => NOW }));
    server.injectFault({ action: 'GenerateCredentialReport', code: 'Throttling', times: 10 });
    const single = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).singleAttempt;
    let throttles = 0;

    const error = await new CredentialReportScanner(single, {
      maxAttempts: 4,
      baseBackoffMs: 5,
      onThrottle: () => throttles++,
    })
      .scan()
      .catch((e: unknown) => e);
    single.destroy();

    expect((error as KeywardenError).code).toBe('IAM_THROTTLED');
    expect(server.calls('GenerateCredentialReport')).toHaveLength(4);
    expect(throttles).toBe(4);
  });

  it('says IAM_ACCESS_DENIED when the report is not permitted', async () => {
    await start(new IamState());
    server.denyCredentialReport(true);
    const error = await new CredentialReportScanner(client).scan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeywardenError);
    expect((error as KeywardenError).code).toBe('IAM_ACCESS_DENIED');
  });
});

describe('CredentialReportScanner polling, with a scripted client', () => {
  const notReady = () =>
    new CredentialReportNotReadyException({ message: 'in progress', $metadata: { httpStatusCode: 404 } });
  const csv =
    'user,arn,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service\nbob,arn,true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A\n';

  function scripted(answers: Array<(command: unknown) => unknown>): { client: IAMClient; sent: string[] } {
    const sent: string[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push((command as object).constructor.name);
        const next = answers.shift();
        if (!next) throw new Error('no more scripted answers');
        return next(command);
      },
    } as unknown as IAMClient;
    return { client, sent };
  }

  it('retries GetCredentialReport while IAM answers ReportInProgress (a 404 the SDK never retries)', async () => {
    const { client, sent } = scripted([
      () => ({ State: 'STARTED' }),
      () => Promise.reject(notReady()),
      () => Promise.reject(notReady()),
      () => ({
        Content: Buffer.from(csv),
        ReportFormat: 'text/csv',
        GeneratedTime: new Date('2026-06-15T10:00:00Z'),
      }),
    ]);
    const scan = await new CredentialReportScanner(client, { firstPollMs: 5 }).scan();
    expect(sent).toEqual([
      GenerateCredentialReportCommand.name,
      GetCredentialReportCommand.name,
      GetCredentialReportCommand.name,
      GetCredentialReportCommand.name,
    ]);
    expect([...scan.keys].map((key) => key.owner)).toEqual(['bob']);
    expect(scan.generatedAt).toEqual(new Date('2026-06-15T10:00:00Z'));
  });

  it('asks for a new report when the one it was polling for has gone', async () => {
    const gone = () =>
      Promise.reject(
        Object.assign(new Error('expired'), {
          name: 'CredentialReportExpiredException',
          $metadata: { httpStatusCode: 410 },
        }),
      );
    const { client, sent } = scripted([
      () => ({ State: 'COMPLETE' }),
      gone,
      () => ({ State: 'STARTED' }),
      () => ({ Content: Buffer.from(csv), ReportFormat: 'text/csv' }),
    ]);
    const scan = await new CredentialReportScanner(client, { firstPollMs: 5 }).scan();
    expect(sent).toEqual([
      GenerateCredentialReportCommand.name,
      GetCredentialReportCommand.name,
      GenerateCredentialReportCommand.name,
      GetCredentialReportCommand.name,
    ]);
    expect(scan.keys).toHaveLength(1);
  });

  it('gives up after its overall time bound', async () => {
    // Not ready for far longer than the bound: 1,000 polls of at least 20 ms are 20 s and more. Ending with
    // most of them unasked, and well before 20 s, is ending at the bound, however slow the machine; a bound
    // of 1 s leaves room for a few polls even when the process stalls for some hundreds of ms.
    const forever = [
      () => ({ State: 'STARTED' }),
      ...Array.from({ length: 1_000 }, () => () => Promise.reject(notReady())),
    ];
    const { client, sent } = scripted(forever);
    const started = Date.now();
    const error = await new CredentialReportScanner(client, {
      timeoutMs: 1_000,
      firstPollMs: 20,
      maxPollMs: 40,
    })
      .scan()
      .catch((e: unknown) => e);
    expect((error as KeywardenError).code).toBe('IAM_REPORT_NOT_READY');
    expect((error as Error).message).toContain('not ready within 1000 ms');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.length).toBeLessThan(forever.length);
  });
});
