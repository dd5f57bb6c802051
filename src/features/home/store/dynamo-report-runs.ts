import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ReportRun, ReportRuns } from '../domain/ports/report-runs';
import { toStoreError } from '../../../platform/store/store-errors';
import { when } from '../../../platform/store/item-schemas';

const runKey = (report: string) => ({ pk: `LASTREPORT#${report}`, sk: 'LASTREPORT' });

const count = z.number().int().min(0);

/** Decoded, not cast: the Home shows these to admins (see platform/store/item-schemas.ts for why). */
const runItem = z.object({
  report: z.string().max(200),
  index: z.number().int().min(0),
  channel: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/),
  ranAt: when,
  generatedAt: when,
  staleKeys: count,
  accounts: z
    .array(
      z.object({
        name: z.string().max(64),
        id: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        staleKeys: count,
        scannedKeys: count,
        failure: z.string().max(500).optional(),
      }),
    )
    .max(200),
  handled: z.object({ deleted: count, inactive: count, deletionRequested: count }).optional(),
});

/** One item per `reports` entry, overwritten by each run: small, and read by key, never scanned. */
export class DynamoReportRuns implements ReportRuns {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly onBadItem: (error: unknown) => void = () => undefined,
  ) {}

  async record(run: ReportRun): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...runKey(run.report),
            type: 'last-report',
            ...run,
            ranAt: run.ranAt.toISOString(),
            generatedAt: run.generatedAt.toISOString(),
          },
        }),
      );
    } catch (error) {
      throw toStoreError(error, 'PutItem');
    }
  }

  async last(reports: readonly string[]): Promise<ReportRun[]> {
    const items = await Promise.all(
      reports.map(async (report) => {
        try {
          return (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: runKey(report) })))
            .Item;
        } catch (error) {
          throw toStoreError(error, 'GetItem');
        }
      }),
    );
    return items.flatMap((item) => {
      if (!item) return [];
      const parsed = runItem.safeParse(item);
      if (!parsed.success) {
        this.onBadItem(parsed.error);
        return [];
      }
      return [parsed.data];
    });
  }
}
