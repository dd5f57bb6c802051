import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StepUpTickets } from '../domain/ports/step-up-tickets';
import type { SignInFlow, StepUpPurpose, StepUpTicket } from '../domain/step-up-ticket';
import { decodeTicket } from './item-schemas';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

const ticketKey = (id: string) => ({ pk: `STEPUP#${id}`, sk: 'STEPUP' });

/** The ticket's action as item attributes: what item-schemas reads back. */
function bindingItem(purpose: StepUpPurpose): Record<string, unknown> {
  if (purpose.verb === 'approve') {
    const { requestId, message, note } = purpose.decision;
    return { verb: purpose.verb, requestId, message, note };
  }
  const { keyId, incidentOpenedAt, why, channel } = purpose.reactivation;
  return { verb: purpose.verb, keyId, incidentOpenedAt: incidentOpenedAt.toISOString(), why, channel };
}

/** A used or expired ticket stays a day for reviews; its expiry is in every condition regardless. */
const KEEP_SECONDS = 24 * 60 * 60;

/**
 * Step-up tickets: one item each, keyed by the token's hash (never the token). Starting a sign-in
 * and using the ticket are conditional writes naming the ticket unused and unexpired, so a ticket
 * counts once across replicas, and an expired one never, whatever the TTL has removed yet.
 */
export class DynamoStepUpTickets implements StepUpTickets {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(ticket: StepUpTicket): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...ticketKey(ticket.id),
            type: 'stepup',
            id: ticket.id,
            approver: ticket.approver,
            ...bindingItem(ticket),
            issuedAt: ticket.issuedAt.toISOString(),
            expiresAt: ticket.expiresAt.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(ticket.expiresAt.getTime() / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async get(id: string): Promise<StepUpTicket | undefined> {
    try {
      const { Item: item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: ticketKey(id), ConsistentRead: true }),
      );
      return item ? decodeTicket(item) : undefined;
    } catch (error) {
      throw toStoreError(error, 'GetItem');
    }
  }

  startFlow(id: string, flow: SignInFlow, now: Date): Promise<boolean> {
    return this.conditional(id, 'SET #flow = :flow', '', { ':flow': flow }, now);
  }

  use(id: string, stateHash: string, now: Date): Promise<boolean> {
    return this.conditional(
      id,
      'SET #usedAt = :now',
      ' AND #flow.#stateHash = :stateHash',
      { ':stateHash': stateHash },
      now,
      { '#stateHash': 'stateHash' },
    );
  }

  /** One UpdateItem under "exists, unused, unexpired at now" and `extra`; false when that no longer held. */
  private async conditional(
    id: string,
    update: string,
    extra: string,
    values: Record<string, unknown>,
    now: Date,
    names: Record<string, string> = {},
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ticketKey(id),
          UpdateExpression: update,
          // ISO-8601 UTC strings of one format order as the instants they name.
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(#usedAt) AND #expiresAt > :now${extra}`,
          ExpressionAttributeNames: {
            '#usedAt': 'usedAt',
            '#expiresAt': 'expiresAt',
            ...(update.includes('#flow') || extra.includes('#flow') ? { '#flow': 'flow' } : {}),
            ...names,
          },
          ExpressionAttributeValues: { ':now': now.toISOString(), ...values },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'UpdateItem');
    }
  }
}
