import type { KernelRefusal } from '../../../kernel/outcome';
import { accountText, code } from './format';
import type { RefusalTexts } from './refusal-texts';
import { inlineUserText } from './user-text';

/**
 * The words people see when something every slice can meet is refused (the slices' own are in
 * their slack/texts.ts). Tests assert on these constants.
 */
export const NOT_ALLOWED = "You don't have the right to do that. Ask an admin of Keywarden if you need it.";
export const NO_IDENTITY =
  'Your Slack account is not mapped to an IAM user, so there is nothing of yours to show. Name a user: `/keys list USER`.';
/** Said to someone who is no admin: naming another user would only be refused. */
export const NO_IDENTITY_OF_YOURS =
  'Your Slack account is not mapped to an IAM user, so you have no keys here. If you should have, ask an admin of Keywarden to map you.';
export const IDENTITY_UNCONFIRMED =
  'Slack could not confirm who you are right now, so nothing was changed. Please try again shortly.';
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

/** Page buttons are the platform's (page-button.ts), shared by every paged listing. */
export const BAD_PAGE_BUTTON =
  'That page button is not one Keywarden made, so nothing was read. Run the command again.';

export const STORE_UNAVAILABLE =
  "Keywarden's store could not be reached. Nothing was changed; please try again shortly.";
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

/** Every kernel refusal's words: registered first, by refusal-texts.ts. */
export const KERNEL_REFUSAL_TEXTS: RefusalTexts<KernelRefusal> = {
  'not-allowed': () => NOT_ALLOWED,
  'no-identity': ({ mayNameUser }) => (mayNameUser ? NO_IDENTITY : NO_IDENTITY_OF_YOURS),
  'identity-unconfirmed': () => IDENTITY_UNCONFIRMED,
  'unmapped-slack-user': ({ slackUser }) =>
    `<@${slackUser}> is not mapped to an IAM user. Name the IAM user instead.`,
  'no-such-user': ({ user }) => noSuchUser(user),
  'no-such-key': ({ keyId }) => noSuchKey(keyId),
  'key-in-several-accounts': ({ keyId, accounts }) => keyInSeveralAccountsText(keyId, accounts),
  'iam-throttled': () => IAM_THROTTLED,
  'iam-denied': () => IAM_DENIED,
  'iam-unavailable': () => IAM_UNAVAILABLE,
  'account-unavailable': ({ why }) => accountUnavailableText(why),
  'unknown-account': ({ name, known }) => unknownAccountText(name, known),
  'account-not-managed': ({ account, accountId }) => accountNotManagedText(account, accountId),
  'store-unavailable': () => STORE_UNAVAILABLE,
};
