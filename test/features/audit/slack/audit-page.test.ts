import { blockErrors } from '../../../../sandbox/slack/block-limits';
import type { AuditEvent } from '../../../../src/kernel/ports/audit-log';
import type { PagePosition } from '../../../../src/kernel/page';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { AUDIT_NEXT_ACTION, auditPageBlocks } from '../../../../src/features/audit/slack/audit';
import { LIMITS } from '../../../../src/platform/slack/blocks/primitives';
import { decodeAuditPage } from '../../../../src/platform/slack/page-button';

const AT = '2026-11-23T10:00:00.000Z#6f1d2c3b-4a59-4877-9c1e-0123456789ab' as PagePosition;

describe('an audit page', () => {
  it('holds 25 events of the longest shape whole, within the block and section limits', () => {
    const events: AuditEvent[] = Array.from({ length: 25 }, (_, i) => ({
      at: new Date('2026-11-23T10:00:00Z'),
      actor: 'U0ADMINISTRATOR0000000000000' as SlackUserId,
      action: 'request-deletion',
      outcome: 'refused',
      owner: `${'o'.repeat(60)}${String(i).padStart(4, '0')}` as IamUserName,
      account: 'a'.repeat(32),
      keyId: `AKIA${'K'.repeat(120)}${String(i).padStart(4, '0')}` as KeyId,
      detail: 'd'.repeat(300),
    }));
    const reply = auditPageBlocks(
      { items: events, next: AT },
      { owner: 'o' as IamUserName, account: 'prod' },
    );
    expect(reply.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(blockErrors(reply.blocks)).toEqual([]);
    const texts = reply.blocks.flatMap((block) =>
      block.type === 'section' && block.text ? [block.text.text] : [],
    );
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const lines = texts.join('\n').split('\n');
    expect(lines).toHaveLength(25);
    for (const [i, event] of events.entries()) expect(lines[i]).toContain(event.keyId);
  });

  it("the Next button carries the page's query and position, and decodes back to them", () => {
    const reply = auditPageBlocks(
      { items: [{ at: new Date(), actor: 'system', action: 'expire', outcome: 'ok' }], next: AT },
      { owner: 'alice' as IamUserName, account: 'prod' },
    );
    const value = JSON.stringify(reply.blocks).match(
      new RegExp(`"action_id":"${AUDIT_NEXT_ACTION.replace('.', '\\.')}","value":"((?:[^"\\\\]|\\\\.)*)"`),
    )?.[1];
    expect(decodeAuditPage(JSON.parse(`"${value ?? ''}"`) as string)).toEqual({
      query: { owner: 'alice', account: 'prod' },
      at: AT,
    });
  });
});
