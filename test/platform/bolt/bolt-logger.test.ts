import { Writable } from 'node:stream';
import { createLogger } from '../../../src/platform/logger';
import { boltLogger } from '../../../src/platform/bolt/bolt-logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: boltLogger(createLogger({ level: 'debug', destination })), lines };
}

/** The shape of a web-api 7 request error that kept its axios original (body and bearer token): any error may. */
function requestErrorWithOriginal() {
  return Object.assign(new Error('A request error occurred: socket hang up'), {
    code: 'slack_webapi_request_error',
    original: {
      config: {
        headers: { Authorization: 'Bearer xoxb-bolt-logger-token' },
        data: 'text=the-new-secret-value',
      },
    },
  });
}

describe('Bolt’s logger adapter', () => {
  it('logs an error handed to it (as Bolt’s default handler does) without its request', () => {
    const { logger, lines } = capture();
    logger.error(requestErrorWithOriginal());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('slack_webapi_request_error');
    expect(lines[0]).not.toContain('xoxb-bolt-logger-token');
    expect(lines[0]).not.toContain('the-new-secret-value');
  });

  it('scrubs token-shaped text from warn lines and drops debug lines, which hold request bodies', () => {
    const { logger, lines } = capture();
    logger.warn('http request failed', 'Bearer xoxb-1-2 refused; app token xapp-1-A-3');
    logger.debug('http request body: {"text":"the-new-secret-value"}');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('http request failed');
    expect(lines[0]).not.toMatch(/xoxb-1|xapp-1/);
  });
});
