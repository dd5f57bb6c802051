import { Dependencies } from '../../../src/platform/process/readiness';
import { ReadinessChecks, reasonOf } from '../../../src/platform/process/readiness-checks';
import { capturedLog } from '../../support/fakes/captured-log';

describe('ReadinessChecks', () => {
  it('writes each check into the dependencies, with a short reason when it fails', async () => {
    const dependencies = new Dependencies();
    const checks = new ReadinessChecks(
      dependencies,
      [
        { name: 'store', probe: 'GetItem', run: async () => undefined },
        {
          name: 'aws',
          probe: 'GetCallerIdentity',
          run: async () => {
            throw Object.assign(new Error('The security token included in the request is expired'), {
              name: 'ExpiredToken',
            });
          },
        },
      ],
      capturedLog().log,
    );
    await checks.runAll();
    expect(dependencies.get('store').up).toBe(true);
    expect(dependencies.get('aws')).toMatchObject({ up: false, reason: 'GetCallerIdentity: ExpiredToken' });
  });

  it('counts a check that does not answer in time as down, and aborts it', async () => {
    const dependencies = new Dependencies();
    let aborted = false;
    const checks = new ReadinessChecks(
      dependencies,
      [
        {
          name: 'slack',
          probe: 'auth.test',
          run: (signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener('abort', () => {
                aborted = true;
                resolve();
              });
            }),
        },
      ],
      capturedLog().log,
      { timeoutMs: 20 },
    );
    await checks.runAll();
    expect(dependencies.get('slack')).toMatchObject({
      up: false,
      reason: 'auth.test: no answer within 20 ms',
    });
    expect(aborted).toBe(true);
  });

  it('never runs a check again while it is still running', async () => {
    let calls = 0;
    let finish: () => void = () => undefined;
    const checks = new ReadinessChecks(
      new Dependencies(),
      [
        {
          name: 'store',
          probe: 'GetItem',
          run: () => {
            calls++;
            return new Promise<void>((resolve) => (finish = resolve));
          },
        },
      ],
      capturedLog().log,
      { timeoutMs: 5_000 },
    );
    const first = checks.runAll();
    await checks.runAll();
    await checks.runAll();
    expect(calls).toBe(1);
    finish();
    await first;
    await checks.runAll().then(
      () => undefined,
      () => undefined,
    );
    expect(calls).toBe(2);
  });

  it('does nothing when its interval is 0', () => {
    const checks = new ReadinessChecks(new Dependencies(), [], capturedLog().log, { intervalMs: 0 });
    expect(checks.enabled).toBe(false);
    checks.start();
    checks.stop();
  });
});

describe('reasonOf', () => {
  it("says Slack's error word, a network code, an HTTP status or an error's name: never its text", () => {
    expect(
      reasonOf(
        Object.assign(new Error('An API error occurred: invalid_auth'), { data: { error: 'invalid_auth' } }),
      ),
    ).toBe('invalid_auth');
    expect(reasonOf(new Error('A request error occurred: connect ECONNREFUSED 127.0.0.1:443'))).toBe(
      'ECONNREFUSED',
    );
    expect(
      reasonOf(Object.assign(new Error('x'), { code: 'slack_webapi_http_error', statusCode: 503 })),
    ).toBe('HTTP 503');
    expect(reasonOf(Object.assign(new Error('token xoxb-1-2-3 is bad'), { name: 'AccessDenied' }))).toBe(
      'AccessDenied',
    );
    // web-api 8: the socket's code is two causes down, under undici's "fetch failed".
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: refused });
    expect(
      reasonOf(
        Object.assign(new Error('A request error occurred: fetch failed', { cause: fetchFailed }), {
          name: 'WebAPIRequestError',
          code: 'slack_webapi_request_error',
        }),
      ),
    ).toBe('ECONNREFUSED');
    expect(reasonOf(new Error('Bearer xoxb-1-2-3'))).toBe('failed');
    expect(reasonOf(Object.assign(new Error('x'), { name: 'Bearer xoxb-1 2' }))).toBe('failed');
  });
});
