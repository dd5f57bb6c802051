/** When each account was last covered by a posted report, by account id (or name where no id is known). */
export interface LastReported {
  lastReported(): Promise<ReadonlyMap<string, Date>>;
}
