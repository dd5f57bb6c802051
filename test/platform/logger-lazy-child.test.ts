import { flushLogger, lazyChild } from '../../src/platform/logger';
import { capturedLog } from '../support/fakes/captured-log';

describe('lazyChild', () => {
  it('makes no child until a line is written, then writes with the bindings', () => {
    const { log, lines } = capturedLog();
    const child = jest.spyOn(log, 'child');
    let asked = 0;
    const lazy = lazyChild(log, () => {
      asked++;
      return { requestId: 'r-1', slackUser: 'U1' };
    });
    expect(child).not.toHaveBeenCalled();
    expect(asked).toBe(0);
    lazy.warn({ code: 'X' }, 'something');
    lazy.info('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(asked).toBe(1);
    const written = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(written).toEqual([
      expect.objectContaining({ requestId: 'r-1', slackUser: 'U1', code: 'X', msg: 'something' }),
      expect.objectContaining({ requestId: 'r-1', slackUser: 'U1', msg: 'again' }),
    ]);
  });

  it('keeps the parent redaction and level', () => {
    const { log, lines } = capturedLog();
    const lazy = lazyChild(log, () => ({ requestId: 'r-2' }));
    expect(lazy.level).toBe('debug');
    lazy.info({ token: 'xoxb-secret' }, 'with a token');
    expect(lines[0]).not.toContain('xoxb-secret');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ token: '[redacted]', requestId: 'r-2' });
  });

  it('flushLogger resolves on a synchronous destination too', async () => {
    const { log } = capturedLog();
    await expect(flushLogger(log)).resolves.toBeUndefined();
  });
});
