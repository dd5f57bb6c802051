import { ErrorCode } from '@slack/web-api';

import { userContext, type SlackServer } from '../../../sandbox/slack';
import { ALICE, startSandbox, webClient } from './fixtures';

let server: SlackServer;

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  await server.close();
});

const run = () =>
  server.runFunction('key_status', { key_id: 'AKIAEXAMPLE0000001', requester: userContext(ALICE.id) });

describe('custom steps: function_executed and functions.complete*', () => {
  it('announces a run as an event_callback with its execution id and its own short-lived token', () => {
    const { execution, payload } = run();
    expect(payload).toMatchObject({
      type: 'event_callback',
      team_id: server.teamId,
      api_app_id: server.appId,
      event: {
        type: 'function_executed',
        function: { callback_id: 'key_status', app_id: server.appId },
        inputs: { key_id: 'AKIAEXAMPLE0000001', requester: { id: ALICE.id } },
        function_execution_id: execution.executionId,
        bot_access_token: execution.token,
      },
    });
    expect(payload.event).not.toHaveProperty('user');
    expect(execution.token).toMatch(/^xwfp-/);
  });

  it('completes a run once, with the step token or the bot token, and records the outputs', async () => {
    const { execution } = run();
    const stepClient = webClient(server, {}, execution.token);
    await stepClient.functions.completeSuccess({
      function_execution_id: execution.executionId,
      outputs: { status: 'Active' },
    });
    expect(server.functionExecution(execution.executionId)).toMatchObject({
      state: 'completed',
      outputs: { status: 'Active' },
    });
    // Once done, a second completion is refused, whichever token asks.
    const again = await webClient(server)
      .functions.completeError({ function_execution_id: execution.executionId, error: 'late' })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'execution_not_in_running_state' },
    });
    // And the step's token died with the run.
    const stale = await stepClient.auth.test().catch((e: unknown) => e);
    expect(stale).toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('records completeError with its sentence, and refuses an id it never issued', async () => {
    const { execution } = run();
    await webClient(server).functions.completeError({
      function_execution_id: execution.executionId,
      error: 'You may not do that.',
    });
    expect(await server.functionEnded(execution.executionId)).toMatchObject({
      state: 'failed',
      error: 'You may not do that.',
    });
    const unknown = await webClient(server)
      .functions.completeSuccess({ function_execution_id: 'Fx000000000000', outputs: {} })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ data: { error: 'function_execution_not_found' } });
    expect(server.calls('functions.completeSuccess')).toEqual([
      expect.objectContaining({ ok: false, error: 'function_execution_not_found' }),
    ]);
  });

  it('fails on demand like any method, and the run stays open for a later completion', async () => {
    const { execution } = run();
    server.failNext('functions.completeSuccess', { status: 503 });
    const failed = await webClient(server)
      .functions.completeSuccess({ function_execution_id: execution.executionId, outputs: { status: 'x' } })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(server.functionExecution(execution.executionId)?.state).toBe('running');
    await webClient(server).functions.completeSuccess({
      function_execution_id: execution.executionId,
      outputs: { status: 'y' },
    });
    expect(server.functionExecution(execution.executionId)).toMatchObject({
      state: 'completed',
      outputs: { status: 'y' },
    });
  });
});
