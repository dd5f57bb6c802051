import type { UsageProblem } from '../../../features/command/slack/parse-keys-command';
import type { Refusal } from '../../../kernel/outcome';
import { accountText, code } from './format';
import { inlineUserText } from './user-text';
import {
  noLongerStaleText,
  REPORTED_KEY_GONE,
  REPORTED_KEY_NOT_ACTIVE,
} from '../../../features/reports/slack/stale-texts';

/** The words people see when something is refused. Tests assert on these constants. */
export const USAGE_LINE =
  'Usage: `/keys help | list [USER] | last-used KEY_ID | create [USER] | activate KEY_ID | deactivate KEY_ID | delete KEY_ID [reason] | rotate [USER] | stale | approvals | audit [USER | KEY_ID] | audit export [DAYS]`';
export const NOT_ALLOWED = "You don't have the right to do that. Ask an admin of Keywarden if you need it.";
export const NO_IDENTITY =
  'Your Slack account is not mapped to an IAM user, so there is nothing of yours to show. Name a user: `/keys list USER`.';
export const IDENTITY_UNCONFIRMED =
  'Slack could not confirm who you are right now, so nothing was changed. Please try again shortly.';
export function ownerUnconfirmedText(user: string): string {
  return `Could not confirm who owns ${code(user)}; nothing was changed. Please try again shortly.`;
}
export function noOwnerText(user: string): string {
  return (
    `${code(user)} is not mapped to a Slack person and is not a service user, so Keywarden makes no key for it. ` +
    'An admin can map it in `identity.users` or name it in `identity.serviceUsers`.'
  );
}
export function deactivatedByAdminText(by: string, at: Date): string {
  return (
    `This key was deactivated by <@${by}> on ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
    'so only an admin of Keywarden can activate it again. Nothing was changed.'
  );
}
export const IAM_THROTTLED =
  'AWS IAM is throttling requests right now. Nothing was changed; please try again in a minute.';
export const IAM_DENIED =
  "Keywarden's AWS credentials are not allowed to do that in IAM. Nothing was changed.";
export function accountUnavailableText(why: string): string {
  return `${inlineUserText(why)}. Nothing was changed there; the other accounts are not affected.`;
}
export function unknownAccountText(name: string, known: string[]): string {
  return `There is no managed account ${code(name)}. The accounts are: ${known.map(code).join(', ')}.`;
}
export function accountNotManagedText(account?: string, accountId?: string): string {
  const named = [account && code(account), accountId && `(${accountId})`].filter(Boolean).join(' ');
  return (
    `That was for the AWS account ${named || 'it was made in'}, which Keywarden no longer manages. ` +
    'Nothing was done, in that account or any other. Ask an admin of Keywarden.'
  );
}
export const IAM_UNAVAILABLE = 'AWS IAM could not be reached. Nothing was changed; please try again shortly.';
export const SOMETHING_WENT_WRONG =
  'Something went wrong on our side, and it has been logged. Nothing was changed.';

export const STORE_UNAVAILABLE =
  "Keywarden's store could not be reached. Nothing was changed; please try again shortly.";
export const APPROVALS_NOT_CONFIGURED =
  'Deletion requests are not set up: the policy file has no `approvals.channel`. Ask an admin of Keywarden.';
export const NO_SUCH_REQUEST = 'That deletion request does not exist.';
export const REQUEST_EXPIRED =
  'That deletion request has expired. Nothing was deleted; ask again if it is still needed.';
export const SELF_APPROVAL = 'You cannot approve or reject your own request: someone else must.';
export const NOT_APPROVER = 'Only approvers can approve or reject deletion requests.';
export function reasonRequiredText(pattern?: string): string {
  return (
    'A deletion needs a reason: `/keys delete KEY_ID reason`' +
    (pattern ? `, matching ${code(pattern)} (for example a ticket id like INC-123)` : '') +
    '. Nothing was requested.'
  );
}
export function reasonMismatchText(pattern: string): string {
  return `The reason must match ${code(pattern)}: for example, start with a ticket id like INC-123. Nothing was requested.`;
}
export const NOT_REQUESTER =
  'Only the person who asked for this deletion can withdraw it. Nothing was changed.';
export const ALREADY_APPROVED = 'You have already approved this request; it needs another approver.';
export const APPROVAL_POST_FAILED =
  'The request could not be posted to the approvals channel, so it was withdrawn. Nothing was deleted.';
export const WRONG_MESSAGE = 'That button does not belong to this request. Nothing was changed.';
export const BAD_PAGE_BUTTON =
  'That page button is not one Keywarden made, so nothing was read. Run the command again.';
export const BEING_DELETED = 'That key is being deleted right now. Nothing else was changed.';

const STATE_WORDS: Record<string, string> = {
  APPROVED: 'already approved',
  EXECUTED: 'already carried out',
  FAILED: 'already finished (the deletion failed)',
  REJECTED: 'already rejected',
  EXPIRED: 'expired',
};

export const DELIVERY_FAILED_ROLLED_BACK =
  'The new secret could not be delivered to its owner, so the new key was deleted again. Nothing else changed; please try again.';
export const DELIVERY_FAILED_NO_KEY = 'Could not reach the key owner in Slack, so no key was made.';
export const CREATE_UNCLEAR_UNCHECKED =
  'IAM did not answer clearly, and Keywarden could not check afterwards whether a key was made. It will check again shortly and deactivate any key whose secret nobody saw. Please try again in a few minutes.';

/** A rollback that failed: name the key and say what is true of it, never "no key was made". */
export function deliveryFailedText(keyId: string, keyState: 'deleted' | 'Active' | 'Inactive'): string {
  if (keyState === 'deleted') return DELIVERY_FAILED_ROLLED_BACK;
  const state =
    keyState === 'Inactive'
      ? 'could not be deleted, so it was deactivated: it exists and is *inactive*'
      : 'could neither be deleted nor deactivated: it exists and is still *active*, with a secret nobody has seen';
  return (
    `The new secret could not be delivered, and the new key ${code(keyId)} ${state}. ` +
    'Keywarden will keep trying to delete it; an admin can check with `/keys audit ' +
    keyId +
    '`.'
  );
}
export const NO_SUCH_INVITATION = 'That invitation does not exist.';
export const INVITATION_EXPIRED = 'That invitation has expired. Ask an admin for a new one.';
export const INVITATION_USED = 'That invitation was already used. A key is made only once per invitation.';
export const NOT_YOUR_INVITATION = 'Only the owner of the key can use this invitation.';
export const NO_SUCH_ROTATION = 'That rotation does not exist.';
export const ROTATION_STEP_DONE =
  'That step of the rotation is already done (or not yet possible). Nothing was changed.';
