import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import type { HomeKey, HomeState, ReportStatus } from '../../../../src/features/home/domain/home-state';
import { noKeysText } from '../../../../src/features/home/slack/home-texts';
import { sortWorstFirst, withStaleReasons } from '../../../../src/features/home/domain/worst-first';
import { done } from '../../../../src/kernel/outcome';
import type { IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import {
  HOME_BLOCK_LIMIT,
  HOME_DEACTIVATE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_ROTATE_ACTION,
  homeView,
  HOME_APPROVE_ACTION,
  HOME_REJECT_ACTION,
  homeDecisionValue,
} from '../../../../src/features/home/slack/home';
import {
  IDENTITY_UNCONFIRMED_HOME,
  moreKeysText,
  moreRequestsText,
  MY_KEYS_HEADER,
  STRANGER_HOME,
} from '../../../../src/features/home/slack/home-texts';
import { buttons } from '../../../support/home';

const NOW = new Date('2026-12-02T12:00:00Z');
const DAY = 86_400_000;
const ME = 'U0ADMIN' as SlackUserId;
const THRESHOLDS = { maxAgeDays: 90, maxUnusedDays: 30 };

function key(n: number, ageDays: number, status: 'Active' | 'Inactive' = 'Active'): HomeKey {
  return withStaleReasons(
    {
      owner: 'ada' as IamUserName,
      keyId: `AKIA${String(n).padStart(16, '0')}` as KeyId,
      status,
      createdAt: new Date(NOW.getTime() - ageDays * DAY),
      lastUse: { at: new Date(NOW.getTime() - DAY), service: 's3', region: 'eu-west-1' },
      account: { name: `acct-${Math.floor(n / 2)}` },
    },
    THRESHOLDS,
    NOW,
  );
}

function request(n: number, by: string, reason = 'old laptop'): ApprovalRequest {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    account: 'prod',
    accountId: '111111111111',
    state: 'PENDING',
    keyId: `AKIAREQ${String(n).padStart(13, '0')}` as KeyId,
    owner: 'bob' as IamUserName,
    requestedBy: by as SlackUserId,
    reason,
    createdAt: new Date(NOW.getTime() - 3 * 3_600_000),
    expiresAt: new Date(NOW.getTime() + 21 * 3_600_000),
    required: 1,
    approvals: [],
    history: [],
    key: { status: 'Active', createdAt: new Date(NOW.getTime() - 100 * DAY) },
    message: { channel: 'C0APPROVALS', ts: `1700000000.${String(n).padStart(6, '0')}` },
    version: 1,
  };
}

function report(index: number): ReportStatus {
  return {
    index,
    channel: 'C0SECOPS',
    schedule: '0 9 * * MON',
    timezone: 'UTC',
    last: {
      report: `${index}.C0SECOPS`,
      index,
      channel: 'C0SECOPS',
      ranAt: NOW,
      generatedAt: NOW,
      staleKeys: 2,
      accounts: [{ name: 'home', staleKeys: 2, scannedKeys: 9 }],
    },
  };
}

function person(overrides: Partial<Extract<HomeState, { kind: 'person' }>> = {}): HomeState {
  return {
    kind: 'person',
    slackUserId: ME,
    isAdmin: true,
    isApprover: true,
    keys: {
      kind: 'listed',
      value: { owner: 'ada' as IamUserName, keys: [], unreadable: [], absentFrom: [] },
    },
    myRequests: done([]),
    deletionEnabled: true,
    ...overrides,
  };
}

