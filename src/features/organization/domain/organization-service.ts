import type { Actor } from '../../../kernel/authorization';
import { Auditor } from '../../../kernel/auditor';
import type { Logger } from '../../../kernel/logger';
import { done, refused } from '../../../kernel/outcome';
import { readPage, type PageCursor } from '../../../kernel/page';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { OrganizationDirectory } from '../../../kernel/ports/organization';
import type { Clock } from '../../../kernel/types';
import { accountSlices } from './account-pages';
import type { AccountLine, AccountsView, RefreshView } from './accounts-view';
import type { LastReported } from './ports';
import type { Outcome } from './refusals';

/** Accounts a page of `/keys accounts`: one section each, within a message's 50 blocks. */
export const ACCOUNTS_PAGE_SIZE = 20;

/**
 * `/keys accounts` and `/keys accounts refresh`, for admins; and the scheduled refresh. Every refusal
 * and every refresh (by hand or on schedule, done or failed) is audited.
 */
export class OrganizationService {
  private readonly auditor: Auditor;

  constructor(
    private readonly deps: {
      directory: OrganizationDirectory;
      /** False without an `organization:` block: the managed accounts are the policy's list. */
      discovers: boolean;
      lastReported: LastReported;
      audit: AuditLog;
      clock: Clock;
      log: Logger;
    },
  ) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async accounts(actor: Actor, cursor?: PageCursor): Promise<Outcome<AccountsView>> {
    if (!actor.isAdmin) {
      await this.auditor.as(actor).refused('accounts', { detail: 'list: not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    const { directory } = this.deps;
    let reported: ReadonlyMap<string, Date> = new Map();
    try {
      reported = await this.deps.lastReported.lastReported();
    } catch (error) {
      // The list is still worth having without its report dates.
      this.deps.log.warn({ err: error }, 'the last report runs could not be read for /keys accounts');
    }
    const lines: AccountLine[] = directory.managed().map((row) => {
      const at = reported.get(row.account.id ?? row.account.name) ?? reported.get(row.account.name);
      return at ? { ...row, lastReported: at } : row;
    });
    const page = await readPage(accountSlices(lines), cursor, ACCOUNTS_PAGE_SIZE);
    const lastGood = directory.lastGood();
    const lastFailure = directory.lastFailure();
    return done({
      page,
      total: lines.length,
      dropped: directory.dropped(),
      ...(this.deps.discovers
        ? { discovery: { ...(lastGood ? { lastGood } : {}), ...(lastFailure ? { lastFailure } : {}) } }
        : {}),
    });
  }

  /** The organization listed now. `system`: the schedule. A failure keeps the accounts as they were. */
  async refresh(who: Actor | 'system'): Promise<Outcome<RefreshView>> {
    if (who !== 'system' && !who.isAdmin) {
      await this.auditor.as(who).refused('accounts', { detail: 'refresh: not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    if (!this.deps.discovers) {
      return done({
        ok: false,
        why: 'the policy has no organization: block; its accounts are the listed ones',
      });
    }
    const result = await this.deps.directory.refresh();
    if (!result.ok) {
      await this.auditor.as(who).failed('accounts', { detail: `refresh: ${result.why}` });
      return done({ ok: false, why: result.why });
    }
    const { added, renamed, removed } = result.changes;
    const names = (accounts: readonly { name: string }[]) =>
      accounts.map((account) => account.name).join(' ');
    await this.auditor.as(who).ok('accounts', {
      detail: [
        'refresh',
        added.length ? `added: ${names(added)}` : '',
        renamed.length
          ? `renamed: ${renamed.map((change) => `${change.from}->${change.to.name}`).join(' ')}`
          : '',
        removed.length ? `removed: ${names(removed)}` : '',
      ]
        .filter(Boolean)
        .join('; ')
        .slice(0, 500),
    });
    return done({ ok: true, added, renamed, removed, managed: this.deps.directory.managed().length });
  }
}
