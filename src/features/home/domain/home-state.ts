import type { Account } from '../../../kernel/accounts';
import type { ApprovalRequest } from '../../approvals/domain';
import type { Outcome, Refusal } from './refusals';
import type { StaleReason } from '../../reports/domain';
import type { IamUserName, KeyWithUse, SlackUserId } from '../../../kernel/types';
import type { ReportRun } from './ports/report-runs';

/** One of the person's keys, with the account it is in and why it would be reported. */
export interface HomeKey extends KeyWithUse {
  account: Account;
  /** Empty when the key is fine by the first report's thresholds. */
  stale: StaleReason[];
}

/** The person's keys across every managed account, worst first. */
export interface MyKeys {
  owner: IamUserName;
  keys: HomeKey[];
  /** Accounts that could not be read, and why: the rest are shown all the same. */
  unreadable: { account: Account; refusal: Refusal }[];
  /** Accounts where the person has no IAM user. */
  absentFrom: Account[];
}

/**
 * Why "My keys" may show no keys: Slack could not say who the person is (shown as such, never
 * guessed), or no IAM user is mapped to them.
 */
export type MyKeysSection =
  | { kind: 'listed'; value: MyKeys }
  | { kind: 'identity-unconfirmed' }
  | { kind: 'unmapped' }
  | { kind: 'refused'; refusal: Refusal };

/** A `reports` entry and what its last run produced, if it has run. */
export interface ReportStatus {
  index: number;
  channel: string;
  schedule: string;
  timezone: string;
  last?: ReportRun;
}

export type HomeState =
  /** No mapping, no role, and Slack answered: nothing to show but what Keywarden is. */
  | { kind: 'stranger'; slackUserId: SlackUserId }
  | {
      kind: 'person';
      slackUserId: SlackUserId;
      isAdmin: boolean;
      isApprover: boolean;
      keys: MyKeysSection;
      /** The person's own pending deletion requests. */
      myRequests: Outcome<ApprovalRequest[]>;
      /** Approvers: pending requests someone else made. */
      awaiting?: Outcome<ApprovalRequest[]>;
      /** Admins: every `reports` entry and its last run. */
      reports?: Outcome<ReportStatus[]>;
      /** Whether deletion can be requested at all (an approvals channel is configured). */
      deletionEnabled: boolean;
    };
