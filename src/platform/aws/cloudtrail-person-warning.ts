/**
 * The start-up warning for accounts reached without a role (accountsWithoutPersonInCloudTrail): what
 * CloudTrail shows there, said plainly, and the fix, so an operator reading the log needs nothing else.
 */
export function noPersonInCloudTrailWarning(accounts: readonly string[]): string {
  const named = accounts.map((account) => `"${account}"`).join(', ');
  return (
    `CloudTrail cannot tell people apart in ${named}: without a roleArn, every IAM call there ` +
    "(CreateAccessKey and DeleteAccessKey included) is recorded as Keywarden's own credentials, the " +
    "same identity whoever asked in Slack, and only Keywarden's audit trail names the person. " +
    "Give each a roleArn (the bot's own account: deploy infra/keywarden-home-role.cfn.yml and name it " +
    'on the first accounts entry): each call then runs in a session keywarden-<SlackUserId> with ' +
    'SourceIdentity <SlackUserId>, and CloudTrail names the person.'
  );
}
