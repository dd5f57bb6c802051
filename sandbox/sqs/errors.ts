import { JsonApiError } from '../json-api/wire';

/**
 * SQS's errors as its JSON protocol sends them: `__type` qualified by the service's namespace, and the
 * old Query API code in `x-amzn-query-error: <code>;<Sender|Receiver>`, which the SDK (awsQueryCompatible)
 * reads first to pick the exception class. Codes, statuses and query codes from @aws-sdk/client-sqs's model.
 */
const SQS_ERRORS = {
  QueueDoesNotExist: { status: 400, query: 'AWS.SimpleQueueService.NonExistentQueue', side: 'Sender' },
  ReceiptHandleIsInvalid: { status: 404, query: 'ReceiptHandleIsInvalid', side: 'Sender' },
  MessageNotInflight: { status: 400, query: 'AWS.SimpleQueueService.MessageNotInflight', side: 'Sender' },
  InvalidParameterValue: { status: 400, query: 'InvalidParameterValue', side: 'Sender' },
  MissingParameter: { status: 400, query: 'MissingParameter', side: 'Sender' },
  InvalidAttributeName: { status: 400, query: 'InvalidAttributeName', side: 'Sender' },
  EmptyBatchRequest: { status: 400, query: 'AWS.SimpleQueueService.EmptyBatchRequest', side: 'Sender' },
  TooManyEntriesInBatchRequest: {
    status: 400,
    query: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    side: 'Sender',
  },
  BatchEntryIdsNotDistinct: {
    status: 400,
    query: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    side: 'Sender',
  },
  InvalidMessageContents: { status: 400, query: 'InvalidMessageContents', side: 'Sender' },
  RequestThrottled: { status: 403, query: 'RequestThrottled', side: 'Sender' },
  UnsupportedOperation: { status: 400, query: 'AWS.SimpleQueueService.UnsupportedOperation', side: 'Sender' },
  InternalError: { status: 500, query: 'InternalError', side: 'Receiver' },
  ServiceUnavailable: { status: 503, query: 'ServiceUnavailable', side: 'Receiver' },
} as const satisfies Record<string, { status: number; query: string; side: 'Sender' | 'Receiver' }>;

export type SqsErrorCode = keyof typeof SQS_ERRORS;

export class SqsError extends JsonApiError {
  override name = 'SqsError';
  declare readonly code: SqsErrorCode;

  constructor(code: SqsErrorCode, message: string) {
    const { status, query, side } = SQS_ERRORS[code];
    super(status, code, message, { 'x-amzn-query-error': `${query};${side}` }, `com.amazonaws.sqs#${code}`);
  }
}

export const noSuchQueue = (): SqsError =>
  new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');

export const invalidParameter = (message: string): SqsError => new SqsError('InvalidParameterValue', message);
