import { gunzipSync, gzipSync } from 'node:zlib';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Account } from '../../../kernel/accounts';
import type { ScheduledRun } from '../../../kernel/ports/run-claims';
import type { IamUserName, KeyId } from '../../../kernel/types';
import { STALE_REASONS, type StaleKey } from '../domain/classify';
import type { RunAccounts } from '../domain/ports/run-leases';
import { StaleKeyTable } from '../domain/stale-key-table';
import type { StaleReport } from '../domain/stale-report';
import { runKey } from '../../../platform/store/dynamo-run-claims';
import { queryPages } from '../../../platform/store/paging';
import { toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** An account's part of a run is kept a day: long enough for any take-over, short for a table. */
const KEEP_SECONDS = 24 * 3600;
const ACCOUNT_PREFIX = 'ACCOUNT#';

const date = z.string().datetime();
/** One stale key, as a row: owner, slot, key id, status, created, last used, service, region, reasons. */
const keyRow = z.tuple([
  z.string(),
  z.union([z.literal(1), z.literal(2), z.null()]),
  z.string().nullable(),
  z.enum(['Active', 'Inactive']),
  z.number(),
  z.number().nullable(),
  z.string().nullable(),
  z.string().nullable(),
  z.array(z.enum(STALE_REASONS)),
]);
const partSchema = z.object({
  account: z.object({ name: z.string(), id: z.string().optional() }),
  source: z.enum(['credential-report', 'listing']),
  fallback: z.enum(['denied', 'failed']).optional(),
  generatedAt: date,
  thresholds: z.object({ maxAgeDays: z.number(), maxUnusedDays: z.number() }),
  counts: z.object({
    keys: z.number(),
    users: z.number(),
    byReason: z.record(z.enum(STALE_REASONS), z.number()),
  }),
  scanned: z.object({ users: z.number(), keys: z.number() }),
  rootActiveKeys: z.number(),
  keys: z.array(keyRow),
});
const itemSchema = z.object({ part: z.instanceof(Uint8Array) });

type StoredPart = z.infer<typeof partSchema>;

function encode(account: Account, part: StaleReport): Buffer {
  const stored: StoredPart = {
    account: { name: account.name, ...(account.id ? { id: account.id } : {}) },
    source: part.source,
    ...(part.fallback ? { fallback: part.fallback } : {}),
    generatedAt: part.generatedAt.toISOString(),
    thresholds: part.thresholds,
    counts: part.counts,
    scanned: part.scanned,
    rootActiveKeys: part.rootActiveKeys,
    keys: [...part.keys].map((key) => [
      key.owner,
      key.slot ?? null,
      key.keyId ?? null,
      key.status,
      key.createdAt.getTime(),
      key.lastUse.at?.getTime() ?? null,
      key.lastUse.service ?? null,
      key.lastUse.region ?? null,
      key.reasons,
    ]),
  };
  // A thousand stale keys are about 100 KB of JSON and 10 KB gzipped: far within an item's 400 KB.
  return gzipSync(JSON.stringify(stored));
}

function decode(bytes: Uint8Array): StaleReport {
  const stored = partSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
  const account = stored.account;
  const keys: StaleKey[] = stored.keys.map(
    ([owner, slot, keyId, status, created, lastUsed, service, region, reasons]) => ({
      owner: owner as IamUserName,
      account: account.name,
      ...(slot !== null ? { slot } : {}),
      ...(keyId !== null ? { keyId: keyId as KeyId } : {}),
      status,
      createdAt: new Date(created),
      lastUse: {
        ...(lastUsed !== null ? { at: new Date(lastUsed) } : {}),
        ...(service !== null ? { service } : {}),
        ...(region !== null ? { region } : {}),
      },
      reasons,
    }),
  );
  const generatedAt = new Date(stored.generatedAt);
  const section = {
    account,
    source: stored.source,
    ...(stored.fallback ? { fallback: stored.fallback } : {}),
    generatedAt,
    staleKeys: keys.length,
    scanned: stored.scanned,
  };
  return {
    source: stored.source,
    ...(stored.fallback ? { fallback: stored.fallback } : {}),
    generatedAt,
    thresholds: stored.thresholds,
    keys: StaleKeyTable.from(keys),
    counts: stored.counts as StaleReport['counts'],
    scanned: stored.scanned,
    rootActiveKeys: stored.rootActiveKeys,
    accounts: [section],
  };
}

/**
 * Each account's part of a scheduled run, in the run's own partition (`RUN#<report>#<time>`,
 * `ACCOUNT#<name>`), its stale keys gzipped JSON rows, kept a day: a replica that takes the run over
 * reads them with one Query instead of scanning those accounts again.
 */
export class DynamoRunAccounts implements RunAccounts {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onCorrupt: (error: unknown) => void,
  ) {}

  async record(run: ScheduledRun, account: Account, part: StaleReport, now: Date): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: runKey(run).pk,
            sk: `${ACCOUNT_PREFIX}${account.name}`,
            type: 'run-account',
            account: account.name,
            staleKeys: part.counts.keys,
            part: encode(account, part),
            [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async scanned(run: ScheduledRun): Promise<ReadonlyMap<string, StaleReport>> {
    const parts = new Map<string, StaleReport>();
    const pages = queryPages(this.doc, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': runKey(run).pk, ':prefix': ACCOUNT_PREFIX },
      ConsistentRead: true,
    });
    for await (const items of pages) {
      for (const item of items) {
        try {
          const part = decode(itemSchema.parse(item).part);
          const name = part.accounts[0]?.account.name;
          if (name) parts.set(name, part);
        } catch (error) {
          // An unreadable part is scanned again, not guessed.
          this.onCorrupt(error);
        }
      }
    }
    return parts;
  }
}
