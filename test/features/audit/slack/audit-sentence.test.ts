import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { auditSentence } from '../../../../src/features/audit/slack/audit-sentence';

const AT = new Date('2026-12-07T09:41:12.345Z');
const ALICE = 'U0ALICE' as SlackUserId;
const ADA = 'U0ADMIN' as SlackUserId;
const KEY = 'AKIAIOSFODNN7EXAMPLE' as KeyId;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return { at: AT, actor: ALICE, action: 'list', outcome: 'ok', ...overrides };
}

describe('an audit event as a sentence (issue 26, item 6)', () => {
  it("says alice's refused read of bob's keys as people would", () => {
    const text = auditSentence(
      event({ outcome: 'refused', owner: 'bob' as IamUserName, account: 'prod', detail: 'not-allowed' }),
    );
    expect(text).toBe("7 Dec 2026, 09:41 UTC · <@U0ALICE> listed `bob`'s keys in prod: refused, not theirs.");
  });

  it("says a report button's refusal in words, never its code", () => {
    const text = auditSentence(
      event({
        actor: ADA,
        action: 'report',
        outcome: 'refused',
        owner: 'bob' as IamUserName,
        detail: 'deactivate: key-gone',
      }),
    );
    expect(text).toContain('<@U0ADMIN> used Deactivate from the stale report on a key of `bob`');
    expect(text).toContain('refused, the key was already deleted');
    expect(text).not.toContain('key-gone');
  });

  it('names a report run by its channel, not by its internal id', () => {
    const nudges = auditSentence(
      event({ actor: 'system', action: 'report', detail: '0.C0SECOPS: 3 owners nudged' }),
    );
    expect(nudges).toContain('Keywarden nudged key owners for the stale report to <#C0SECOPS>');
    expect(nudges).not.toContain('0.C0SECOPS');
    const run = auditSentence(
      event({
        actor: ADA,
        action: 'report',
        detail: 'stale report to C0SECOPS: 4 stale keys (credential-report)',
      }),
    );
    expect(run).toContain('<@U0ADMIN> ran the stale report to <#C0SECOPS> (4 stale keys');
  });

  it('writes the times a detail holds as people read them', () => {
    const text = auditSentence(
      event({
        action: 'snooze',
        keyId: KEY,
        owner: 'alice' as IamUserName,
        detail: 'key created 2026-01-02T03:04:05.000Z snoozed 14 days until 2026-12-21T09:41:12.345Z: INC-77',
      }),
    );
    expect(text).not.toMatch(ISO);
    expect(text).toContain('the key created 2 Jan 2026, for 14 days until 21 Dec 2026; reason: “INC-77”');
  });

  it("quotes a person's reason as they wrote it: no code reworded, no mention, no formatting", () => {
    const text = auditSentence(
      event({
        action: 'request-deletion',
        keyId: KEY,
        detail: 'key-gone <@U0ADMIN> U0ADMIN1 *now*',
      }),
    );
    expect(text).toContain('key-gone');
    expect(text).not.toContain('<@U0ADMIN>');
    expect(text).not.toContain('<@U0ADMIN1>');
    expect(text).not.toContain('*now*');
  });

  it('says a refusal recorded without a reason, rather than nothing', () => {
    expect(auditSentence(event({ action: 'audit', outcome: 'refused' }))).toContain(
      'read the audit trail: refused, no reason recorded.',
    );
  });
});
