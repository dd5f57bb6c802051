import type { SlackServer } from '../../../sandbox/slack';
import { uploadStreamed, UploadError } from '../../../src/platform/slack/streamed-upload';
import { startSandbox, webClient } from '../../sandbox/slack/fixtures';

let server: SlackServer;

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  await server.close();
});

/** A file of `count` pieces of 64 KB, counting how often it is written. */
function file(count: number) {
  const written = { times: 0 };
  const pieces = function* () {
    written.times++;
    for (let i = 0; i < count; i++) yield Buffer.alloc(64 * 1024, 97 + (i % 26));
  };
  const whole = Buffer.concat([...pieces()]);
  written.times = 0;
  return { pieces, whole, written };
}

function sharedFile(channel: string) {
  const message = server.messages(channel).find((m) => m.files);
  return { message, content: server.fileContent(message?.files?.[0]?.id ?? '') };
}

describe('uploadStreamed: the files.uploadV2 steps with the bytes written piece by piece', () => {
  it('shares the whole file in the thread, asking for the URL with its exact length', async () => {
    const client = webClient(server);
    const parent = await client.chat.postMessage({ channel: 'C0OPS', text: 'report below' });
    const { pieces, whole, written } = file(40);
    await uploadStreamed(client, {
      channelId: 'C0OPS',
      threadTs: parent.ts ?? '',
      filename: 'stale.csv',
      comment: 'All stale keys.',
      pieces,
    });
    expect(server.calls('files.getUploadURLExternal')[0]?.params).toMatchObject({
      filename: 'stale.csv',
      length: String(whole.length),
    });
    const { message, content } = sharedFile('C0OPS');
    expect(message).toMatchObject({ threadTs: parent.ts, text: 'All stale keys.' });
    expect(content?.equals(whole)).toBe(true);
    // Counted once, sent once.
    expect(written.times).toBe(2);
  });

  it.each([
    ['a dropped connection', { dropConnection: true }],
    ['a 500', { status: 500 }],
    ['a 503 twice', { status: 503, times: 2 }],
  ])('rides out %s on the upload URL: the bytes sent again, the file shared once', async (_name, failure) => {
    const client = webClient(server);
    server.failNext('upload', failure);
    const { pieces, whole } = file(8);
    await uploadStreamed(client, { channelId: 'C0OPS', filename: 'stale.csv', comment: 'All.', pieces });
    expect(server.calls('files.completeUploadExternal')).toHaveLength(1);
    expect(sharedFile('C0OPS').content?.equals(whole)).toBe(true);
  });

  it('gives up after its attempts, saying why without the upload URL, and shares nothing', async () => {
    const client = webClient(server);
    server.failNext('upload', { status: 500, times: 3 });
    const error = await uploadStreamed(client, {
      channelId: 'C0OPS',
      filename: 'stale.csv',
      comment: 'All.',
      pieces: file(2).pieces,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toBe('the file upload was answered 500');
    expect(JSON.stringify(error)).not.toContain('/upload/');
    expect(server.calls('files.completeUploadExternal')).toHaveLength(0);
    expect(server.messages('C0OPS')).toHaveLength(0);
  });

  it('times out an upload URL that does not answer, and tries again', async () => {
    const client = webClient(server);
    server.failNext('upload', { delayMs: 5_000 });
    const { pieces, whole } = file(2);
    await uploadStreamed(
      client,
      { channelId: 'C0OPS', filename: 'stale.csv', comment: 'All.', pieces },
      { timeoutMs: 300 },
    );
    expect(sharedFile('C0OPS').content?.equals(whole)).toBe(true);
  });
});
