import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ScheduledRun } from '../../../kernel/ports/run-claims';
import type { RunLeases } from '../domain/ports/run-leases';
import { DynamoRunClaims, runKey } from '../../../platform/store/dynamo-run-claims';
import { queryPages } from '../../../platform/store/paging';
import { isConditionFailure, toStoreError } from '../../../platform/store/store-errors';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/**
 * Runs open (claimed, not posted) are listed in one small partition, for the take-over sweep; a posted
 * run's item is marked finished there (the bot may not delete items) and its TTL tidies it.
 */
const OPEN_RUNS = 'OPENRUNS';
/** An open run not posted within a day is not taken over any more: its TTL ends it. */
const OPEN_KEEP_SECONDS = 24 * 3600;

const openKey = (run: ScheduledRun) => ({
  pk: OPEN_RUNS,
  sk: `${run.report}#${run.scheduledAt.toISOString()}`,
});

const openItem = z.object({
  report: z.string(),
  scheduledAt: z.string().datetime(),
  finishedAt: z.string().datetime().optional(),
});
const runItem = z.object({
  claimedBy: z.string(),
  leaseUntil: z.string().datetime().optional(),
  finishedAt: z.string().datetime().optional(),
});

/**
 * The run item of DynamoRunClaims (`RUN#<report>#<time>`, `RUN`) with a lease: `leaseUntil`, renewed
 * by its holder (condition: still its holder, not posted), taken over by another replica only once
 * it has passed (condition: `leaseUntil < now`, not finished), and `finishedAt` once posted (or failed). A claim made
 * before leases has no `leaseUntil` and is never taken over. An `OPENRUNS` item per open run lets the
 * sweep find them with one Query; it is marked `finishedAt` when the run is posted (the bot may not delete items; its TTL ends it).
 */
export class DynamoRunLeases implements RunLeases {
  private readonly claims: DynamoRunClaims;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.claims = new DynamoRunClaims(doc, tableName);
  }

  async claim(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    // The plain claim's conditional write, carrying the lease.
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    if (!(await this.claims.claim(run, holder, now, { leaseUntil }))) return false;
    await this.put({
      ...openKey(run),
      type: 'open-run',
      report: run.report,
      scheduledAt: run.scheduledAt.toISOString(),
      [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + OPEN_KEEP_SECONDS,
    });
    return true;
  }

  renew(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.update(run, {
      UpdateExpression: 'SET leaseUntil = :until',
      ConditionExpression: 'claimedBy = :me AND attribute_not_exists(finishedAt)',
      ExpressionAttributeValues: {
        ':me': holder,
        ':until': new Date(now.getTime() + leaseMs).toISOString(),
      },
    });
  }

  takeOver(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.update(run, {
      UpdateExpression: 'SET claimedBy = :me, leaseUntil = :until, takenOverAt = :now',
      ConditionExpression: 'attribute_not_exists(finishedAt) AND leaseUntil < :now',
      ExpressionAttributeValues: {
        ':me': holder,
        ':now': now.toISOString(),
        ':until': new Date(now.getTime() + leaseMs).toISOString(),
      },
    });
  }

  async finish(run: ScheduledRun, holder: string, now: Date): Promise<void> {
    await this.update(run, {
      UpdateExpression: 'SET finishedAt = :now',
      ConditionExpression: 'claimedBy = :me',
      ExpressionAttributeValues: { ':me': holder, ':now': now.toISOString() },
    });
    // Marked, not deleted: the bot's role has no DeleteItem (infra/keywarden.cfn.yml); its TTL ends it.
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: openKey(run),
          UpdateExpression: 'SET finishedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
    } catch (error) {
      // No open item (one written before it was kept, or tidied by its TTL): nothing to mark.
      if (isConditionFailure(error)) return;
      throw toStoreError(error, 'UpdateItem');
    }
  }

  async expired(now: Date): Promise<ScheduledRun[]> {
    const open: ScheduledRun[] = [];
    const pages = queryPages(this.doc, this.tableName, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': OPEN_RUNS },
    });
    for await (const items of pages) {
      for (const item of items) {
        const parsed = openItem.safeParse(item);
        if (parsed.success && !parsed.data.finishedAt)
          open.push({ report: parsed.data.report, scheduledAt: new Date(parsed.data.scheduledAt) });
      }
    }
    const expired: ScheduledRun[] = [];
    for (const run of open) {
      let item;
      try {
        item = (
          await this.doc.send(
            new GetCommand({ TableName: this.tableName, Key: runKey(run), ConsistentRead: true }),
          )
        ).Item;
      } catch (error) {
        throw toStoreError(error, 'GetItem');
      }
      const parsed = runItem.safeParse(item);
      if (!parsed.success || parsed.data.finishedAt || !parsed.data.leaseUntil) continue;
      if (new Date(parsed.data.leaseUntil).getTime() < now.getTime()) expired.push(run);
    }
    return expired;
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  private async update(
    run: ScheduledRun,
    update: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: runKey(run), ...update }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError(error, 'UpdateItem');
    }
  }
}