export const NEW_KEY_NOT_USED_YET =
  "The new key has not been used yet. Switch your systems to it first; the old key stays active until then. Use 'Refresh' to check again.";

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

export function keyLimitText(owner: string, keys: { keyId: string; status: string }[]): string {
  const list = keys.map((key) => `${code(key.keyId)} (${key.status.toLowerCase()})`).join(', ');
  return (
    `${code(owner)} already has two access keys, the most IAM allows: ${list}. ` +
    'Deactivate one and request its deletion (`/keys deactivate KEY_ID`, then `/keys delete KEY_ID`) first.'
  );
}

export function noSuchUser(user: string): string {
  return `There is no IAM user ${code(user)}.`;
}

export function noSuchKey(keyId: string): string {
  return `There is no access key ${code(keyId)} in this account.`;
}
export function keyInSeveralAccountsText(keyId: string, accounts: { name: string; id?: string }[]): string {
  return (
    `Access key ${code(keyId)} is listed in more than one account (${accounts.map(accountText).join(', ')}), ` +
    'so Keywarden cannot tell which one holds it. Nothing was done. Ask an admin of Keywarden.'
  );
}

export function refusalText(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'not-allowed':
      return NOT_ALLOWED;
    case 'no-identity':
      return NO_IDENTITY;
    case 'identity-unconfirmed':
      return IDENTITY_UNCONFIRMED;
    case 'owner-unconfirmed':
      return ownerUnconfirmedText(refusal.user);
    case 'no-owner':
      return noOwnerText(refusal.user);
    case 'unmapped-slack-user':
      return `<@${refusal.slackUser}> is not mapped to an IAM user. Name the IAM user instead.`;
    case 'no-such-user':
      return noSuchUser(refusal.user);
    case 'no-such-key':
      return noSuchKey(refusal.keyId);
    case 'key-in-several-accounts':
      return keyInSeveralAccountsText(refusal.keyId, refusal.accounts);
    case 'deactivated-by-admin':
      return deactivatedByAdminText(refusal.by, refusal.at);
    case 'iam-throttled':
      return IAM_THROTTLED;
    case 'iam-denied':
      return IAM_DENIED;
    case 'iam-unavailable':
      return IAM_UNAVAILABLE;
    case 'account-unavailable':
      return accountUnavailableText(refusal.why);
    case 'unknown-account':
      return unknownAccountText(refusal.name, refusal.known);
    case 'account-not-managed':
      return accountNotManagedText(refusal.account, refusal.accountId);
    case 'store-unavailable':
      return STORE_UNAVAILABLE;
    case 'approvals-not-configured':
      return APPROVALS_NOT_CONFIGURED;
    case 'no-such-request':
      return NO_SUCH_REQUEST;
    case 'not-pending':
      if (refusal.state === 'EXECUTING') return BEING_DELETED;
      return `That request is ${STATE_WORDS[refusal.state] ?? refusal.state.toLowerCase()}. Nothing was changed.`;
    case 'expired':
      return REQUEST_EXPIRED;
    case 'self-approval':
      return SELF_APPROVAL;
    case 'not-approver':
      return NOT_APPROVER;
    case 'not-requester':
      return NOT_REQUESTER;
    case 'reason-required':
      return reasonRequiredText(refusal.pattern);
    case 'reason-mismatch':
      return reasonMismatchText(refusal.pattern);
    case 'already-approved':
      return ALREADY_APPROVED;
    case 'already-requested':
      return alreadyRequestedText(refusal.link, refusal.channel);
    case 'approval-post-failed':
      return APPROVAL_POST_FAILED;
    case 'wrong-message':
      return WRONG_MESSAGE;
    case 'key-limit':
      return keyLimitText(refusal.owner, refusal.keys);
    case 'dm-unavailable':
      return DELIVERY_FAILED_NO_KEY;
    case 'delivery-failed':
      return deliveryFailedText(refusal.keyId, refusal.keyState);
    case 'create-unclear':
      if (!refusal.checked) return CREATE_UNCLEAR_UNCHECKED;
      return refusal.deactivated.length > 0
        ? `IAM did not answer clearly. A key that appeared without its secret being shown was deactivated: ${refusal.deactivated
            .map(code)
            .join(', ')}. Please try again.`
        : 'IAM did not answer clearly, and no new key appeared. Nothing was changed; please try again.';
    case 'no-such-invitation':
      return NO_SUCH_INVITATION;
    case 'invitation-expired':
      return INVITATION_EXPIRED;
    case 'invitation-used':
      return INVITATION_USED;
    case 'not-your-invitation':
      return NOT_YOUR_INVITATION;
    case 'nothing-to-rotate':
      return `${code(refusal.owner)} has no access key to rotate. Use \`/keys create\` to make one.`;
    case 'rotation-needs-room':
      return `${keyLimitText(refusal.owner, refusal.keys)} Rotation needs room for the new key.`;
    case 'no-such-rotation':
      return NO_SUCH_ROTATION;
    case 'rotation-step-done':
      return ROTATION_STEP_DONE;
    case 'new-key-not-used-yet':
      return NEW_KEY_NOT_USED_YET;
    case 'reported-key-gone':
      return REPORTED_KEY_GONE;
    case 'reported-key-not-active':
      return REPORTED_KEY_NOT_ACTIVE;
    case 'reported-key-no-longer-stale':
      return noLongerStaleText(refusal.lastUsedAt);
  }
}

