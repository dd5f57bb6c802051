/** One account's part of the last run of a `reports` entry, as small as a Home needs it. */
export interface ReportRunAccount {
  name: string;
  id?: string;
  staleKeys: number;
  scannedKeys: number;
  /** Set when the account could not be scanned. */
  failure?: string;
}

/** What the last run of one `reports` entry produced, kept for the admins' Home. */
export interface ReportRun {
  /** reportId(index, channel): the entry it belongs to. */
  report: string;
  index: number;
  channel: string;
  ranAt: Date;
  /** When the data was true: a credential report can be hours older than the run. */
  generatedAt: Date;
  staleKeys: number;
  accounts: ReportRunAccount[];
  /**
   * Of the keys the report showed, those handled since its data was generated (issue 26, item 1):
   * IAM's listing said deleted or inactive, Keywarden's trail said a deletion was asked for.
   */
  handled?: HandledSinceData;
}

export interface HandledSinceData {
  deleted: number;
  inactive: number;
  deletionRequested: number;
}

/** One item per `reports` entry, overwritten by each run: the last one is all a Home shows. */
export interface ReportRuns {
  record(run: ReportRun): Promise<void>;
  /** The last run of each named entry that has run; absent entries have not run (or were dropped). */
  last(reports: readonly string[]): Promise<ReportRun[]>;
}
