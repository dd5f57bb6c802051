import { ACCOUNT_ID } from '../iam/state';
import { noSuchQueue } from './errors';
import { Queue } from './queue';

const QUEUE_NAME = /^[\w-]{1,80}$/;

/**
 * The queues of one server, by the path of their URL (`/<account>/<name>`). Only the path counts: the SDK
 * sends a request either to its configured endpoint or, by default, to the QueueUrl's own origin
 * (@aws-sdk/middleware-sdk-sqs, useQueueUrlAsEndpoint), and a queue URL naming sqs.<region>.amazonaws.com
 * reaches this server through an endpoint override; both find the same queue.
 */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly baseUrl: string,
    private readonly region: string,
  ) {}

  create(name: string, options: { visibilityTimeoutSeconds?: number; account?: string } = {}): Queue {
    if (!QUEUE_NAME.test(name)) throw new Error(`Invalid SQS queue name: ${JSON.stringify(name)}`);
    const account = options.account ?? ACCOUNT_ID;
    const path = `/${account}/${name}`;
    const existing = this.queues.get(path);
    if (existing) return existing;
    const queue = new Queue({
      account,
      name,
      url: `${this.baseUrl}${path}`,
      region: this.region,
      ...(options.visibilityTimeoutSeconds !== undefined
        ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
        : {}),
    });
    this.queues.set(path, queue);
    return queue;
  }

  /** QueueDoesNotExist for a URL naming no queue here, or no URL at all. */
  byUrl(queueUrl: string): Queue {
    let path: string;
    try {
      path = new URL(queueUrl).pathname.replace(/\/+$/, '');
    } catch {
      throw noSuchQueue();
    }
    const queue = this.queues.get(path);
    if (!queue) throw noSuchQueue();
    return queue;
  }

  byName(name: string, account = ACCOUNT_ID): Queue {
    const queue = this.queues.get(`/${account}/${name}`);
    if (!queue) throw noSuchQueue();
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }
}
