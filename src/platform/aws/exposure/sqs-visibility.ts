import {
  ChangeMessageVisibilityCommand,
  MessageNotInflight,
  ReceiptHandleIsInvalid,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Heartbeat, Heartbeats } from '../../../kernel/heartbeat';
import type { Logger } from '../../logger';

/**
 * How long a received message stays hidden, asked for on every receive and again at each beat (a
 * third of it), so the queue's own VisibilityTimeout does not matter: a replica that stops leaves
 * its message hidden for 40 to 60 s, then another replica receives it and finishes the response.
 */
export const VISIBILITY_TIMEOUT_SECONDS = 60;

export interface KeepVisible {
  client: SQSClient;
  queueUrl: string;
  heartbeats: Heartbeats;
  log: Logger;
  visibilityTimeoutSeconds: number;
}

/**
 * Keeps a message this replica works on hidden from the others: ChangeMessageVisibility every third
 * of the visibility timeout, until stopped. A message no longer in flight under this receipt (its
 * visibility ran out and another replica received it) is lost to this replica: the beats end.
 */
export function keepInvisible(
  options: KeepVisible,
  message: { messageId: string; receiptHandle: string },
): Heartbeat {
  const { client, queueUrl, visibilityTimeoutSeconds } = options;
  return options.heartbeats.start({
    keeps: "the exposure message's visibility",
    everyMs: (visibilityTimeoutSeconds * 1000) / 3,
    log: options.log,
    about: { messageId: message.messageId },
    beat: async () => {
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.receiptHandle,
            VisibilityTimeout: visibilityTimeoutSeconds,
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof MessageNotInflight || error instanceof ReceiptHandleIsInvalid) return false;
        throw error;
      }
    },
  });
}
