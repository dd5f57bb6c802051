import net from 'node:net';

/**
 * The unit lane opens no sockets: a test that tries belongs in the wire lane (see jest.config.js).
 * Core modules are shared by every test file a worker runs, so the guard is lifted after each file.
 */
const listen = net.Server.prototype.listen;
const connect = net.Socket.prototype.connect;

const refuse = (what: string) =>
  function refused(): never {
    throw new Error(
      `the unit lane opens no sockets (${what}); this test belongs in the wire lane: see jest.config.js`,
    );
  };

// The unit lane's tests wait on nothing real: a 20 s test there is a hung one.
jest.setTimeout(20_000);

beforeAll(() => {
  net.Server.prototype.listen = refuse('listen') as typeof listen;
  net.Socket.prototype.connect = refuse('connect') as typeof connect;
});

afterAll(() => {
  net.Server.prototype.listen = listen;
  net.Socket.prototype.connect = connect;
});
