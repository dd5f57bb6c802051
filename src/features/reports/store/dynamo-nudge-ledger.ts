import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NudgeCount, NudgeLedger } from '../domain/ports/nudge-ledger';
import { keyRefId, type KeyRef } from '../domain/key-ref';
import type { SlackUserId } from '../../../kernel/types';
import { decodeNudgeCount, keyRefAttributes } from './nudge-items';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { partitionItems } from '../../../platform/store/paging';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** A DM claim only has to outlive the retries of its run, as a run claim does. */
const DM_CLAIM_KEEP_SECONDS = 30 * 24 * 3600;
/** A count not touched for half a year belongs to a schedule that stopped. */
const COUNT_KEEP_SECONDS = 180 * 24 * 3600;

const dmKey = (runId: string, owner: SlackUserId) => ({ pk: `NUDGEDM#${runId}#${owner}`, sk: 'NUDGEDM' });
const countKey = (report: string, key: KeyRef) => ({ pk: `NUDGES#${report}`, sk: keyRefId(key) });

/**
 * DM claims: one item per (run, owner), written only if absent, as run claims are. Counts: one item
 * per nudged key, an entry's in one partition, so a run reads them all with one Query and resets
 * the keys no longer stale.
 */
export class DynamoNudgeLedger implements NudgeLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onCorrupt: (error: unknown) => void,
  ) {}

  async claimDm(runId: string, owner: SlackUserId, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...dmKey(runId, owner),
            type: 'nudge-dm',
            run: runId,
            owner,
            claimedAt: at.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(at.getTime() / 1000) + DM_CLAIM_KEEP_SECONDS,
          },
          // A claim given back after a failed DM may be taken again.
          ConditionExpression: 'attribute_not_exists(pk) OR released = :released',
          ExpressionAttributeValues: { ':released': true },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'PutItem');
    }
  }

  /** Marked, not deleted: the bot's table permissions have no DeleteItem (docs/store.md). */
  async releaseDm(runId: string, owner: SlackUserId): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dmKey(runId, owner),
          UpdateExpression: 'SET released = :released',
          ExpressionAttributeValues: { ':released': true },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'UpdateItem');
    }
  }

  counts(report: string): Promise<NudgeCount[]> {
    return partitionItems(
      this.doc,
      this.tableName,
      `NUDGES#${report}`,
      // A reset count stays as 0 until the table tidies it.
      (item) => (Number(item.runs) === 0 ? undefined : decodeNudgeCount(item)),
      this.onCorrupt,
    );
  }

  async countRun(report: string, key: KeyRef, runId: string, at: Date): Promise<void> {
    const attributes = keyRefAttributes(key);
    const withId = attributes.accountId ? ', accountId = :accountId' : '';
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: countKey(report, key),
          // The condition makes a retried run's second count a no-op; a reset removed firstNudgedAt.
          UpdateExpression:
            'ADD runs :one SET #type = :type, account = :account, #owner = :owner, keyCreatedAt = :created, lastRun = :run, lastCountedAt = :at, firstNudgedAt = if_not_exists(firstNudgedAt, :at), #ttl = :ttl' +
            withId,
          ConditionExpression: 'attribute_not_exists(pk) OR lastRun <> :run',
          ExpressionAttributeNames: { '#type': 'type', '#owner': 'owner', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':type': 'nudge-count',
            ':account': attributes.account,
            ...(attributes.accountId ? { ':accountId': attributes.accountId } : {}),
            ':owner': attributes.owner,
            ':created': attributes.keyCreatedAt,
            ':run': runId,
            ':at': at.toISOString(),
            ':ttl': Math.floor(at.getTime() / 1000) + COUNT_KEEP_SECONDS,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  /** Set to 0, not deleted: the bot's table permissions have no DeleteItem. */
  async reset(report: string, key: KeyRef): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: countKey(report, key),
          UpdateExpression: 'SET runs = :zero, lastRun = :none REMOVE firstNudgedAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':zero': 0, ':none': 'reset' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }
}
