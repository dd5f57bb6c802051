import { done, refused, type Outcome } from './refusals';
import type { Ownership } from '../../../kernel/ports/people';
import type { IamUserName, SlackUserId } from '../../../kernel/types';

/**
 * Who a new key's secret goes to (security rule 2): the owner; for a service user, the admin who
 * asked. An IAM user nobody owns gets no key, and an owner Slack could not confirm is a refusal:
 * "could not tell" must never fall through to "give it to the asker".
 */
export function secretRecipient(
  ownership: Ownership,
  owner: IamUserName,
  asker: SlackUserId,
): Outcome<SlackUserId> {
  switch (ownership.kind) {
    case 'person':
      return done(ownership.slackUser);
    case 'service':
      return done(asker);
    case 'unowned':
      return refused({ reason: 'no-owner', user: owner });
    case 'unconfirmed':
      return refused({ reason: 'owner-unconfirmed', user: owner });
  }
}
