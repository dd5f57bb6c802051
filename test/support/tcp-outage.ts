import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpOutage {
  /** http://127.0.0.1:PORT, forwarding to the target. */
  url: string;
  /** Cuts open connections, and every new one as it arrives, as a network outage does. */
  down(): Promise<void>;
  /** Forwards again. */
  up(): void;
  /** Connections cut on arrival since the last down(): how often a client tried during the outage. */
  cut(): number;
  close(): Promise<void>;
}

/**
 * A plain TCP forwarder in front of a server (e.g. the store), so a test can take it off the network
 * and bring it back on the same address, with the server and its data untouched behind it.
 */
export async function tcpOutage(targetUrl: string): Promise<TcpOutage> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let isDown = false;
  let cut = 0;
  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (isDown) {
      cut++;
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    upstream.on('error', () => undefined);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    down: async () => {
      isDown = true;
      cut = 0;
      cutAll();
    },
    up: () => {
      isDown = false;
    },
    cut: () => cut,
    close: async () => {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
