import { mrkdwnToHtml, type Names } from '../../../../sandbox/web/src/blockkit';
import { textOf, unsafeParts } from '../html-shape';

const NAMES: Names = {
  users: new Map([
    ['U0ALICE', 'Alice Smith'],
    ['U0EVIL', '<img src=x onerror=alert(1)>'],
  ]),
  channels: new Map([['C0APPROVALS', 'key-approvals']]),
};

const render = (text: string) => mrkdwnToHtml(text, NAMES);

describe('mrkdwn to HTML', () => {
  it.each([
    ['plain text', 'hello', 'hello'],
    ['bold', '*Key*', '<strong>Key</strong>'],
    ['italic', '_never used_', '<em>never used</em>'],
    ['strike', '~old~', '<del>old</del>'],
    ['nested styles', '*_both_*', '<strong><em>both</em></strong>'],
    ['snake_case stays as typed', 'ci_deploy_key', 'ci_deploy_key'],
    ['a lone star stays', '2 * 3 = 6', '2 * 3 = 6'],
    ['inline code', 'run `aws s3 ls`', 'run <code class="bk-code">aws s3 ls</code>'],
    ['styles do not apply inside code', '`*not bold*`', '<code class="bk-code">*not bold*</code>'],
    ['pre block', '```line 1\n*line* 2```', '<pre class="bk-pre">line 1\n*line* 2</pre>'],
    ['newlines', 'a\nb', 'a<br>b'],
    ['entities are decoded once, then escaped', 'a &amp; b &lt;tag&gt;', 'a &amp; b &lt;tag&gt;'],
    [
      'a labelled web link',
      '<https://example.com/a?b=1&amp;c=2|the docs>',
      '<a class="bk-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    ],
    [
      'a bare web link',
      '<http://example.com>',
      '<a class="bk-link" href="http://example.com" target="_blank" rel="noopener noreferrer">http://example.com</a>',
    ],
    ['a user mention by name', 'by <@U0ALICE>', 'by <span class="bk-mention">@Alice Smith</span>'],
    ['an unknown user keeps the label', '<@U0NOBODY|nobody>', '<span class="bk-mention">@nobody</span>'],
    ['a channel mention by name', 'in <#C0APPROVALS>', 'in <span class="bk-mention">#key-approvals</span>'],
    ['@here', '<!here>', '<span class="bk-mention">@here</span>'],
    ['a date shows its fallback', '<!date^1392734382^{date}|Feb 18th>', 'Feb 18th'],
    [
      'bold around a mention',
      '*<@U0ALICE>*',
      '<strong><span class="bk-mention">@Alice Smith</span></strong>',
    ],
    [
      'a known emoji',
      ':white_check_mark: done',
      '<span class="emoji emoji-green" role="img" aria-label="white check mark">✔</span> done',
    ],
    ['an unknown emoji stays as typed', ':party_parrot:', ':party_parrot:'],
  ])('%s', (_, input, expected) => {
    expect(render(input)).toBe(expected);
  });

  describe('hostile text is shown as text and never becomes markup', () => {
    it.each([
      ['a script tag', '<script>alert(1)</script>', '<script>alert(1)</script>'],
      ['an escaped script tag', '&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>'],
      ['an image with a handler', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
      ['a javascript: link', '<javascript:alert(1)|click me>', '<javascript:alert(1)|click me>'],
      ['a data: link', '<data:text/html,<b>x</b>|open>', '<data:text/html,<b>x</b>|open>'],
      ['a quote breaking out of href', '<https://x.example/"onmouseover="alert(1)|x>', 'x'],
      ['markup in a link label', '<https://example.com|<b>bold</b>>', '<https://example.com|<b>bold</b>>'],
      ['markup in code', '`<script>x</script>`', '<script>x</script>'],
      ['markup in a pre block', '```<iframe src=x>```', '<iframe src=x>'],
      ['a hostile display name', 'by <@U0EVIL>', 'by @<img src=x onerror=alert(1)>'],
      ['a forged placeholder', '\uE0000\uE001 and *\uE000', '0 and *'],
    ])('%s', (_, input, shown) => {
      const html = render(input);
      expect(unsafeParts(html)).toEqual([]);
      expect(textOf(html)).toBe(shown);
    });

    it('keeps a quote inside a web link escaped within its href', () => {
      const html = render('<https://x.example/"onmouseover="alert(1)|x>');
      expect(html).toContain('href="https://x.example/&quot;onmouseover=&quot;alert(1)"');
      expect(html).not.toMatch(/ onmouseover=/);
    });
  });
});
