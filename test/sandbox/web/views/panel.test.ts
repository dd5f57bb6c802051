import type { PanelView } from '../../../../sandbox/page-server/api';
import { panelHtml } from '../../../../sandbox/web/src/views/panel';
import { textOf, unsafeParts } from '../html-shape';

const NAMES = {
  users: new Map([['U0APPROVER', 'April Approver']]),
  channels: new Map([['C0SECOPS', 'secops']]),
};
const HOSTILE = '<img src=x onerror=alert(1)>';

const PANEL: PanelView = {
  iamCalls: [
    {
      at: '2026-01-02T03:04:05.000Z',
      action: 'DeleteAccessKey',
      userName: 'bob',
      accessKeyId: 'AKIA1',
      status: 200,
    },
    {
      at: '2026-01-02T03:04:06.000Z',
      action: 'ListAccessKeys',
      userName: HOSTILE,
      status: 404,
      error: 'NoSuchEntity',
    },
  ],
  approvals: [
    {
      id: 'r1',
      state: 'EXECUTED',
      keyId: 'AKIA1',
      owner: 'bob',
      requestedBy: 'U0BOB',
      reason: HOSTILE,
      createdAt: '2026-01-02T03:00:00.000Z',
      expiresAt: '2026-01-03T03:00:00.000Z',
      approvals: ['U0APPROVER'],
      required: 1,
      outcome: HOSTILE,
    },
  ],
  audit: [
    {
      at: '2026-01-02T03:04:05.000Z',
      actor: 'U0APPROVER',
      action: 'approve',
      outcome: 'ok',
      detail: HOSTILE,
    },
  ],
  reports: [
    {
      index: 0,
      channel: 'C0SECOPS',
      schedule: '0 9 * * MON',
      timezone: 'UTC',
      maxAgeDays: 90,
      maxUnusedDays: 30,
      canRunNow: false,
    },
  ],
};

describe('the side panel', () => {
  const html = panelHtml(PANEL, NAMES);

  it('shows each IAM call with its action, UserName, key and outcome', () => {
    const text = textOf(html);
    expect(text).toContain('03:04:05DeleteAccessKeybobAKIA1200');
    expect(text).toContain('ListAccessKeys');
    expect(text).toContain('NoSuchEntity');
  });

  it('shows requests with their state and approvers by name, audit events, and a run-now control per report', () => {
    const text = textOf(html);
    expect(text).toContain('EXECUTED');
    expect(text).toContain('1/1 approvals (April Approver)');
    expect(text).toContain('April Approver approve');
    expect(text).toContain('#secops');
    expect(html).toContain('<button type="button" class="panel-button" data-run-report="0">Run now</button>');
  });

  it('offers a form to simulate a key in use', () => {
    expect(html).toContain('<form class="panel-form" data-use-key>');
    expect(textOf(html)).toContain('Use it now');
  });

  it('shows hostile names and details as text', () => {
    expect(html).not.toContain('<img');
    expect(textOf(html)).toContain(HOSTILE);
    expect(
      unsafeParts(html, {
        tags: [
          'section',
          'h2',
          'table',
          'colgroup',
          'col',
          'thead',
          'tbody',
          'tr',
          'th',
          'td',
          'form',
          'label',
          'input',
        ],
        // The panel's own "simulate traffic" form: fixed markup, no data in it.
        attributes: [
          'data-run-report',
          'data-use-key',
          'name',
          'autocomplete',
          'spellcheck',
          'pattern',
          'required',
          'placeholder',
        ],
      }),
    ).toEqual([]);
  });
});
