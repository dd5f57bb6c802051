/** A Slack message Keywarden posted and may update later: a request's, an invitation's, a guide's. */
export interface MessageRef {
  channel: string;
  ts: string;
}
