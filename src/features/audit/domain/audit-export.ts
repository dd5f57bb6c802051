import type { Logger } from '../../../kernel/logger';
import type { Actor } from '../../../kernel/authorization';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import type { AuditEvent, AuditLog, AuditReader } from '../../../kernel/ports/audit-log';
import { storeRefusal } from '../../../kernel/store-refusal';
import { DAY_MS, type Clock } from '../../../kernel/types';
import { Auditor } from '../../../kernel/auditor';

export const DEFAULT_EXPORT_DAYS = 30;
export const MAX_EXPORT_DAYS = 400;

/** Where an export goes, a page of events at a time; `deliver` hands the whole file to its reader. */
export interface AuditExportSink {
  /** May wait (the CSV names each page's actors from Slack's directory) before the next page is read. */
  write(events: AuditEvent[]): void | Promise<void>;
  deliver(summary: { events: number; since: Date; days: number }): Promise<void>;
}

export interface AuditExportResult {
  events: number;
  since: Date;
  days: number;
  /** `none`: the period holds no event, so no file was made; `failed`: it could not be delivered. */
  file: 'delivered' | 'none' | 'failed';
}

/**
 * `/keys audit export [DAYS]`: every event of the period, refusals included, for admins only. The
 * export is itself audited, refused or done: taking the whole trail away is what a review asks about.
 */
export class AuditExport {
  private readonly auditor: Auditor;

  constructor(
    private readonly trail: AuditLog & AuditReader,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.auditor = new Auditor(trail, clock, log);
  }

  async run(actor: Actor, days: number, sink: AuditExportSink): Promise<Outcome<AuditExportResult>> {
    const detail = `last ${days} days`;
    if (!actor.isAdmin) {
      await this.auditor.record(actor, 'export', 'refused', { detail: `${detail}: not-allowed` });
      return refused({ reason: 'not-allowed' });
    }
    const since = new Date(this.clock.now().getTime() - days * DAY_MS);
    let events = 0;
    try {
      for await (const page of this.trail.since(since)) {
        await sink.write(page);
        events += page.length;
      }
    } catch (error) {
      return refused(storeRefusal(error));
    }
    const result = { events, since, days };
    if (events === 0) {
      await this.auditor.record(actor, 'export', 'ok', { detail: `${detail}: no events, no file` });
      return done({ ...result, file: 'none' });
    }
    try {
      await sink.deliver(result);
    } catch (error) {
      this.log.warn({ err: error }, 'the audit export could not be delivered');
      await this.auditor.record(actor, 'export', 'failed', { detail: `${detail}: not delivered` });
      return done({ ...result, file: 'failed' });
    }
    await this.auditor.record(actor, 'export', 'ok', { detail: `${detail}: ${events} events` });
    return done({ ...result, file: 'delivered' });
  }
}
