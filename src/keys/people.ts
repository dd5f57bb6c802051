import type { Actor } from '../access/actor';
import type { IamUserName, SlackUserId } from './types';

/** Who is who, as the domain needs it; Access (src/access) provides it. */
export interface People {
  actor(slackUserId: SlackUserId): Promise<Actor>;
  /** The Slack person an IAM user belongs to; undefined for a service user. */
  ownerOf(iamUser: IamUserName): Promise<SlackUserId | undefined>;
}
