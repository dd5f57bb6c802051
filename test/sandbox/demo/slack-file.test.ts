import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { loadMessages, saveMessagesOnChange } from '../../../sandbox/demo/slack-file';
import { startSlackServer } from '../../../sandbox/slack';

describe('the sandbox conversations file', () => {
  it('keeps channel messages across restarts, and never writes an ephemeral message (a secret) to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-slack-file-'));
    const path = join(dir, 'slack.json');
    const users = [{ id: 'U0ALICE', name: 'alice' }];
    const first = await startSlackServer({ botToken: 'xoxb-file', users });
    try {
      const stop = saveMessagesOnChange(first, path, (error) => {
        throw error;
      });
      const client = new WebClient('xoxb-file', { slackApiUrl: first.apiUrl, retryConfig: { retries: 0 } });
      await client.chat.postMessage({ channel: 'C0APPROVALS', text: 'a request to approve' });
      await client.chat.postEphemeral({ channel: 'D0ALICE', user: 'U0ALICE', text: 'SECRET-shown-once' });
      stop();
      const onDisk = readFileSync(path, 'utf8');
      expect(onDisk).toContain('a request to approve');
      expect(onDisk).not.toContain('SECRET-shown-once');
    } finally {
      await first.close();
    }
    const second = await startSlackServer({ botToken: 'xoxb-file', users, messages: loadMessages(path) });
    try {
      expect(second.messages('C0APPROVALS').map((m) => m.text)).toEqual(['a request to approve']);
      expect(second.messages('D0ALICE')).toEqual([]);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts empty when there is no file yet', () => {
    expect(loadMessages(join(tmpdir(), 'no-such-keywarden-file.json'))).toEqual([]);
  });
});
