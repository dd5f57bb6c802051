export type FaultSide = 'Sender' | 'Receiver';

/**
 * An error a Query-API stand-in answers as `<ErrorResponse>`: IAM and STS share the form, each with its
 * own table of codes (sandbox/iam/errors.ts, sandbox/sts/errors.ts).
 */
export class QueryApiError extends Error {
  override name = 'QueryApiError';

  constructor(
    readonly code: string,
    readonly status: number,
    readonly type: FaultSide,
    message: string,
  ) {
    super(message);
  }
}
