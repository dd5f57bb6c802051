import { request } from 'node:http';
import type { Socket } from 'node:net';
import { IamState, startIamServer, type IamServer } from '../../../sandbox/iam';

/** One keep-alive request: the Connection header of the answer, and the socket it came on. */
function ask(server: IamServer): Promise<{ connection: string | undefined; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Connection: 'keep-alive' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ connection: res.headers.connection, socket: req.socket as Socket }));
      },
    );
    req.on('error', reject);
    req.end('Action=ListUsers&Version=2010-05-08');
  });
}

const closed = (socket: Socket) =>
  socket.destroyed
    ? Promise.resolve()
    : new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('sandbox IAM: connections', () => {
  let server: IamServer;

  afterEach(async () => {
    await server.close();
  });

  it('keeps connections alive by default', async () => {
    server = await startIamServer({ state: new IamState() });
    const { connection, socket } = await ask(server);
    expect(connection).toBe('keep-alive');
    socket.destroy();
  });

  it('closes every connection after its answer when asked to, as HTTP/1.0 servers do', async () => {
    server = await startIamServer({ state: new IamState(), closeConnections: true });
    const answer = await ask(server);
    expect(answer.connection).toBe('close');
    await closed(answer.socket); // the server ends it: this would wait forever on a kept-alive one
    server.setCloseConnections(false);
    const again = await ask(server);
    expect(again.connection).toBe('keep-alive');
    again.socket.destroy();
  });
});
