import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SlackServer, StoredMessage } from '../slack';

/**
 * The sandbox's channels and DMs, kept across restarts so an approval request posted yesterday can
 * still be approved (and updated in place) today. Ephemeral messages are left out, as Slack forgets
 * them on reload; so a secret shown once is never written to disk.
 */
export function loadMessages(path: string): StoredMessage[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredMessage[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export function saveMessages(path: string, slack: SlackServer): void {
  mkdirSync(dirname(path), { recursive: true });
  const lasting = slack.messages().filter((message) => message.ephemeralTo === undefined);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(lasting, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Saves after every post, update or delete that someone could see again after a reload. */
export function saveMessagesOnChange(
  slack: SlackServer,
  path: string,
  onError: (error: unknown) => void,
): () => void {
  return slack.onChange((change) => {
    if (change.message.ephemeralTo !== undefined) return;
    try {
      saveMessages(path, slack);
    } catch (error) {
      onError(error);
    }
  });
}