/** `audit export abc`: the word after `export` is always the period. */
export function badDaysText(text: string): string {
  return (
    `${code(text)} is not a number of days: \`/keys audit export [DAYS]\` takes 1 to 400 (default 30). ` +
    'To see the trail of an IAM user named "export", name its account: `/keys audit export@ACCOUNT`.'
  );
}

/** Echoed input is cut short and shown as code, so hostile text is neither long nor live. */
export function usageProblemText(usage: UsageProblem): string {
  switch (usage.problem) {
    case 'too-long':
      return 'That command is too long.';
    case 'control-characters':
      return 'That command contains control characters.';
    case 'unknown-subcommand':
      return `Unknown subcommand ${code(usage.word)}.`;
    case 'missing-argument':
      return `Missing ${usage.expected}.`;
    case 'bad-user':
      return `${code(usage.text.slice(0, 64))} is not a valid IAM user name.`;
    case 'bad-key-id':
      return `${code(usage.text.slice(0, 128))} is not a valid access key id.`;
    case 'too-many-arguments':
      return `Too many arguments for \`${usage.subcommand === 'audit-export' ? 'audit export' : usage.subcommand}\`.`;
    case 'reason-too-long':
      return 'The reason is too long (300 characters at most).';
    case 'bad-days':
      return badDaysText(usage.text);
  }
}
