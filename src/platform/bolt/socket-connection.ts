import type { Dependencies } from '../process/readiness';

/** The lifecycle events a SocketModeClient (@slack/socket-mode) emits; see its State enum. */
interface SocketLifecycle {
  on(event: 'connected' | 'reconnecting' | 'disconnected' | 'close', listener: () => void): unknown;
}

/**
 * Slack is up, in Socket Mode, while the socket is open: `connected` comes with Slack's `hello`;
 * `close` (the socket dropped), `reconnecting` and `disconnected` mean it is not. The client
 * reconnects by itself (autoReconnectEnabled, Bolt's default): after a close it waits
 * clientPingTimeout x the failures in a row (5 s, 10 s, ...) and asks apps.connections.open again,
 * whose own retries back off by a factor of 1.3. This only makes the gap visible: in /readyz and,
 * through Dependencies.onChange, in keywarden_slack_connected.
 */
export function watchSocketConnection(client: SocketLifecycle, dependencies: Dependencies): void {
  client.on('connected', () => dependencies.set('slack', true));
  client.on('close', () => dependencies.set('slack', false, 'socket closed'));
  client.on('reconnecting', () => dependencies.set('slack', false, 'reconnecting'));
  client.on('disconnected', () => dependencies.set('slack', false, 'disconnected'));
}
