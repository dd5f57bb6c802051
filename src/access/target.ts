import type { UserRef } from '../keys/command';
import { done, refused, type Outcome } from '../keys/outcome';
import type { IamUserName } from '../keys/types';
import type { Access } from './access';
import type { Actor } from '../keys/authorization';

/** The IAM user a command is about: the one named, the one a mention maps to, or the asker's own. */
export async function resolveTarget(
  access: Access,
  actor: Actor,
  ref?: UserRef,
): Promise<Outcome<IamUserName>> {
  if (ref === undefined) {
    if (actor.iamUser) return done(actor.iamUser);
    return refused({ reason: actor.identityUnconfirmed ? 'identity-unconfirmed' : 'no-identity' });
  }
  if ('iamUser' in ref) return done(ref.iamUser);
  const mapped = await access.identity.iamUserOf(ref.slackUser);
  if ('unconfirmed' in mapped) return refused({ reason: 'identity-unconfirmed' });
  return mapped.iamUser
    ? done(mapped.iamUser)
    : refused({ reason: 'unmapped-slack-user', slackUser: ref.slackUser });
}
