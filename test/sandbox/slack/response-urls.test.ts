import type { SlackServer } from '../../../sandbox/slack';
import { ALICE, BOB, section, startSandbox, webClient } from './fixtures';

let server: SlackServer;

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  await server.close();
});

/** POSTs as Bolt 5's respond() does: JSON through fetch. */
async function respond(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('response_url', () => {
  it('posts an ephemeral message to the person by default, and records every POST in order', async () => {
    const url = server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id });
    expect(url).toMatch(new RegExp(`^${server.url}/commands/${server.teamId}/\\d+/[0-9a-f]+$`));
    expect(await respond(url, { text: 'first' })).toEqual({ status: 200, body: { ok: true } });
    await respond(url, { text: 'second', response_type: 'in_channel' });
    expect(server.responses().map((r) => [r.url, r.body])).toEqual([
      [url, { text: 'first' }],
      [url, { text: 'second', response_type: 'in_channel' }],
    ]);
    const [first, second] = server.messages('C0OPS');
    expect(first).toMatchObject({ text: 'first', ephemeralTo: ALICE.id, user: server.botUserId });
    expect(second).toMatchObject({ text: 'second', user: server.botUserId });
    expect(second?.ephemeralTo).toBeUndefined();
  });

  it('replaces the message the interaction came from, blocks and all, keeping its ts', async () => {
    const posted = await webClient(server).chat.postMessage({
      channel: 'C0OPS',
      text: 'Approve?',
      blocks: [section('Approve deleting AKIA1?')],
    });
    const url = server.newResponseUrl({ channel: 'C0OPS', user: BOB.id, messageTs: posted.ts });
    expect(url).toContain('/actions/');
    expect((await respond(url, { replace_original: true, text: 'Approved by bob' })).status).toBe(200);
    expect(server.messages('C0OPS')).toEqual([
      { ts: posted.ts, channel: 'C0OPS', user: server.botUserId, text: 'Approved by bob', edited: true },
    ]);
  });

  it('deletes the original message on delete_original', async () => {
    const posted = await webClient(server).chat.postMessage({ channel: 'C0OPS', text: 'Approve?' });
    const url = server.newResponseUrl({ channel: 'C0OPS', user: BOB.id, messageTs: posted.ts });
    const changes: string[] = [];
    server.onChange((change) => changes.push(`${change.kind}:${change.message.ts}`));
    expect((await respond(url, { delete_original: true })).status).toBe(200);
    expect(server.messages('C0OPS')).toEqual([]);
    expect(changes).toEqual([`deleted:${posted.ts}`]);
  });

  it('has no original to replace or delete for a slash command', async () => {
    const url = server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id });
    expect(await respond(url, { delete_original: true })).toEqual({
      status: 404,
      body: { ok: false, error: 'message_not_found' },
    });
    expect((await respond(url, { replace_original: true, text: 'x' })).status).toBe(404);
    expect(server.messages()).toEqual([]);
  });

  it('refuses a body without text or blocks, blocks over the limits, and unknown URLs', async () => {
    const url = server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id });
    expect(await respond(url, {})).toEqual({ status: 400, body: { ok: false, error: 'no_text' } });
    const tooLong = await respond(url, {
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });
    expect(tooLong).toMatchObject({ status: 400, body: { error: 'invalid_blocks' } });
    expect((await respond(`${server.url}/commands/T0SANDBOX/999/abc`, { text: 'x' })).status).toBe(404);
    expect(server.messages()).toEqual([]);
  });
});
