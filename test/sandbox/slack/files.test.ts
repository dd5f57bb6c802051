import { ErrorCode } from '@slack/web-api';

import type { SlackServer } from '../../../sandbox/slack';
import { ALICE, startSandbox, webClient } from './fixtures';

let server: SlackServer;

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  await server.close();
});

interface Completion {
  files?: { id?: string; name?: string; title?: string; size?: number; url_private?: string }[];
}

function firstFile(result: unknown): NonNullable<Completion['files']>[number] {
  const completions = (result as { files: Completion[] }).files;
  const file = completions[0]?.files?.[0];
  if (!file) throw new Error('no file in the uploadV2 result');
  return file;
}

describe('files.uploadV2 through the real WebClient', () => {
  it('takes the three steps and shares the file in the channel, in the thread', async () => {
    const client = webClient(server);
    const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'report below' });
    const csv = 'user,key\nalice,AKIA1\n';
    const result = await client.files.uploadV2({
      channel_id: 'C0OPS',
      thread_ts: parent.ts ?? '',
      initial_comment: 'Stale keys',
      filename: 'stale.csv',
      content: csv,
    });
    const file = firstFile(result);
    expect(file).toMatchObject({ name: 'stale.csv', title: 'stale.csv', size: Buffer.byteLength(csv) });
    expect(server.fileContent(file.id ?? '')?.toString('utf8')).toBe(csv);
    expect(server.calls().map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(server.calls('files.getUploadURLExternal')[0]?.params).toMatchObject({
      filename: 'stale.csv',
      length: String(Buffer.byteLength(csv)),
    });
    const shared = server.messages('C0OPS').find((m) => m.files !== undefined);
    expect(shared).toMatchObject({
      user: server.botUserId,
      text: 'Stale keys',
      threadTs: parent.ts,
      files: [{ id: file.id, name: 'stale.csv', title: 'stale.csv', url: file.url_private }],
    });
    const download = await fetch(file.url_private ?? '');
    expect(download.headers.get('content-type')).toBe('text/csv');
    expect(await download.text()).toBe(csv);
  });

  it('keeps binary bytes intact through the multipart upload', async () => {
    const bytes = Buffer.from([0, 255, 13, 10, 45, 45, 1, 2, 3, 13, 10]);
    const result = await webClient(server).files.uploadV2({
      channel_id: ALICE.id,
      filename: 'raw.bin',
      file: bytes,
    });
    const file = firstFile(result);
    expect(server.fileContent(file.id ?? '')?.equals(bytes)).toBe(true);
    expect(server.messages(server.dmChannelOf(ALICE.id))).toEqual([
      expect.objectContaining({ files: [expect.objectContaining({ id: file.id })] }),
    ]);
  });

  it('keeps a file without a channel private: no message', async () => {
    const result = await webClient(server).files.uploadV2({ filename: 'private.txt', content: 'mine' });
    expect(server.fileContent(firstFile(result).id ?? '')?.toString()).toBe('mine');
    expect(server.messages()).toEqual([]);
  });

  it('completes an upload only once, and only after its bytes arrived', async () => {
    const client = webClient(server);
    const opened = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 1 });
    const early = await client.files
      .completeUploadExternal({ files: [{ id: opened.file_id ?? '' }] })
      .catch((e: unknown) => e);
    expect(early).toMatchObject({ data: { error: 'file_not_found' } });
    const posted = await fetch(opened.upload_url ?? '', { method: 'POST', body: 'a' });
    expect(posted.status).toBe(200);
    await client.files.completeUploadExternal({ files: [{ id: opened.file_id ?? '', title: 'A' }] });
    const twice = await client.files
      .completeUploadExternal({ files: [{ id: opened.file_id ?? '' }] })
      .catch((e: unknown) => e);
    expect(twice).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'file_not_found' } });
    expect(server.fileContent(opened.file_id ?? '')?.toString()).toBe('a');
  });

  it('posts nothing when completing fails', async () => {
    server.failNext('files.completeUploadExternal', { error: 'internal_error' });
    const error = await webClient(server)
      .files.uploadV2({ channel_id: 'C0OPS', filename: 'x.txt', content: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ data: { error: 'internal_error' } });
    expect(server.messages('C0OPS')).toEqual([]);
  });
});
