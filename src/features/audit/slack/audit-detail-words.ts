import { inlineUserText } from '../../../platform/slack/blocks/user-text';

/**
 * The codes Keywarden writes in an audit event's detail (a refusal's reason, a step's outcome), in
 * the words a reviewer reads. The stored detail keeps the code: streams and exports are read by tools.
 */
const CODE_WORDS: Record<string, string> = {
  'not-allowed': 'not theirs',
  'no-identity': 'no IAM user is mapped to them',
  'identity-unconfirmed': 'Slack could not confirm who they are',
  'unmapped-slack-user': 'that Slack person has no IAM user',
  'no-such-user': 'no such IAM user',
  'no-such-key': 'no such key',
  'key-in-several-accounts': 'several accounts list the key',
  'iam-throttled': 'IAM was throttling',
  'iam-denied': 'IAM denied the call',
  'iam-unavailable': 'IAM could not be reached',
  'account-unavailable': 'the account could not be reached',
  'unknown-account': 'no such account',
  'account-not-managed': 'the account is no longer managed',
  'store-unavailable': 'the store could not be reached',
  'key-gone': 'the key was already deleted',
  'reported-key-gone': 'the key was already deleted',
  'not-active': 'the key was no longer active',
  'reported-key-not-active': 'the key was no longer active',
  'no-longer-stale': 'the key was no longer stale',
  'reported-key-no-longer-stale': 'the key was no longer stale',
  'already-approved': 'they had already approved',
  'already-requested': 'a deletion was already requested',
  'approval-post-failed': 'the approval message could not be posted',
  'post-failed': 'the message could not be posted',
  'approvals-not-configured': 'approvals are not configured',
  'create-unclear': 'IAM did not say whether the key was made',
  'deactivated-by-admin': 'an admin holds the key inactive',
  'delivery-failed': 'the secret could not be delivered',
  'dm-unavailable': 'their DM could not be opened',
  expired: 'the request had expired',
  'exposure-not-configured': 'exposure response is not configured',
  'invitation-expired': 'the invitation had expired',
  'invitation-used': 'the invitation was already used',
  'key-limit': 'the user already has two keys',
  'new-key-not-used-yet': 'the new key was not used yet',
  'no-incident': 'no such incident',
  'no-owner': 'the IAM user has no confirmed owner',
  'no-such-invitation': 'no such invitation',
  'no-such-request': 'no such request',
  'no-such-rotation': 'no such rotation',
  'not-approver': 'not an approver',
  'not-pending': 'the request was no longer pending',
  'not-requester': 'not the requester',
  'not-your-invitation': 'the invitation was for someone else',
  'nothing-to-rotate': 'no key to rotate',
  'owner-unconfirmed': 'the owner could not be confirmed',
  'reactivation-step-up-required': 'a sign-in was needed first',
  'step-up-required': 'a sign-in was needed first',
  'reason-mismatch': 'the reason does not follow the rule',
  'reason-required': 'no reason was given',
  'rotation-needs-room': 'the user already has two keys',
  'rotation-step-done': 'that step was already done',
  'self-approval': 'their own request',
  'wrong-message': 'the button was on another message',
  'two-person-rule-violated': 'the two-person rule was not met',
};

const CODE = /\b[a-z]+(?:-[a-z]+)+\b/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;
/** A Slack channel id (C…, G…) or user id (U…, W…) Keywarden wrote, shown as the name Slack resolves. */
const SLACK_ID = /\b([CGUW])((?=[A-Z0-9]*\d)[A-Z0-9]{6,})\b/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "7 Dec 2026, 09:41 UTC": a time people read at a glance, the same for a team across time zones. */
export function auditWhen(at: Date, { time = true }: { time?: boolean } = {}): string {
  const day = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;
  if (!time) return day;
  const clock = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return `${day}, ${clock} UTC`;
}

/**
 * A detail Keywarden wrote, in words: its codes said, its times as people write them, the Slack ids
 * in it as mentions. Made inert first (a detail may quote IAM or an old item), so only the mentions
 * added here can link; ids are letters and digits, which escaping leaves as they are.
 */
export function detailWords(detail: string, max: number): string {
  const worded = detail
    .replace(ISO_TIME, (iso) => {
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : auditWhen(at);
    })
    .replace(CODE, (found) => CODE_WORDS[found] ?? found);
  return inlineUserText(worded, max).replace(SLACK_ID, (_id, kind: string, rest: string) =>
    kind === 'C' || kind === 'G' ? `<#${kind}${rest}>` : `<@${kind}${rest}>`,
  );
}
