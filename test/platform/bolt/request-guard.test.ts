import { request } from 'node:http';
import { IamState } from '../../../sandbox/iam';
import { slackSignatureHeaders, slashCommandBody } from '../../../sandbox/slack';
import { MAX_BODY_BYTES } from '../../../src/platform/bolt/request-guard';
import { PEOPLE, replyText, SIGNING_SECRET, startBot, type Bot } from '../../support/bot';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

interface SlowPostResult {
  status: number;
  /** Bytes of body written when the answer's headers arrived. */
  sentWhenAnswered: number;
  /** Resolves when the server closes the connection; rejects if it is still open after 3 s. */
  closed: Promise<void>;
}

/**
 * Writes a body of `totalBytes` in 64 KiB pieces, one every few milliseconds, and stops writing as
 * soon as an answer arrives; it never closes the connection itself, so `closed` is the server's doing.
 */
function slowPost(
  url: string,
  headers: Record<string, string>,
  totalBytes: number,
  intervalMs = 5,
): Promise<SlowPostResult> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let timer: NodeJS.Timeout | undefined;
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      answered = true;
      clearTimeout(timer);
      res.resume();
      const closed = new Promise<void>((closedResolve, closedReject) => {
        const socket = req.socket;
        if (!socket || socket.destroyed) return closedResolve();
        const limit = setTimeout(() => {
          socket.destroy();
          closedReject(new Error('the server kept the connection open'));
        }, 3_000);
        socket.once('close', () => {
          clearTimeout(limit);
          closedResolve();
        });
      });
      resolve({ status: res.statusCode ?? 0, sentWhenAnswered: sent, closed });
    });
    // Writing into a connection the server has closed fails; that is the point, not an error here.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeNext = () => {
      if (answered || req.destroyed) return;
      if (sent >= totalBytes) {
        req.end();
        return;
      }
      sent += CHUNK.length;
      req.write(CHUNK);
      timer = setTimeout(writeNext, intervalMs);
    };
    req.flushHeaders();
    writeNext();
  });
}

/** A signed request posted with chunked transfer encoding, as a proxy may forward it. */
function chunkedPost(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...slackSignatureHeaders(SIGNING_SECRET, body), connection: 'close' };
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), 20);
  });
}

describe('the HTTP receiver refuses unsigned and oversized requests before reading them', () => {
  let bot: Bot;
  const url = () => `http://127.0.0.1:${bot.port}/slack/events`;
  const commandBody = (text: string) =>
    slashCommandBody({
      command: '/keys',
      text,
      userId: PEOPLE.alice,
      channelId: bot.slack.dmChannelOf(PEOPLE.alice),
      responseUrl: bot.slack.newResponseUrl({
        channel: bot.slack.dmChannelOf(PEOPLE.alice),
        user: PEOPLE.alice,
      }),
    });

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    state.addKey('alice');
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.iam.clearCalls());

  it('answers an unsigned POST with 401 while its body is still being sent, and closes the connection', async () => {
    const total = 96 * MiB;
    const result = await slowPost(
      url(),
      { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      total,
    );
    expect(result.status).toBe(401);
    expect(result.sentWhenAnswered).toBeLessThan(MiB);
    await result.closed;
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('answers 401 to signature headers of the wrong shape', async () => {
    const result = await slowPost(
      url(),
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': 'v0=not-hex',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'transfer-encoding': 'chunked',
      },
      8 * MiB,
    );
    expect(result.status).toBe(401);
    expect(result.sentWhenAnswered).toBeLessThan(MiB);
    await result.closed;
  });

  it('answers 413 to a signed request whose Content-Length is over 1 MiB, before its body arrives', async () => {
    const body = `payload=${'x'.repeat(2 * MiB)}`;
    const result = await slowPost(
      url(),
      { ...slackSignatureHeaders(SIGNING_SECRET, body), 'content-length': String(Buffer.byteLength(body)) },
      Buffer.byteLength(body),
    );
    expect(result.status).toBe(413);
    expect(result.sentWhenAnswered).toBeLessThan(MiB);
    await result.closed;
  });

  it('answers 413 to a chunked body as soon as it passes 1 MiB, and closes the connection', async () => {
    const total = 16 * MiB;
    const result = await slowPost(
      url(),
      {
        ...slackSignatureHeaders(SIGNING_SECRET, 'whatever comes'),
        'transfer-encoding': 'chunked',
      },
      total,
      2,
    );
    expect(result.status).toBe(413);
    expect(result.sentWhenAnswered).toBeGreaterThan(MAX_BODY_BYTES);
    expect(result.sentWhenAnswered).toBeLessThan(4 * MiB);
    await result.closed;
  });

  it('still runs a normal signed command, sent whole or chunked', async () => {
    const whole = await bot.driver.command('list alice', { userId: PEOPLE.alice });
    expect(whole.status).toBe(200);
    expect(replyText(await bot.driver.waitForResponse(whole.responseUrl))).toContain('1 access key');

    const body = commandBody('list alice');
    const responseUrl = new URLSearchParams(body).get('response_url') as string;
    expect(await chunkedPost(url(), body)).toBe(200);
    expect(replyText(await bot.driver.waitForResponse(responseUrl))).toContain('1 access key');
  });

  it("leaves Bolt's own signature check in place for a well-formed request of a normal size", async () => {
    const body = commandBody('list alice');
    const forged = { ...slackSignatureHeaders('not-the-secret', body), connection: 'close' };
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url(), { method: 'POST', agent: false, headers: forged }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(401);
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('still serves /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(response.status).toBe(200);
  });
});
