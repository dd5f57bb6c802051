import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Input = Record<string, unknown> & { ExpressionAttributeValues?: Record<string, unknown> };
type Args = { input: object };
type Middleware = (
  next: (args: Args) => Promise<unknown>,
  context: { commandName?: string },
) => (args: Args) => Promise<unknown>;

export interface DynamoFault {
  /** Requests the fault acted on. */
  count(): number;
  remove(): void;
}

let serial = 0;

/**
 * The answer to the next matching request is lost after DynamoDB applied it, as a dropped connection
 * would lose it: the request reaches the table, then the SDK sees a timeout and (being the SDK)
 * sends the very same request again. Sits just inside the SDK's retry middleware.
 */
export function loseNextAnswer(doc: DynamoDBDocumentClient, command: 'UpdateItem' | 'PutItem'): DynamoFault {
  const name = `loseNextAnswer-${++serial}`;
  let sent = 0;
  let lost = false;
  const middleware: Middleware = (next, context) => async (args) => {
    if (context.commandName !== `${command}Command`) return next(args);
    sent++;
    const answer = await next(args);
    if (lost) return answer;
    lost = true;
    throw Object.assign(new Error('socket hang up after the write was applied'), { name: 'TimeoutError' });
  };
  doc.middlewareStack.addRelativeTo(middleware as never, {
    name,
    relation: 'after',
    toMiddleware: 'retryMiddleware',
  });
  return { count: () => sent, remove: () => void doc.middlewareStack.remove(name) };
}

/**
 * Approval writes to the given state fail before they reach the table (the SDK does not retry
 * them), while `times` lasts, or until removed.
 */
export function failWritesTo(
  doc: DynamoDBDocumentClient,
  state: string,
  times = Number.POSITIVE_INFINITY,
): DynamoFault {
  const name = `failWritesTo-${++serial}`;
  let failed = 0;
  const middleware: Middleware = (next, context) => async (args) => {
    const input = args.input as Input;
    if (
      context.commandName === 'UpdateItemCommand' &&
      input.ExpressionAttributeValues?.[':to'] === state &&
      failed < times
    ) {
      failed++;
      throw Object.assign(new Error('injected store failure'), { name: 'InternalServerError' });
    }
    return next(args);
  };
  doc.middlewareStack.add(middleware as never, { name, step: 'initialize' });
  return { count: () => failed, remove: () => void doc.middlewareStack.remove(name) };
}

/**
 * Audit events of one action (`deactivate`, `deliver`, ...) fail before they reach the table, as a
 * store that throttles or drops them would; every other write goes through. The Auditor logs such
 * a failure and carries on, so this is how a test shows that no decision rests on the trail.
 */
export function failAuditWrites(doc: DynamoDBDocumentClient, action: string): DynamoFault {
  const name = `failAuditWrites-${++serial}`;
  let failed = 0;
  const middleware: Middleware = (next, context) => async (args) => {
    const item = (args.input as { Item?: Record<string, unknown> }).Item;
    if (
      context.commandName === 'PutItemCommand' &&
      item?.type === 'audit' &&
      String(item.pk).startsWith('AUDIT#') &&
      item.action === action
    ) {
      failed++;
      throw Object.assign(new Error('injected store failure'), { name: 'InternalServerError' });
    }
    return next(args);
  };
  doc.middlewareStack.add(middleware as never, { name, step: 'initialize' });
  return { count: () => failed, remove: () => void doc.middlewareStack.remove(name) };
}
