import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  type IAMClient,
  LimitExceededException,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { IamCall, IamServer, IamState } from '../../../sandbox/iam';
import { failure, fixedClockState, iamClient, startWith } from './iam-client';

describe('sandbox IAM: faults, latency, rate limits and the call log', () => {
  let state: IamState;
  let server: IamServer;
  let iam: IAMClient;

  beforeEach(async () => {
    ({ state } = fixedClockState());
    state.addUser('alice');
    ({ server, iam } = await startWith(state));
  });

  afterEach(async () => {
    iam.destroy();
    await server.close();
  });

  it('fails the matching action once, then answers normally; other actions are untouched', async () => {
    server.injectFault({ action: 'ListAccessKeys', code: 'ServiceFailure' });

    await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    const error = await failure(iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    await expect(iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).resolves.toBeDefined();

    expect(error.name).toBe('ServiceFailureException');
    expect(server.calls().map((c) => [c.action, c.status])).toEqual([
      ['ListUsers', 200],
      ['ListAccessKeys', 500],
      ['ListAccessKeys', 200],
    ]);
  });

  it('fails as many times as asked, for any action when none is named, until cleared', async () => {
    server.injectFault({ code: 'ServiceUnavailable', times: 3 });

    await failure(iam.send(new ListUsersCommand({})));
    await failure(iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    server.clearFaults();

    await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    expect(server.calls().map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('with afterApplying, makes the key and loses the answer: the secret exists but nobody saw it', async () => {
    server.injectFault({ action: 'CreateAccessKey', code: 'ServiceFailure', afterApplying: true });

    const error = await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

    expect(error.name).toBe('ServiceFailureException');
    const [made] = state.keysOf('alice');
    expect(made?.status).toBe('Active');
    expect(state.issuedSecrets()).toEqual([made?.secretAccessKey]);
  });

  it('drops the connection instead of answering, and logs the call with status 0', async () => {
    server.injectFault({ action: 'ListUsers', code: 'ServiceFailure', dropConnection: true });

    const error = await failure(iam.send(new ListUsersCommand({})));

    expect(error['$metadata']).not.toHaveProperty('httpStatusCode');
    // Under jest the SDK re-wraps Node's error (another realm's Error fails its instanceof check), so its
    // `code` is lost here; outside jest it is a TimeoutError with code ECONNRESET. The message survives.
    expect(error.message).toMatch(/socket hang up/);
    expect(server.calls('ListUsers')).toMatchObject([{ status: 0, errorCode: 'ConnectionDropped' }]);
    await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
  });

  it('can apply a delete and then drop the connection, so the client cannot know it happened', async () => {
    const key = state.addKey('alice');
    server.injectFault({
      action: 'DeleteAccessKey',
      code: 'ServiceFailure',
      afterApplying: true,
      dropConnection: true,
    });

    await failure(iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.accessKeyId })));

    expect(state.findKey(key.accessKeyId)).toBeUndefined();
  });

  it('answers late after applying the action: a client with a shorter timeout gives up, the key exists', async () => {
    // The answer comes a minute late (closing the server ends the wait): the client gives up long before,
    // however slow the machine, and the call log, written when the answer goes, has none yet.
    server.injectFault({ action: 'CreateAccessKey', delayMs: 60_000 });
    const impatient = iamClient(server, {
      requestHandler: { requestTimeout: 150, throwOnRequestTimeout: true },
    });

    const error = await failure(impatient.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
    impatient.destroy();

    expect(error.name).toBe('TimeoutError');
    expect(server.calls('CreateAccessKey')).toEqual([]);
    expect(state.keysOf('alice')).toHaveLength(1);
  });

  it('answers late with the normal answer, or with the fault’s error or drop', async () => {
    server.injectFault({ action: 'ListUsers', delayMs: 200 });
    server.injectFault({ action: 'ListUsers', code: 'ServiceFailure', delayMs: 200 });
    server.injectFault({ action: 'ListUsers', dropConnection: true, delayMs: 200 });
    const started = performance.now();

    await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect((await failure(iam.send(new ListUsersCommand({})))).name).toBe('ServiceFailureException');
    expect((await failure(iam.send(new ListUsersCommand({})))).message).toMatch(/socket hang up/);

    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
    expect(server.calls('ListUsers').map((c) => c.status)).toEqual([200, 500, 0]);
  });

  it('adds latency to every request', async () => {
    server.setLatency(150);
    const started = performance.now();
    await iam.send(new ListUsersCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('throttles above the rate limit with Throttling (400), and stops when the limit is lifted', async () => {
    // One request in five seconds: a bucket of one token that no slow machine's spread of six calls refills
    // three times (at two a second, a stalled process spread the six over seconds and none was throttled).
    server.setRateLimit(0.2);

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => iam.send(new ListUsersCommand({}))),
    );
    const throttled = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));

    expect(throttled.length).toBeGreaterThanOrEqual(3);
    expect(throttled.every((e) => e.name === 'Throttling')).toBe(true);
    expect(server.calls().filter((c) => c.errorCode === 'Throttling').length).toBe(throttled.length);
    expect(server.calls().filter((c) => c.status === 400)).toHaveLength(throttled.length);

    server.setRateLimit(undefined);
    const free = await Promise.allSettled(
      Array.from({ length: 6 }, () => iam.send(new ListUsersCommand({}))),
    );
    expect(free.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('tells listeners about each call as it is answered, until they unsubscribe', async () => {
    const seen: IamCall[] = [];
    const stop = server.onCall((call) => seen.push(call));

    await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await failure(iam.send(new ListAccessKeysCommand({ UserName: 'nobody' })));
    stop();
    await iam.send(new ListUsersCommand({}));

    expect(seen).toMatchObject([
      { action: 'ListAccessKeys', params: { UserName: 'alice' }, status: 200 },
      { action: 'ListAccessKeys', params: { UserName: 'nobody' }, status: 404, errorCode: 'NoSuchEntity' },
    ]);
    expect(server.calls()).toHaveLength(3);
    server.clearCalls();
    expect(server.calls()).toEqual([]);
  });

  describe('what the SDK’s default retries do (the traps DESIGN.md names)', () => {
    let retrying: IAMClient;
    beforeEach(() => {
      retrying = iamClient(server, { maxAttempts: 3 });
    });
    afterEach(() => retrying.destroy());

    it('retries CreateAccessKey after a lost 5xx answer, leaving a second key whose secret nobody saw', async () => {
      server.injectFault({ action: 'CreateAccessKey', code: 'ServiceFailure', afterApplying: true });

      const out = await retrying.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

      expect(server.calls('CreateAccessKey').map((c) => c.status)).toEqual([500, 200]);
      const keys = state.keysOf('alice');
      expect(keys).toHaveLength(2);
      expect(keys.filter((k) => k.accessKeyId !== out.AccessKey?.AccessKeyId)).toHaveLength(1);
    });

    it('retries CreateAccessKey after a dropped connection', async () => {
      server.injectFault({
        action: 'CreateAccessKey',
        code: 'ServiceFailure',
        afterApplying: true,
        dropConnection: true,
      });

      await retrying.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

      expect(server.calls('CreateAccessKey').map((c) => c.status)).toEqual([0, 200]);
      expect(state.keysOf('alice')).toHaveLength(2);
    });

    // The waits between attempts are full jitter (0-1 s, then 0-2 s), so no timing is asserted.
    it('retries LimitExceeded as throttling: three attempts', async () => {
      state.addKey('alice');
      state.addKey('alice');

      const error = await failure(retrying.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

      expect(error).toBeInstanceOf(LimitExceededException);
      expect(server.calls('CreateAccessKey')).toHaveLength(3);
      expect(error['$metadata']).toMatchObject({ attempts: 3, httpStatusCode: 409 });
      expect(state.keysOf('alice')).toHaveLength(2);
    });

    it('does not retry NoSuchEntity', async () => {
      await failure(retrying.send(new ListAccessKeysCommand({ UserName: 'nobody' })));
      expect(server.calls('ListAccessKeys')).toHaveLength(1);
    });
  });
});
