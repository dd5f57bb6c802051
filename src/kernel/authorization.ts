import { sameIamUser, type IamUserName, type SlackUserId } from './types';

/** A person, as the server derived them: nothing here comes from a request payload but the user id. */
export interface Actor {
  slackUserId: SlackUserId;
  /** The IAM user mapped to this person, if any. */
  iamUser?: IamUserName;
  /** Slack could not say who this person is (a lookup failed): not the same as "not mapped". */
  identityUnconfirmed?: boolean;
  isAdmin: boolean;
  isApprover: boolean;
  selfService: boolean;
}

/** Deny by default: admins manage anyone; with self-service, a person manages their own mapped user. */
export function mayManage(actor: Actor, owner: IamUserName): boolean {
  if (actor.isAdmin) return true;
  return actor.selfService && actor.iamUser !== undefined && sameIamUser(actor.iamUser, owner);
}
