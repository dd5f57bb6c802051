import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SnoozeStore } from '../domain/ports/snooze-store';
import type { Account } from '../../../kernel/accounts';
import { accountRef, keyRefId, stableAccountId, type KeyRef } from '../domain/key-ref';
import type { Snooze } from '../domain/snooze';
import { decodeSnooze, keyRefAttributes } from './nudge-items';
import { toStoreError } from '../../../platform/store/store-errors';
import { partitionItems } from '../../../platform/store/paging';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** An ended snooze stays a while: the audit trail has the story, this only answers "since when". */
const KEEP_AFTER_END_SECONDS = 90 * 24 * 3600;

/** `SNOOZE#@<account id>` where the key's ref has one, else `SNOOZE#<account name>` (accountRef). */
const partition = (ref: Pick<KeyRef, 'account' | 'accountId'>) => `SNOOZE#${accountRef(ref)}`;

/**
 * One item per snoozed key, all of an account's in one partition: a report reads them with a Query
 * or two per account (its id's partition, and its name's for snoozes stored before ids were kept),
 * however many keys it lists. A new snooze of the same key replaces the old.
 */
export class DynamoSnoozeStore implements SnoozeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onCorrupt: (error: unknown) => void,
  ) {}

  async put(snooze: Snooze): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: partition(snooze.key),
            sk: keyRefId(snooze.key),
            type: 'snooze',
            ...keyRefAttributes(snooze.key),
            by: snooze.by,
            at: snooze.at.toISOString(),
            until: snooze.until.toISOString(),
            reason: snooze.reason,
            [TTL_ATTRIBUTE]: Math.floor(snooze.until.getTime() / 1000) + KEEP_AFTER_END_SECONDS,
          },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async forAccount(account: Account): Promise<Snooze[]> {
    const read = (pk: string) => partitionItems(this.doc, this.tableName, pk, decodeSnooze, this.onCorrupt);
    const accountId = stableAccountId(account);
    const byName = await read(partition({ account: account.name }));
    return accountId ? [...(await read(partition({ account: account.name, accountId }))), ...byName] : byName;
  }
}
