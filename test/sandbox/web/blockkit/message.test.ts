import {
  messageToHtml,
  ONLY_VISIBLE_TO_YOU,
  type MessageContext,
  type MessageInput,
} from '../../../../sandbox/web/src/blockkit';
import { tagsOf, textOf, unsafeParts } from '../html-shape';

const CONTEXT: MessageContext = {
  names: {
    users: new Map([
      ['U0KEYWARDEN', 'Keywarden'],
      ['U0ALICE', 'Alice Smith'],
    ]),
    channels: new Map(),
  },
  botUserId: 'U0KEYWARDEN',
};

function message(overrides: Partial<MessageInput> = {}): MessageInput {
  return {
    ts: '1700000000.000100',
    channel: 'D0ALICE',
    user: 'U0KEYWARDEN',
    text: 'fallback',
    ephemeral: false,
    edited: false,
    files: [],
    ...overrides,
  };
}

describe('a message', () => {
  it('shows its author, the app mark and its time, and carries what a click needs', () => {
    const html = messageToHtml(message(), CONTEXT);
    expect(html).toContain('<article class="message" data-ts="1700000000.000100" data-channel="D0ALICE"');
    expect(html).toContain(
      '<span class="message-author">Keywarden</span><span class="message-app">APP</span>',
    );
    expect(html).toContain('<time class="message-time" datetime="2023-11-14T22:13:20.000Z">22:13 UTC</time>');
    expect(textOf(html)).not.toContain(ONLY_VISIBLE_TO_YOU);
    expect(textOf(html)).not.toContain('(edited)');
  });

  it('renders its blocks instead of the fallback text when it has blocks', () => {
    const html = messageToHtml(
      message({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Keys' } }] }),
      CONTEXT,
    );
    expect(html).toContain('<h3 class="bk-header">Keys</h3>');
    expect(textOf(html)).not.toContain('fallback');
  });

  it('formats the text as mrkdwn when there are no blocks', () => {
    const html = messageToHtml(message({ text: '*hi* <@U0ALICE>', user: 'U0ALICE' }), CONTEXT);
    expect(html).toContain('<strong>hi</strong> <span class="bk-mention">@Alice Smith</span>');
    expect(html).not.toContain('message-app');
  });

  it('marks an ephemeral message as only visible to you, and an edited one as edited', () => {
    const html = messageToHtml(message({ ephemeral: true, edited: true }), CONTEXT);
    expect(html).toContain('class="message message-ephemeral"');
    expect(textOf(html)).toContain(ONLY_VISIBLE_TO_YOU);
    expect(textOf(html)).toContain('(edited)');
  });

  it('offers an uploaded file for download from the page server', () => {
    const html = messageToHtml(
      message({
        files: [
          { id: 'F0ABC', name: 'stale-keys.csv', title: 'Stale keys', url: '/files/F0ABC/stale-keys.csv' },
        ],
      }),
      CONTEXT,
    );
    const link = tagsOf(html).find((tag) => tag.name === 'a');
    expect(link?.attributes).toEqual({
      class: 'message-file-link',
      href: '/files/F0ABC/stale-keys.csv',
      download: 'stale-keys.csv',
    });
    expect(textOf(html)).toContain('Download Stale keys');
  });

  it('shows a file with a foreign or hostile url by name only', () => {
    const html = messageToHtml(
      message({ files: [{ id: 'F1', name: '<b>x</b>.csv', url: 'javascript:alert(1)' }] }),
      CONTEXT,
    );
    expect(unsafeParts(html)).toEqual([]);
    expect(html).not.toContain('href');
    expect(textOf(html)).toContain('<b>x</b>.csv');
  });

  it('escapes an author and ids it does not know', () => {
    const html = messageToHtml(
      message({ user: '<script>alert(1)</script>', ts: '"><x', channel: '" onclick="y', text: 'hi' }),
      CONTEXT,
    );
    expect(unsafeParts(html)).toEqual([]);
    expect(textOf(html)).toContain('<script>alert(1)</script>');
  });
});
