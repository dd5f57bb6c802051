import type { StaleKey } from '../classify';
import type { ScanSource } from '../../../../kernel/key-facts/key-facts';
import type { StaleThresholds } from '../thresholds';
import type { SlackUserId } from '../../../../kernel/types';

/** One owner's DM of one run: their stale keys, not snoozed, across the entry's accounts. */
export interface OwnerNudge {
  owner: SlackUserId;
  keys: StaleKey[];
  /** Keys named by slot only because IAM would not list their ids; absent when none were looked up. */
  keyIdsMissing?: number;
  thresholds: StaleThresholds;
  /** The `reports` entry, carried by the buttons so a click is judged by the same thresholds. */
  reportIndex: number;
  /**
   * The twelve digits of each account the keys' data came from, by name, carried by the buttons: a
   * click refuses where the name has since come to mean another account.
   */
  accountIds?: ReadonlyMap<string, string>;
  /** When the data was true, which the DM says: a credential report can be hours old. */
  generatedAt: Date;
  source: ScanSource;
  /** Names the run in the message, for whoever audits the DMs. */
  runId: string;
}

/** Where owner nudges go; the Slack implementation DMs them. Throws RetryLaterError when rate limited. */
export interface OwnerNotifier {
  nudge(nudge: OwnerNudge): Promise<void>;
}