const text = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);
const inJson = (value: string) => JSON.stringify(value).slice(1, -1);
const linkTo = (message: { channel: string; ts: string }) =>
  `https://sandbox.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;

describe('the Home view', () => {
  it('with 60 keys and every section full, stays within 100 blocks, worst first, counting the rest', () => {
    const keys = sortWorstFirst(Array.from({ length: 60 }, (_, n) => key(n, n % 2 === 0 ? 40 + n * 2 : 5)));
    const view = homeView(
      person({
        keys: {
          kind: 'listed',
          value: { owner: 'ada' as IamUserName, keys, unreadable: [], absentFrom: [] },
        },
        myRequests: done(Array.from({ length: 12 }, (_, n) => request(n, ME))),
        awaiting: done(Array.from({ length: 20 }, (_, n) => request(100 + n, 'U0ALICE'))),
        reports: done(Array.from({ length: 7 }, (_, n) => report(n))),
      }),
      { now: NOW, notice: 'Done.', linkTo },
    );
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
    const shown = view.blocks.filter(
      (block) => block.type === 'actions' && String(block.block_id ?? '').startsWith('home-key:'),
    );
    expect(shown.length).toBeGreaterThanOrEqual(20);
    // The stale keys (over 90 days) first, the oldest first.
    expect(keys[0]?.stale).toEqual(['too-old']);
    expect(text(view).indexOf(keys[0]!.keyId)).toBeLessThan(text(view).indexOf(keys[1]!.keyId));
    expect(text(view)).toContain(inJson(moreKeysText(60 - shown.length)));
    expect(text(view)).toContain(inJson(moreRequestsText(2))); // 12 of mine, 10 shown
    expect(text(view)).toContain(inJson(moreRequestsText(8))); // 20 awaiting, 12 shown
    // The schedule in words, not as cron.
    expect(text(view)).toContain('At 09:00, only on Monday (UTC)');
    expect(text(view)).not.toContain('0 9 * * MON');
  });

  it('offers Rotate only on an account’s sole active key; Approve… and Reject… only for a posted request', () => {
    const view = homeView(
      person({
        keys: {
          kind: 'listed',
          value: {
            owner: 'ada' as IamUserName,
            keys: [key(0, 10), key(1, 20), key(2, 5)],
            unreadable: [],
            absentFrom: [],
          },
        },
        awaiting: done([request(1, 'U0ALICE'), { ...request(2, 'U0ALICE'), message: undefined }]),
      }),
      { now: NOW, linkTo },
    );
    const elements = buttons(view);
    const rotate = elements.filter((element) => element.action_id === HOME_ROTATE_ACTION);
    expect(rotate.map((element) => JSON.parse(element.value ?? '{}').keyId)).toEqual([key(2, 5).keyId]);
    expect(elements.filter((element) => element.action_id === HOME_DEACTIVATE_ACTION)).toHaveLength(3);
    const links = elements.filter((element) => element.action_id === HOME_OPEN_REQUEST_ACTION);
    expect(links.map((element) => element.url)).toEqual([linkTo(request(1, 'U0ALICE').message!)]);
    expect(elements.some((element) => element.action_id?.startsWith('approval.'))).toBe(false);
    // The decision buttons carry the request and its own message, for the decision modal.
    const approve = elements.filter((element) => element.action_id === HOME_APPROVE_ACTION);
    const reject = elements.filter((element) => element.action_id === HOME_REJECT_ACTION);
    expect(approve.map((element) => element.value)).toEqual([
      homeDecisionValue(request(1, 'U0ALICE').id, request(1, 'U0ALICE').message!),
    ]);
    expect(reject).toHaveLength(1);
  });

  it('shows a reason as text, unable to mention or format', () => {
    const view = homeView(
      person({ myRequests: done([request(1, ME, '<!channel> *urgent*\n*Owner:* root')]) }),
      {
        now: NOW,
      },
    );
    expect(text(view)).not.toContain('<!channel>');
    expect(text(view)).toContain('&lt;!channel&gt;');
    expect(text(view)).not.toContain('*Owner:*');
  });

  it('someone with no keys is told so once, not with a count of none and a list of accounts besides', () => {
    const none = homeView(
      person({
        keys: {
          kind: 'listed',
          value: { owner: 'ada' as IamUserName, keys: [], unreadable: [], absentFrom: [{ name: 'prod' }] },
        },
      }),
      { now: NOW },
    );
    expect(text(none)).toContain(inJson(noKeysText('ada')));
    expect(text(none)).not.toContain('0 access keys');
    expect(text(none)).not.toContain('No IAM user of yours');
  });

  it('a stranger sees the explanation only; an unconfirmed identity sees why, and no keys', () => {
    const stranger = homeView({ kind: 'stranger', slackUserId: 'U0SAM' as SlackUserId }, { now: NOW });
    expect(text(stranger)).toContain(inJson(STRANGER_HOME));
    expect(text(stranger)).not.toContain(MY_KEYS_HEADER);
    const unconfirmed = homeView(person({ keys: { kind: 'identity-unconfirmed' } }), { now: NOW });
    expect(text(unconfirmed)).toContain(inJson(IDENTITY_UNCONFIRMED_HOME));
    expect(unconfirmed.blocks.some((block) => block.type === 'actions')).toBe(false);
  });
});
