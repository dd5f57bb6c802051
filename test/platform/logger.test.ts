import { Writable } from 'node:stream';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ErrorCode, WebClient } from '@slack/web-api';
import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import { createIamClients } from '../../src/platform/aws/iam-client';
import { toIamError } from '../../src/platform/aws/iam-errors';
import { scrubTokens, serializeError, TOKEN_CENSOR } from '../../src/platform/error-serializer';
import { createLogger } from '../../src/platform/logger';
import { silentLogger } from '../sandbox/slack/fixtures';
import { TEST_CREDENTIALS } from '../support/bot';

const BOT_TOKEN = 'xoxb-logger-test-token';
const BODY_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

async function rejection(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & Record<string, unknown>;
}

describe('the err serializer, on real client errors', () => {
  let slack: SlackServer;
  let client: WebClient;

  beforeAll(async () => {
    slack = await startSlackServer({ botToken: BOT_TOKEN, users: [{ id: 'U0ALICE', name: 'alice' }] });
    // The WebClient's defaults; web-api 8 keeps the fetch error as `original` (and `cause`).
    client = new WebClient(BOT_TOKEN, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logger: silentLogger,
    });
  });
  afterAll(() => slack.close());

  const postSecret = () =>
    client.chat.postEphemeral({ channel: 'D0ALICE', user: 'U0ALICE', text: `secret: ${BODY_SECRET}` });

  it('a dropped connection: keeps name, code and message; never the request, its body or the token', async () => {
    slack.failNext('chat.postEphemeral', { dropConnection: true });
    const error = await rejection(postSecret());
    // web-api 7's axios error held the request (body and bearer token); web-api 8's fetch error
    // holds neither, and the serializer below still copies only its scalars.
    expect(error.code).toBe(ErrorCode.RequestError);
    expect(error.original).toBeInstanceOf(Error);
    expect(error.original).toBe(error.cause);
    expect(error.original).not.toHaveProperty('config');

    const { log, lines } = capture();
    log.warn({ err: error }, 'delivery failed');
    log.error({ error }, 'under the other key');
    log.error(error, 'as the only argument');

    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain('EXAMPLEKEY');
      expect(line).not.toMatch(/"(original|config|request|headers|body)"/);
    }
    const logged = JSON.parse(lines[0] as string).err;
    expect(logged).toMatchObject({
      name: 'WebAPIRequestError',
      code: ErrorCode.RequestError,
      message: expect.stringMatching(/A request error occurred: (TypeError: )?fetch failed/),
      cause: { message: expect.stringMatching(/fetch failed/) },
    });
    expect(Object.keys(logged).sort()).toEqual(['cause', 'code', 'message', 'name', 'stack']);
    expect(logged.stack).toMatch(/^\s+at /);
    expect(JSON.parse(lines[1] as string).error).toEqual(logged);
  });

  it('a 5xx: keeps the status; never the response headers or body', async () => {
    slack.failNext('chat.postEphemeral', { status: 503 });
    const error = await rejection(postSecret());
    expect(error.headers).toBeDefined();

    const logged = serializeError(error) as Record<string, unknown>;

    expect(logged).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(logged).not.toHaveProperty('headers');
    expect(logged).not.toHaveProperty('body');
  });

  it('a platform error: keeps Slack’s reason and nothing else of its answer', async () => {
    slack.failNext('users.info', { error: 'fatal_error' });
    const error = await rejection(client.users.info({ user: 'U0ALICE' }));

    expect(serializeError(error)).toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'fatal_error' },
    });
    expect(Object.keys((serializeError(error) as { data: object }).data)).toEqual(['error']);
  });
});

describe('the err serializer, on a real SDK error from the real IAM client', () => {
  let iam: IamServer;
  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    iam = await startIamServer({ state });
  });
  afterAll(() => iam.close());

  it('keeps the fault, the status and the request id, through a domain error’s cause; never $response', async () => {
    iam.injectFault({ action: 'ListAccessKeys', code: 'ServiceFailure', times: 3 });
    const clients = createIamClients({ endpoint: iam.url, credentials: TEST_CREDENTIALS });
    const sdkError = await rejection(
      clients.singleAttempt.send(new ListAccessKeysCommand({ UserName: 'alice' })),
    );
    clients.standard.destroy();
    clients.singleAttempt.destroy();
    expect(sdkError.$response).toBeDefined();

    const { log, lines } = capture();
    log.error({ err: toIamError(sdkError, 'ListAccessKeys') }, 'listing failed');

    const logged = JSON.parse(lines[0] as string).err;
    expect(logged).toMatchObject({
      name: 'KeywardenError',
      code: 'IAM_UNAVAILABLE',
      cause: {
        name: 'ServiceFailureException',
        $fault: 'server',
        $metadata: { httpStatusCode: 500, requestId: expect.any(String), attempts: 1 },
      },
    });
    expect(lines[0]).not.toMatch(/\$response|"headers"|"body"|<ErrorResponse>|Credential=/);
  });
});

describe('what the serializer does with anything else', () => {
  it('scrubs token-shaped text from messages, and bounds a cause chain', () => {
    const looped: Error & { cause?: unknown } = new Error(
      'token xoxb-1-abc and xapp-1-A0-def, Bearer xoxp-9',
    );
    looped.cause = looped;

    const logged = JSON.stringify(serializeError(looped));

    expect(logged).not.toMatch(/xoxb-1|xapp-1|xoxp-9/);
    expect(logged).toContain(TOKEN_CENSOR);
    expect(logged.match(/"cause"/g)).toHaveLength(4);
  });

  it('turns a thrown string into a message, scrubbed, and leaves no error alone', () => {
    expect(serializeError('failed with xoxe.xoxp-1-refresh')).toEqual({
      message: `failed with ${TOKEN_CENSOR}`,
    });
    expect(serializeError(undefined)).toBeUndefined();
    expect(scrubTokens('nothing to see')).toBe('nothing to see');
    // A workflow step's token (function_executed's bot_access_token) is a credential too.
    expect(scrubTokens('run token xwfp-1A2B-3C4D5E')).toBe(`run token ${TOKEN_CENSOR}`);
  });
});
