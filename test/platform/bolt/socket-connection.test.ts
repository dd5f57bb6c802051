import { EventEmitter } from 'node:events';
import { watchSocketConnection } from '../../../src/platform/bolt/socket-connection';
import { Dependencies } from '../../../src/platform/process/readiness';

describe('watchSocketConnection', () => {
  it("is up from Slack's hello until the socket closes, and down while the client reconnects", () => {
    const client = new EventEmitter();
    const dependencies = new Dependencies();
    watchSocketConnection(client, dependencies);
    expect(dependencies.get('slack').up).toBe(false);
    client.emit('connected');
    expect(dependencies.get('slack').up).toBe(true);
    client.emit('close');
    expect(dependencies.get('slack')).toMatchObject({ up: false, reason: 'socket closed' });
    client.emit('reconnecting');
    expect(dependencies.get('slack')).toMatchObject({ up: false, reason: 'reconnecting' });
    client.emit('connected');
    expect(dependencies.get('slack').up).toBe(true);
    client.emit('disconnected');
    expect(dependencies.get('slack')).toMatchObject({ up: false, reason: 'disconnected' });
  });
});
