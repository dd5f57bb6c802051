import type { SlackServer } from '../../../sandbox/slack';
import { startSandbox, webClient } from './fixtures';

describe('the Slack stand-in: a held method, through the real WebClient', () => {
  let server: SlackServer;
  let closed: boolean;

  beforeEach(async () => {
    server = await startSandbox();
    closed = false;
  });
  afterEach(async () => {
    if (!closed) await server.close();
  });

  it('chat.postMessage waits, nothing posted, until released; other methods answer meanwhile', async () => {
    const client = webClient(server);
    const hold = server.hold('chat.postMessage');
    const post = client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'incident card' });
    await hold.arrived(1);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    expect(server.messages('C0INCIDENTS')).toEqual([]);

    hold.release();
    await expect(post).resolves.toMatchObject({ ok: true, channel: 'C0INCIDENTS' });
    expect(server.messages('C0INCIDENTS').map((message) => message.text)).toEqual(['incident card']);
  });

  it('a call still held when the server closes is dropped, not answered', async () => {
    const client = webClient(server, { timeout: 5_000 });
    const hold = server.hold('chat.postMessage');
    const post = client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'never' });
    await hold.arrived(1);
    closed = true;
    await server.close();
    await expect(post).rejects.toThrow();
    expect(server.messages('C0INCIDENTS')).toEqual([]);
  });
});
