/** The policy's `exposure:` block, as the domain uses it. */
export interface ExposurePolicy {
  channel: string;
  /** Set a reported key Inactive at once (default true). */
  deactivate: boolean;
  /** How far back CloudTrail is asked (1-90 days, default 7). */
  activityDays: number;
  /** Where CloudTrail is asked; default the bot's AWS_REGION. */
  regions: readonly string[];
}
