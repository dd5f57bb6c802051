import { blockErrors } from '../../../../sandbox/slack/block-limits';
import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { SYSTEM_NAME } from '../../../../src/features/approvals/slack/approval-outcome';
import {
  approvalRequestBlocks,
  requestOutcomeBlocks,
} from '../../../../src/features/approvals/slack/approval-request';

const NOW = new Date('2026-11-23T10:00:00Z');

function request(overrides: Partial<ApprovalRequest>): ApprovalRequest {
  return {
    id: '6f1d2c3b-4a59-4877-9c1e-0123456789ab',
    state: 'PENDING',
    keyId: 'AKIAEXAMPLEKEY000001' as KeyId,
    owner: 'alice' as IamUserName,
    requestedBy: 'U0ALICE' as SlackUserId,
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    required: 1,
    approvals: [],
    history: [],
    key: { status: 'Active', createdAt: new Date('2025-01-01T00:00:00Z') },
    version: 3,
    ...overrides,
  };
}

/** Every mrkdwn text of the blocks: where Slack turns `<@U..>` into a mention. */
function mrkdwnTexts(blocks: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(blocks, (key, value: unknown) => {
    const text = value as { type?: string; text?: unknown };
    if (text && typeof text === 'object' && text.type === 'mrkdwn' && typeof text.text === 'string') {
      found.push(text.text);
    }
    return value;
  });
  return found;
}

describe('approval request blocks', () => {
  it('renders who rejected as a real mention, not as escaped text', () => {
    const rejected = request({
      state: 'REJECTED',
      outcome: { kind: 'rejected', by: 'U0APPROVER' as SlackUserId },
    });
    const { blocks } = approvalRequestBlocks(rejected, NOW);
    const texts = mrkdwnTexts(blocks);
    expect(texts.some((text) => text.includes('rejected by <@U0APPROVER>'))).toBe(true);
    expect(JSON.stringify(blocks)).not.toContain('&lt;@');
    expect(blockErrors(blocks)).toEqual([]);
    expect(requestOutcomeBlocks(rejected).text).toContain('rejected by <@U0APPROVER>');
  });

  it('a deletion carried out names the approver whose decision it was', () => {
    const executed = request({
      state: 'EXECUTED',
      approvals: [{ by: 'U0APPROVER' as SlackUserId, at: NOW }],
      outcome: { kind: 'deleted', by: 'U0APPROVER' as SlackUserId },
    });
    const texts = mrkdwnTexts(approvalRequestBlocks(executed, NOW).blocks);
    expect(texts.some((text) => text.includes('Key deleted') && text.includes('<@U0APPROVER>'))).toBe(true);
  });

  it('a 2-of-2 deletion names both approvers, and a decided card drops Expires', () => {
    const executed = request({
      state: 'EXECUTED',
      required: 2,
      approvals: [
        { by: 'U0APPROVER' as SlackUserId, at: NOW },
        { by: 'U0APPROVER2' as SlackUserId, at: NOW },
      ],
      outcome: { kind: 'deleted', by: 'U0APPROVER2' as SlackUserId },
    });
    const card = JSON.stringify(approvalRequestBlocks(executed, NOW).blocks);
    expect(card).toContain('deleted on the decision of <@U0APPROVER> and <@U0APPROVER2>');
    expect(card).not.toContain('Expires');
    expect(requestOutcomeBlocks(executed).text).toContain('<@U0APPROVER> and <@U0APPROVER2>');
    expect(JSON.stringify(approvalRequestBlocks(request({}), NOW).blocks)).toContain('Expires');
  });

  it('a pending request for an Active key warns that it still works, and says how to contain it', () => {
    const pending = JSON.stringify(approvalRequestBlocks(request({}), NOW).blocks);
    expect(pending).toContain('Still Active, never used');
    expect(pending).toContain('/keys deactivate AKIAEXAMPLEKEY000001');
    // When it was last used, in words: how urgent containment is.
    const used = request({
      key: {
        status: 'Active',
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastUsedAt: new Date(NOW.getTime() - 2 * 3_600_000 - 60_000),
      },
    });
    expect(JSON.stringify(approvalRequestBlocks(used, NOW).blocks)).toContain(
      'Still Active, last used 2 h ago',
    );
    const inactive = request({ key: { status: 'Inactive', createdAt: new Date('2025-01-01T00:00:00Z') } });
    expect(JSON.stringify(approvalRequestBlocks(inactive, NOW).blocks)).not.toContain('still Active');
    const done = request({
      state: 'REJECTED',
      outcome: { kind: 'rejected', by: 'U0APPROVER' as SlackUserId },
    });
    expect(JSON.stringify(approvalRequestBlocks(done, NOW).blocks)).not.toContain('still Active');
  });

  it('Approve asks in a red confirm: a deletion cannot be undone', () => {
    const json = JSON.stringify(approvalRequestBlocks(request({}), NOW).blocks);
    const approve =
      /"action_id":"approval\.approve","value":"[^"]+","style":"primary","confirm":(\{.*?"style":"(\w+)"\})/.exec(
        json,
      );
    expect(approve?.[2]).toBe('danger');
    expect(blockErrors(approvalRequestBlocks(request({}), NOW).blocks)).toEqual([]);
  });

  it('a stored name that is not a user id never becomes markup', () => {
    const forged = request({
      state: 'REJECTED',
      approvals: [{ by: '<!channel>' as SlackUserId, at: NOW }],
      outcome: { kind: 'deletion-failed', by: '<!here>' as SlackUserId, detail: '<!everyone> <@U0EVIL>' },
    });
    const json = JSON.stringify(approvalRequestBlocks(forged, NOW).blocks);
    for (const markup of ['<!channel>', '<!here>', '<!everyone>', '<@U0EVIL>'])
      expect(json).not.toContain(markup);
  });

  it('work nobody clicked is shown as the bot, and EXECUTING has its own line and no buttons', () => {
    const expired = request({ state: 'EXPIRED', outcome: { kind: 'withdrawn', by: 'system' } });
    expect(JSON.stringify(approvalRequestBlocks(expired, NOW).blocks)).toContain('withdrawn');
    const rejected = request({ state: 'REJECTED', outcome: { kind: 'rejected', by: 'system' } });
    expect(JSON.stringify(approvalRequestBlocks(rejected, NOW).blocks)).toContain(
      `rejected by ${SYSTEM_NAME}`,
    );
    const executing = JSON.stringify(approvalRequestBlocks(request({ state: 'EXECUTING' }), NOW).blocks);
    expect(executing).toContain('being deleted');
    expect(executing).not.toContain('approval.approve');
  });
});
