import { alreadyRequestedText } from '../../../../src/features/approvals/slack/texts';

describe('the answer to a second deletion request of one key', () => {
  it('links to the open request’s message', () => {
    const link = 'https://acme.slack.com/archives/C0APPROVALS/p1700000000000100';
    expect(alreadyRequestedText(link, 'C0APPROVALS')).toContain(`<${link}|see the request>`);
  });

  it('without a link, names the channel; with neither, says only that one is open', () => {
    expect(alreadyRequestedText(undefined, 'C0APPROVALS')).toContain('in <#C0APPROVALS>');
    expect(alreadyRequestedText()).toMatch(/^A deletion request for that key is already open\. /);
  });

  it('renders nothing it cannot trust as a link or a channel', () => {
    for (const link of ['javascript:alert(1)', 'https://x|y', 'https://a b', 'https://x><!channel>']) {
      expect(alreadyRequestedText(link)).not.toContain('<');
    }
    expect(alreadyRequestedText(undefined, 'C0X><!here')).not.toContain('<');
  });
});
