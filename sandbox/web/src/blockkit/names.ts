/** How mentions are shown: by the name the workspace knows, like Slack does, never by the raw id if avoidable. */
export interface Names {
  users: ReadonlyMap<string, string>;
  channels: ReadonlyMap<string, string>;
}

export const NO_NAMES: Names = { users: new Map(), channels: new Map() };
