export interface IamCall {
  action: string;
  /** Every request parameter except Action and Version. */
  params: Record<string, string>;
  /** The HTTP status answered; 0 when the connection was dropped instead (errorCode 'ConnectionDropped'). */
  status: number;
  errorCode?: string;
  /** Arrival, on the state's clock, so it agrees with the dates the server hands out. */
  at: Date;
  /**
   * The account the request acted in: the default one without credentials configured, else the one that
   * holds the signing key. Absent only when the key was refused (InvalidClientTokenId, ExpiredToken).
   */
  accountId?: string;
  /** The signing access key id, when the request was signed. */
  accessKeyId?: string;
  /** When the caller is an assumed role: what CloudTrail records of the session. */
  roleArn?: string;
  roleSessionName?: string;
  sourceIdentity?: string;
}

export type CallListener<C = IamCall> = (call: C) => void;

/** Every request the server answered, failures included, in arrival order; the STS stand-in's too. */
export class CallLog<C extends { action: string } = IamCall> {
  private readonly entries: C[] = [];
  private readonly listeners = new Set<CallListener<C>>();

  record(call: C): void {
    this.entries.push(call);
    for (const listener of this.listeners) {
      // A broken side panel must not break the IAM answer it is watching.
      try {
        listener(call);
      } catch {
        /* ignored on purpose */
      }
    }
  }

  calls(action?: string): C[] {
    return this.entries.filter((call) => action === undefined || call.action === action);
  }

  clear(): void {
    this.entries.length = 0;
  }

  onCall(listener: CallListener<C>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
