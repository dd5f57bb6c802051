import { Dependencies, mirrorSlackConnected, Readiness } from '../../../src/platform/process/readiness';
import { capturedLog } from '../../support/fakes/captured-log';

/** Calls a route's handler as the receiver would, and keeps what it wrote. */
type Handler = ReturnType<Readiness['route']>['handler'];

function answer(route: { handler: Handler }) {
  let status = 0;
  let body = '';
  const res = {
    writeHead: (code: number) => {
      status = code;
      return res;
    },
    end: (text: string) => {
      body = text;
    },
  };
  route.handler({} as Parameters<Handler>[0], res as unknown as Parameters<Handler>[1]);
  return { status, body: JSON.parse(body) as { status: string; down?: string[] } };
}

describe('Readiness', () => {
  it('serves /healthz and /readyz', () => {
    expect(
      new Readiness()
        .routes()
        .map((route) => route.path)
        .sort(),
    ).toEqual(['/healthz', '/readyz']);
  });

  it('/readyz is 503 until every dependency has been seen up, then 200', () => {
    const readiness = new Readiness();
    readiness.state = 'ready';
    expect(answer(readiness.readyRoute())).toEqual({
      status: 503,
      body: expect.objectContaining({ status: 'unavailable', down: ['store', 'slack', 'aws'] }),
    });
    readiness.dependencies.set('store', true);
    readiness.dependencies.set('aws', true);
    expect(answer(readiness.readyRoute()).body.down).toEqual(['slack']);
    readiness.dependencies.set('slack', true);
    expect(answer(readiness.readyRoute())).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ready', down: [] }),
    });
  });

  it('/readyz is 503 while starting or draining, whatever the dependencies say, and /healthz keeps its meaning', () => {
    const readiness = new Readiness();
    for (const name of ['store', 'slack', 'aws'] as const) readiness.dependencies.set(name, true);
    expect(answer(readiness.readyRoute())).toMatchObject({ status: 503, body: { status: 'starting' } });
    readiness.state = 'ready';
    readiness.dependencies.set('store', false, 'GetItem: ECONNREFUSED');
    expect(answer(readiness.route())).toMatchObject({ status: 200, body: { status: 'ready' } });
    readiness.state = 'draining';
    expect(answer(readiness.readyRoute())).toMatchObject({ status: 503, body: { status: 'draining' } });
  });
});

describe('Dependencies', () => {
  it('tells listeners of changes only, and logs each one', () => {
    const { log, lines } = capturedLog();
    const dependencies = new Dependencies();
    dependencies.logTo(log);
    const changes: string[] = [];
    dependencies.onChange((name, status) => changes.push(`${name}:${status.up ? 'up' : status.reason}`));
    dependencies.set('slack', true);
    dependencies.set('slack', true);
    dependencies.set('slack', false, 'socket closed');
    dependencies.set('slack', false, 'socket closed');
    dependencies.set('slack', false, 'reconnecting');
    dependencies.set('slack', true);
    expect(changes).toEqual(['slack:up', 'slack:socket closed', 'slack:reconnecting', 'slack:up']);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(['dependency is down', 'dependency is down', 'dependency is back']);
  });

  it('mirrors Slack into a gauge: 1 while up, 0 while down', () => {
    const dependencies = new Dependencies();
    const values: number[] = [];
    const stop = mirrorSlackConnected(dependencies, { set: (value) => values.push(value) });
    dependencies.set('slack', true);
    dependencies.set('store', false, 'GetItem: ECONNREFUSED');
    dependencies.set('slack', false, 'socket closed');
    stop();
    dependencies.set('slack', true);
    expect(values).toEqual([0, 1, 0]);
  });
});
