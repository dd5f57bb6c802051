import { createLogger, type Logger } from '../../../src/platform/logger';

/**
 * The real logger (with its redaction) writing to memory, so a unit test can read every line, e.g.
 * to check that no secret reached one.
 */
export function capturedLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return { log, lines };
}
