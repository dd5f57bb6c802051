import fc from 'fast-check';
import { mrkdwnToHtml, type Names } from '../../../../sandbox/web/src/blockkit';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import {
  approvalRequestBlocks,
  requestOutcomeBlocks,
} from '../../../../src/features/approvals/slack/approval-request';
import { auditPageBlocks } from '../../../../src/features/audit/slack/audit';
import { code, formatLastUse } from '../../../../src/platform/slack/blocks/format';
import { closedInvitationBlocks } from '../../../../src/features/creation/slack/invitation';
import { usageProblemText } from '../../../../src/features/command/slack/texts';
import { inlineCodeText, inlineUserText, oneLine } from '../../../../src/platform/slack/blocks/user-text';
import type { Invitation } from '../../../../src/features/creation/domain/invitation';
import { parse } from 'csv-parse/sync';
import { MAX_REASON_LENGTH, userTextProblem } from '../../../../src/kernel/user-text';
import { auditCsvRows } from '../../../../src/features/audit/slack/audit-csv';
import { parseKeysCommand } from '../../../../src/features/command/slack/parse-keys-command';
import { userTextInputError } from '../../../../src/platform/slack/user-text-input';

const NOW = new Date('2026-06-15T12:00:00Z');
const RUNS = { numRuns: 400 };

/** The pieces an attacker would type, mixed with arbitrary text of every kind. */
const HOSTILE = [
  '*',
  '_',
  '~',
  '`',
  '```',
  '>',
  '<',
  '&',
  '|',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u000b',
  '\u200b',
  '\u200d',
  '\u2060',
  '\u202e',
  '\u00ad',
  '\ufeff',
  '\uff0a',
  '\uff3f',
  '\uff5e',
  '\uff40',
  '\uff1e',
  '&gt;',
  '&lt;',
  '&amp;',
  '<@U0ADMIN>',
  '<!channel>',
  '<!here>',
  '<!subteam^S0APPROVERS>',
  '<#C0APPROVALS>',
  '<http://evil|runbook>',
  '<mailto:a@b.c|mail>',
  'http://evil.example/x_y*z',
  '*Owner:* root',
  '_italic_',
  '~strike~',
  '`code`',
  ':white_check_mark:',
  ' ',
  'a',
  'Z9',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
const hostileText = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

const NAMES: Names = { users: new Map(), channels: new Map() };
const render = (mrkdwn: string) => mrkdwnToHtml(mrkdwn, NAMES);

/** What mrkdwn would do with the text, in the sandbox's renderer of Slack's rules. */
function liveMarkup(html: string): string[] {
  const found: string[] = [];
  for (const tag of ['<a ', '<strong>', '<em>', '<del>', '<code', '<pre', '<br>', 'bk-mention'])
    if (html.includes(tag)) found.push(tag);
  return found;
}

const MARKERS = /[*_~`\uff0a\uff3f\uff5e\uff40]/;
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;
// Anything that could end a line or hide itself: control, separator and format characters.
const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]|[^\S ]/u;

function expectInert(out: string) {
  expect(out).not.toMatch(/[<>]/);
  expect(out).not.toMatch(BARE_AMPERSAND);
  expect(out).not.toMatch(MARKERS);
  expect(out).not.toMatch(LINE_BREAKING);
  expect(out).not.toMatch(/^(&gt;|\uff1e)/);
}

/** The characters a person reads, entities decoded. */
const shownLength = (out: string) => Array.from(out.replace(/&(amp|lt|gt);/g, '&')).length;

describe('inlineUserText: text from people and IAM, made inert for mrkdwn', () => {
  it('never leaves a link, a mention, a marker that could pair, or a line break', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = inlineUserText(text);
        expectInert(out);
        // At the start of a line, after our own label, as the approval message places a reason.
        expect(liveMarkup(render(`Reason: ${out}`))).toEqual([]);
        expect(liveMarkup(render(out))).toEqual([]);
        expect(render(`*Reason*\n${out}`).match(/<strong>/g)).toHaveLength(1);
      }),
      RUNS,
    );
  });

  it('is bounded: at most max characters shown, with the soft hyphen before a quote', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 120 }), (text, max) => {
        expect(shownLength(inlineUserText(text, max))).toBeLessThanOrEqual(max + 1);
      }),
      RUNS,
    );
  });

  it('shows ordinary text exactly as typed, on one line', () => {
    const ordinary = fc.string({
      unit: fc.constantFrom(...'abcXYZ019 .,:;!?()[]{}/+-=#@%$\'"'.split('')),
      maxLength: 60,
    });
    fc.assert(
      fc.property(ordinary, (text) => {
        expect(inlineUserText(text)).toBe(text.trim().replace(/ +/g, ' '));
      }),
      RUNS,
    );
  });

  it('renders the example of the issue as one plain line', () => {
    const out = inlineUserText('reason\n*Owner:* root <http://evil|runbook>');
    expect(out).toBe('reason \u2217Owner:\u2217 root &lt;http://evil|runbook&gt;');
    expect(render(out)).toBe('reason ∗Owner:∗ root &lt;http://evil|runbook&gt;');
  });

  it('keeps a leading quote mark from quoting', () => {
    expect(inlineUserText('> quoted')).toBe('\u00ad&gt; quoted');
    expect(inlineUserText('\n\n＞ quoted')).toBe('\u00ad＞ quoted');
  });
});

describe('code: a name or id in a code span', () => {
  it('is one code span with nothing live inside, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = code(text);
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        const inner = out.slice(1, -1);
        expect(inner).not.toMatch(/[`\uff40<>]/);
        expect(inner).not.toMatch(BARE_AMPERSAND);
        expect(inner).not.toMatch(LINE_BREAKING);
        const html = render(`${out} of ${code('alice')}`);
        expect(html.match(/<code/g)).toHaveLength(2);
        expect(liveMarkup(html.replace(/<code class="bk-code">[^<]*<\/code>/g, ''))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('keeps snake_case and the other IAM name characters as they are', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\w+=,.@-]{1,64}$/), (name) => {
        expect(code(name)).toBe(`\`${name}\``);
      }),
      RUNS,
    );
  });

  it('inlineCodeText is one bounded line', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 80 }), (text, max) => {
        const out = inlineCodeText(text, max);
        expect(out).not.toMatch(LINE_BREAKING);
        expect(shownLength(out)).toBeLessThanOrEqual(max);
        expect(oneLine(text, max)).not.toMatch(LINE_BREAKING);
      }),
      RUNS,
    );
  });
});

