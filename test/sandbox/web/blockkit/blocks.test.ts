import { blocksToHtml, type Names } from '../../../../sandbox/web/src/blockkit';
import { tagsOf, textOf, unsafeParts } from '../html-shape';

const NAMES: Names = { users: new Map([['U0ALICE', 'Alice Smith']]), channels: new Map() };
const render = (...blocks: unknown[]) => blocksToHtml(blocks, NAMES);
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('Block Kit to HTML', () => {
  it.each([
    [
      'header',
      { type: 'header', text: plain('Access keys of alice') },
      '<h3 class="bk-header">Access keys of alice</h3>',
    ],
    ['divider', { type: 'divider' }, '<hr class="bk-divider">'],
    [
      'section with mrkdwn text',
      { type: 'section', text: mrkdwn('*Key* `AKIA1`') },
      '<div class="bk-section"><div class="bk-section-main"><div class="bk-text"><strong>Key</strong> ' +
        '<code class="bk-code">AKIA1</code></div></div></div>',
    ],
    [
      'section with fields',
      { type: 'section', fields: [mrkdwn('*Status*\nActive'), mrkdwn('*Owner*\n<@U0ALICE>')] },
      '<div class="bk-section"><div class="bk-section-main"><div class="bk-fields">' +
        '<div class="bk-field"><strong>Status</strong><br>Active</div>' +
        '<div class="bk-field"><strong>Owner</strong><br><span class="bk-mention">@Alice Smith</span></div>' +
        '</div></div></div>',
    ],
    [
      'section with an accessory button',
      {
        type: 'section',
        block_id: 'key:AKIA1',
        text: mrkdwn('A key'),
        accessory: { type: 'button', text: plain('Deactivate'), action_id: 'key.deactivate', value: 'AKIA1' },
      },
      '<div class="bk-section"><div class="bk-section-main"><div class="bk-text">A key</div></div>' +
        '<div class="bk-accessory"><button type="button" class="bk-button" data-action-id="key.deactivate" ' +
        'data-value="AKIA1" data-block-id="key:AKIA1">Deactivate</button></div></div>',
    ],
    [
      'context',
      { type: 'context', elements: [mrkdwn('_2 keys_'), plain('dates in UTC')] },
      '<div class="bk-context"><span class="bk-text"><em>2 keys</em></span><span class="bk-text">dates in UTC</span></div>',
    ],
    [
      'actions with primary and danger buttons',
      {
        type: 'actions',
        block_id: 'approval:1',
        elements: [
          { type: 'button', text: plain('Approve'), action_id: 'approve', value: '1', style: 'primary' },
          { type: 'button', text: plain('Reject'), action_id: 'reject', value: '1', style: 'danger' },
        ],
      },
      '<div class="bk-actions">' +
        '<button type="button" class="bk-button bk-button-primary" data-action-id="approve" data-value="1" data-block-id="approval:1">Approve</button>' +
        '<button type="button" class="bk-button bk-button-danger" data-action-id="reject" data-value="1" data-block-id="approval:1">Reject</button>' +
        '</div>',
    ],
    [
      'a button with a confirm step',
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: plain('Approve'),
            action_id: 'approve',
            value: '1',
            style: 'primary',
            confirm: {
              title: plain('Delete this key?'),
              text: mrkdwn('Deleting `AKIA1` cannot be undone.'),
              confirm: plain('Approve'),
              deny: plain('Cancel'),
            },
          },
        ],
      },
      '<div class="bk-actions">' +
        '<button type="button" class="bk-button bk-button-primary" data-action-id="approve" data-value="1" data-confirm>Approve</button>' +
        '<div class="bk-confirm" role="dialog" aria-label="Delete this key?" hidden>' +
        '<p class="bk-confirm-title">Delete this key?</p>' +
        '<div class="bk-confirm-text">Deleting <code class="bk-code">AKIA1</code> cannot be undone.</div>' +
        '<div class="bk-confirm-actions"><button type="button" class="bk-button" data-confirm-deny>Cancel</button>' +
        '<button type="button" class="bk-button bk-button-primary" data-confirm-accept>Approve</button></div></div>' +
        '</div>',
    ],
    [
      'a button with a web url is a link that still reports the click',
      {
        type: 'actions',
        elements: [{ type: 'button', text: plain('Docs'), action_id: 'docs', url: 'https://example.com/' }],
      },
      '<div class="bk-actions"><a class="bk-button" href="https://example.com/" target="_blank" rel="noopener noreferrer" ' +
        'data-action-id="docs" data-value="">Docs</a></div>',
    ],
    [
      'an element the page cannot act on is named',
      { type: 'actions', elements: [{ type: 'static_select', action_id: 'pick' }] },
      '<div class="bk-actions"><span class="bk-unsupported">[static_select]</span></div>',
    ],
    [
      'an unknown block is named',
      { type: 'video' },
      '<div class="bk-unsupported">[unsupported block: video]</div>',
    ],
    [
      'plain_text is shown as written',
      { type: 'header', text: plain('*not bold* &amp; <b>') },
      '<h3 class="bk-header">*not bold* &amp;amp; &lt;b&gt;</h3>',
    ],
    ['garbage is skipped', null, ''],
  ])('%s', (_, block, expected) => {
    expect(render(block)).toBe(expected);
  });

  describe('hostile text in any field is shown as text, never run', () => {
    const SCRIPT = '<script>alert(1)</script>';
    const cases: [string, unknown, string][] = [
      ['header', { type: 'header', text: plain(SCRIPT) }, SCRIPT],
      ['section text', { type: 'section', text: mrkdwn(SCRIPT) }, SCRIPT],
      [
        'a field',
        { type: 'section', fields: [mrkdwn(`<img src=x onerror=alert(1)>`)] },
        '<img src=x onerror=alert(1)>',
      ],
      ['a context element', { type: 'context', elements: [plain(SCRIPT)] }, SCRIPT],
      [
        'a button label',
        { type: 'actions', elements: [{ type: 'button', text: plain(SCRIPT), action_id: 'a', value: 'v' }] },
        SCRIPT,
      ],
      [
        'a confirm dialog',
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: plain('Go'),
              action_id: 'a',
              confirm: {
                title: plain('"><svg onload=alert(1)>'),
                text: mrkdwn(SCRIPT),
                confirm: plain(SCRIPT),
              },
            },
          ],
        },
        `Go"><svg onload=alert(1)>${SCRIPT}Cancel${SCRIPT}`,
      ],
      [
        'a javascript: button url',
        {
          type: 'actions',
          elements: [{ type: 'button', text: plain('Open'), action_id: 'a', url: 'javascript:alert(1)' }],
        },
        'Open',
      ],
      ['an unknown block type', { type: '<script>' }, '[unsupported block: <script>]'],
      [
        'an image alt text',
        { type: 'image', image_url: 'https://x/', alt_text: SCRIPT },
        `[image: ${SCRIPT}]`,
      ],
    ];
    it.each(cases)('%s', (_, block, shown) => {
      const html = render(block);
      expect(unsafeParts(html)).toEqual([]);
      expect(textOf(html)).toBe(shown);
    });

    it('keeps hostile action ids, values and block ids inside their attributes', () => {
      const html = render({
        type: 'actions',
        block_id: '" onclick="alert(1)',
        elements: [
          { type: 'button', text: plain('x'), action_id: '"><script>', value: "' onfocus='alert(1)" },
        ],
      });
      expect(unsafeParts(html)).toEqual([]);
      const button = tagsOf(html).find((tag) => tag.name === 'button');
      expect(button?.attributes).toEqual({
        type: 'button',
        class: 'bk-button',
        'data-action-id': '&quot;&gt;&lt;script&gt;',
        'data-value': '&#39; onfocus=&#39;alert(1)',
        'data-block-id': '&quot; onclick=&quot;alert(1)',
      });
    });

    it('never links a button to a javascript: url', () => {
      const html = render({
        type: 'actions',
        elements: [{ type: 'button', text: plain('Open'), action_id: 'a', url: 'javascript:alert(1)' }],
      });
      expect(html).not.toContain('href');
      expect(html).toContain('<button');
    });
  });
});
