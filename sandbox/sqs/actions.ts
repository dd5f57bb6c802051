import { invalidParameter, SqsError } from './errors';
import type { SqsAction } from './faults';
import { waitForVisible } from './long-poll';
import { type Input, integerIn, pick, requiredString, stringList } from './params';
import { MAX_VISIBILITY_TIMEOUT_SECONDS, md5 } from './queue';
import type { QueueRegistry } from './registry';

export interface ActionContext {
  queues: QueueRegistry;
  /** Aborts when the client goes away or the server closes: a long poll ends at once. */
  signal: AbortSignal;
}

/** The answer, and what the call log keeps of it. */
export interface ActionResult {
  output: Record<string, unknown>;
  queueUrl?: string;
  messages?: number;
}

type Handler = (input: Input, context: ActionContext) => Promise<ActionResult> | ActionResult;

export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_BATCH = 10;

const receiveMessage: Handler = async (input, { queues, signal }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const max = integerIn(input, 'MaxNumberOfMessages', 1, 10, 1);
  const visibility = integerIn(
    input,
    'VisibilityTimeout',
    0,
    MAX_VISIBILITY_TIMEOUT_SECONDS,
    queue.visibilityTimeoutSeconds,
  );
  const waitSeconds = integerIn(input, 'WaitTimeSeconds', 0, 20, 0);
  if (waitSeconds > 0) await waitForVisible(queue, waitSeconds * 1000, signal);
  // A client that went away takes nothing: its messages would sit in flight, received by nobody.
  const received = signal.aborted ? [] : queue.receive(max, visibility);
  // MessageSystemAttributeNames replaced AttributeNames; the SDK may send either.
  const names = [...stringList(input, 'MessageSystemAttributeNames'), ...stringList(input, 'AttributeNames')];
  const messages = received.map((m) => {
    const attributes = pick(m.attributes, names);
    return {
      MessageId: m.messageId,
      ReceiptHandle: m.receiptHandle,
      MD5OfBody: m.md5OfBody,
      Body: m.body,
      ...(attributes ? { Attributes: attributes } : {}),
    };
  });
  // SQS answers an empty receive with `{}`, not an empty list.
  return {
    output: messages.length > 0 ? { Messages: messages } : {},
    queueUrl: queue.url,
    messages: messages.length,
  };
};

const deleteMessage: Handler = (input, { queues }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const outcome = queue.delete(requiredString(input, 'ReceiptHandle'));
  return { output: {}, queueUrl: queue.url, messages: outcome === 'deleted' ? 1 : 0 };
};

const deleteMessageBatch: Handler = (input, { queues }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const entries = Array.isArray(input['Entries']) ? (input['Entries'] as Input[]) : [];
  if (entries.length === 0) {
    throw new SqsError('EmptyBatchRequest', 'There should be at least one DeleteMessageBatchRequestEntry.');
  }
  if (entries.length > MAX_BATCH) {
    throw new SqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH}.`,
    );
  }
  const ids = entries.map((entry) => requiredString(entry, 'Id'));
  if (new Set(ids).size !== ids.length) {
    throw new SqsError('BatchEntryIdsNotDistinct', 'Two or more batch entries have the same Id.');
  }
  const successful: Array<{ Id: string }> = [];
  const failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
  let deleted = 0;
  entries.forEach((entry, index) => {
    const id = ids[index] ?? '';
    try {
      if (queue.delete(requiredString(entry, 'ReceiptHandle')) === 'deleted') deleted += 1;
      successful.push({ Id: id });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      failed.push({ Id: id, SenderFault: true, Code: error.code, Message: error.message });
    }
  });
  return { output: { Successful: successful, Failed: failed }, queueUrl: queue.url, messages: deleted };
};

const changeMessageVisibility: Handler = (input, { queues }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const handle = requiredString(input, 'ReceiptHandle');
  if (input['VisibilityTimeout'] === undefined) {
    throw new SqsError('MissingParameter', 'The request must contain the parameter VisibilityTimeout.');
  }
  const seconds = integerIn(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS, 0);
  queue.changeVisibility(handle, seconds);
  return { output: {}, queueUrl: queue.url };
};

const getQueueUrl: Handler = (input, { queues }) => {
  const name = requiredString(input, 'QueueName');
  const owner = input['QueueOwnerAWSAccountId'];
  const queue = queues.byName(name, typeof owner === 'string' ? owner : undefined);
  return { output: { QueueUrl: queue.url }, queueUrl: queue.url };
};

const getQueueAttributes: Handler = (input, { queues }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const all: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(queue.visible()),
    ApproximateNumberOfMessagesNotVisible: String(queue.inFlight()),
    ApproximateNumberOfMessagesDelayed: '0',
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    ReceiveMessageWaitTimeSeconds: '0',
  };
  const attributes = pick(all, stringList(input, 'AttributeNames'));
  return { output: attributes ? { Attributes: attributes } : {}, queueUrl: queue.url };
};

const sendMessage: Handler = (input, { queues }) => {
  const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
  const body = requiredString(input, 'MessageBody');
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) {
    throw invalidParameter(
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
  const messageId = queue.send(body);
  return { output: { MessageId: messageId, MD5OfMessageBody: md5(body) }, queueUrl: queue.url, messages: 1 };
};

export const ACTIONS: ReadonlyMap<SqsAction, Handler> = new Map<SqsAction, Handler>([
  ['ReceiveMessage', receiveMessage],
  ['DeleteMessage', deleteMessage],
  ['DeleteMessageBatch', deleteMessageBatch],
  ['ChangeMessageVisibility', changeMessageVisibility],
  ['GetQueueUrl', getQueueUrl],
  ['GetQueueAttributes', getQueueAttributes],
  ['SendMessage', sendMessage],
]);