describe('formatLastUse: IAM service and region', () => {
  it('shows them inert', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (service, region) => {
        const out = formatLastUse({ at: new Date('2026-06-01T00:00:00Z'), service, region }, NOW);
        expectInert(out);
      }),
      RUNS,
    );
  });
});

// The builders that show a person's words to others: every mrkdwn text they make.
function mrkdwnTexts(blocks: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') texts.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return texts;
}

const REQUESTER = 'U0ALICE' as SlackUserId;

function request(reason: string, outcome: string, state: ApprovalRequest['state']): ApprovalRequest {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    state,
    keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
    owner: 'alice' as IamUserName,
    requestedBy: REQUESTER,
    reason,
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 86_400_000),
    required: 1,
    approvals: [],
    history: [],
    key: { status: 'Active', createdAt: new Date('2026-01-01T00:00:00Z') },
    // A stored detail is text from IAM or a person: the hostile part of an outcome.
    outcome: { kind: 'deletion-failed', by: 'system', detail: outcome },
    version: 1,
  };
}

/** Every < in our builders' output is one of our own mentions; nothing else opens. */
const withoutOwnMentions = (text: string) => text.replace(new RegExp(`<@${REQUESTER}>`, 'g'), '');

describe('builders that show user-supplied text', () => {
  const states = fc.constantFrom<ApprovalRequest['state']>('PENDING', 'FAILED', 'REJECTED');

  it('the approval request: eight fields (seven once decided), the reason one inert line, no link or mention but the requester', () => {
    fc.assert(
      fc.property(hostileText, hostileText, states, (reason, outcome, state) => {
        const reply = approvalRequestBlocks(request(reason, outcome, state), NOW);
        const fieldsBlock = reply.blocks[1] as { fields: { text: string }[] };
        // Expires is news only while the request is pending.
        expect(fieldsBlock.fields).toHaveLength(state === 'PENDING' ? 8 : 7);
        for (const field of fieldsBlock.fields) expect(field.text.split('\n')).toHaveLength(2);
        const reasonField = fieldsBlock.fields[6]?.text ?? '';
        expect(reasonField.startsWith('*Reason*\n')).toBe(true);
        if (oneLine(reason) !== '') expectInert(reasonField.slice('*Reason*\n'.length));
        for (const text of mrkdwnTexts(reply.blocks)) {
          expect(withoutOwnMentions(text)).not.toMatch(/[<>]/);
          expect(render(withoutOwnMentions(text))).not.toContain('<a ');
        }
      }),
      RUNS,
    );
  });

  it('marks every mrkdwn object verbatim, so Slack auto-links no bare URL or #channel in it', () => {
    const reply = approvalRequestBlocks(request('see http://evil.example #general', 'x', 'PENDING'), NOW);
    const objects: Record<string, unknown>[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.type === 'mrkdwn') objects.push(record);
        Object.values(record).forEach(walk);
      }
    };
    walk(reply.blocks);
    expect(objects.length).toBeGreaterThan(8);
    for (const object of objects) expect(object.verbatim).toBe(true);
  });

  it("the requester's DM and a closed invitation: one line, nothing live", () => {
    fc.assert(
      fc.property(hostileText, (outcome) => {
        const told = requestOutcomeBlocks(request('r', outcome, 'FAILED'));
        const closed = closedInvitationBlocks(
          {
            id: 'i',
            owner: 'alice' as IamUserName,
            invitedBy: REQUESTER,
            expiresAt: NOW,
          } as unknown as Invitation,
          outcome,
        );
        for (const text of [...mrkdwnTexts(told.blocks), ...mrkdwnTexts(closed.blocks)]) {
          expect(text).not.toMatch(/[<>\n]/);
          expect(liveMarkup(render(text).replace(/<code class="bk-code">[^<]*<\/code>/g, ''))).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('the audit trail: one line per event, whatever the details', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 25 }), (details) => {
        const events: AuditEvent[] = details.map((detail) => ({
          at: NOW,
          actor: REQUESTER,
          action: 'request-deletion',
          outcome: 'ok',
          owner: 'alice' as IamUserName,
          keyId: 'AKIAIOSFODNN7EXAMPLE' as KeyId,
          detail,
        }));
        // Every section of event lines (the last mrkdwn text is the page's own context line).
        const text = mrkdwnTexts(auditPageBlocks({ items: events }, { all: true }).blocks)
          .slice(0, -1)
          .join('\n');
        expect(text.split('\n')).toHaveLength(events.length);
        expect(withoutOwnMentions(text)).not.toMatch(/[<>]/);
        // Nothing in a line is bold: no detail can draw emphasis of its own.
        expect(render(text)).not.toContain('<strong>');
      }),
      RUNS,
    );
  });

  it('usage problems echo what was typed as one code span at most', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        for (const problem of [
          usageProblemText({ problem: 'bad-user', text }),
          usageProblemText({ problem: 'bad-key-id', text }),
          usageProblemText({ problem: 'unknown-subcommand', word: text }),
        ]) {
          expect(problem).not.toMatch(/[<>\n]/);
          expect(problem.match(/`/g)).toHaveLength(2);
        }
      }),
      RUNS,
    );
  });
});

describe('the one rule for typed text, wherever it enters', () => {
  // The rule written out again, so the implementation is held to it: controls but tab, LF and CR;
  // invisible format characters; line and paragraph separators; lone surrogates.
  const REFUSED =
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|\p{Cf}|\p{Cs}/u;
  const KEY = 'AKIAIOSFODNN7EXAMPLE';

  it('accepts only text without refused characters, and no longer than the limit once trimmed', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 0, max: 400 }), (text, max) => {
        const problem = userTextProblem(text, max);
        if (REFUSED.test(text)) expect(problem).toBe('control-characters');
        else if (text.trim().length > max) expect(problem).toBe('too-long');
        else expect(problem).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('a reason typed in /keys delete and in the modal is refused or stored alike', () => {
    // Slack escapes &, < and > in command text only; the rule is about the other characters.
    const reasonText = hostileText.map((text) => text.replace(/[&<>]/g, ''));
    fc.assert(
      fc.property(reasonText, (reason) => {
        const command = parseKeysCommand(`delete ${KEY} ${reason}`);
        const modalError = userTextInputError(reason, MAX_REASON_LENGTH);
        expect(command.ok).toBe(modalError === undefined);
        if (command.ok && command.command.kind === 'delete')
          expect(command.command.reason ?? '').toBe(reason.trim());
      }),
      RUNS,
    );
  });

  it('the audit CSV shows every hidden character of a stored event and starts no formula', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileText, hostileText), { minLength: 1, maxLength: 10 }), (pairs) => {
        const events: AuditEvent[] = pairs.map(([owner, detail]) => ({
          at: NOW,
          actor: REQUESTER,
          action: 'request-deletion',
          outcome: 'ok',
          owner: owner as IamUserName,
          detail,
        }));
        const rows = parse(auditCsvRows(events)) as string[][];
        expect(rows).toHaveLength(events.length);
        for (const cell of rows.flat()) {
          expect(cell).not.toMatch(REFUSED);
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
      }),
      RUNS,
    );
  });
});
