import type { ApprovalRefusal } from '../domain/refusals';
import { registerRefusalTexts, type RefusalTexts } from '../../../platform/slack/blocks/refusal-texts';

/** The words of the deletion requests' own refusals. Tests assert on these constants. */
export const APPROVALS_NOT_CONFIGURED =
  'Deletion requests are not set up: the policy file has no `approvals.channel`. Ask an admin of Keywarden.';
export const NO_SUCH_REQUEST = 'That deletion request does not exist.';
export const REQUEST_EXPIRED =
  'That deletion request has expired. Nothing was deleted; ask again if it is still needed.';
export const SELF_APPROVAL = 'You cannot approve or reject your own request: someone else must.';
export const NOT_APPROVER = 'Only approvers can approve or reject deletion requests.';
export function reasonRequiredText(hint?: string): string {
  return `A deletion needs a reason: \`/keys delete KEY_ID reason\`.${hint ? ` ${hint}` : ''} Nothing was requested.`;
}
export function reasonMismatchText(hint?: string): string {
  return `That reason does not follow the policy.${hint ? ` ${hint}` : ''} Nothing was requested.`;
}
export const NOT_REQUESTER =
  'Only the person who asked for this deletion can withdraw it. Nothing was changed.';
export const ALREADY_APPROVED = 'You have already approved this request; it needs another approver.';
export const APPROVAL_POST_FAILED =
  'The request could not be posted to the approvals channel, so it was withdrawn. Nothing was deleted.';
export const WRONG_MESSAGE = 'That button does not belong to this request. Nothing was changed.';
/** Shown only where no step-up prompt is registered to offer the way to verify (never in a running bot). */
export const STEP_UP_REQUIRED =
  'This approval counts only after you verify with your identity provider. Nothing was changed.';
export const BEING_DELETED = 'That key is being deleted right now. Nothing else was changed.';

const STATE_WORDS: Record<string, string> = {
  APPROVED: 'already approved',
  EXECUTED: 'already carried out',
  FAILED: 'already finished (the deletion failed)',
  REJECTED: 'already rejected',
  EXPIRED: 'expired',
};

/** Where the open request is: its message's permalink, else its channel; only well-formed ones. */
export function alreadyRequestedText(link?: string, channel?: string): string {
  const where =
    link && /^https?:\/\/[^\s<>|]+$/.test(link)
      ? `: <${link}|see the request>`
      : channel && /^[CG][A-Z0-9]+$/.test(channel)
        ? ` in <#${channel}>`
        : '';
  return `A deletion request for that key is already open${where}. It is waiting for approval; nothing else was requested.`;
}

export const APPROVAL_REFUSAL_TEXTS: RefusalTexts<ApprovalRefusal> = {
  'approvals-not-configured': () => APPROVALS_NOT_CONFIGURED,
  'no-such-request': () => NO_SUCH_REQUEST,
  'not-pending': ({ state }) =>
    state === 'EXECUTING'
      ? BEING_DELETED
      : `That request is ${STATE_WORDS[state] ?? state.toLowerCase()}. Nothing was changed.`,
  expired: () => REQUEST_EXPIRED,
  'self-approval': () => SELF_APPROVAL,
  'not-approver': () => NOT_APPROVER,
  'not-requester': () => NOT_REQUESTER,
  'reason-required': ({ hint }) => reasonRequiredText(hint),
  'reason-mismatch': ({ hint }) => reasonMismatchText(hint),
  'already-approved': () => ALREADY_APPROVED,
  'already-requested': ({ link, channel }) => alreadyRequestedText(link, channel),
  'approval-post-failed': () => APPROVAL_POST_FAILED,
  'wrong-message': () => WRONG_MESSAGE,
  'step-up-required': () => STEP_UP_REQUIRED,
};

registerRefusalTexts(APPROVAL_REFUSAL_TEXTS);
