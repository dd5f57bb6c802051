import type { ApprovalService, PendingRequests } from '../../approvals/domain';
import { mayManage, type Actor } from '../../../kernel/authorization';
import type { KeyQueries } from '../../keys/domain';
import { done, refused, type Outcome } from './refusals';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { People } from '../../../kernel/ports/people';
import { reportId } from '../../../kernel/ports/run-claims';
import { storeRefusal } from '../../../kernel/store-refusal';
import { thresholdsFor, type ReportSchedule } from '../../reports/domain';
import type { Clock, SlackUserId } from '../../../kernel/types';
import type { HomeKey, HomeState, MyKeysSection, ReportStatus } from './home-state';
import type { ReportRuns } from './ports/report-runs';
import { sortWorstFirst, withStaleReasons } from './worst-first';

export interface HomeServiceDeps {
  people: People;
  accounts: IamAccounts;
  queries: Pick<KeyQueries, 'listEverywhere'>;
  approvals: Pick<ApprovalService, 'awaiting'>;
  /** The person's own open requests, read as `/keys approvals` reads them. */
  pending: Pick<PendingRequests, 'mine'>;
  runs: ReportRuns;
  reports: readonly ReportSchedule[];
  deletionEnabled: boolean;
  clock: Clock;
}

/**
 * Gathers what one person's Home shows: their own keys in every account, their open requests,
 * what awaits them as an approver and, for admins, the reports' last runs. The person is derived
 * from their Slack id alone, and every read goes through the same services (and rights) as the
 * commands, so the Home shows nothing `/keys` would not.
 */
export class HomeService {
  constructor(private readonly deps: HomeServiceDeps) {}

  async stateOf(slackUserId: SlackUserId): Promise<HomeState> {
    const actor = await this.deps.people.actor(slackUserId);
    const known = actor.iamUser !== undefined || actor.identityUnconfirmed === true;
    const [keys, pending, awaiting, reports] = await Promise.all([
      this.myKeys(actor),
      this.deps.pending.mine(actor),
      this.deps.approvals.awaiting(actor),
      actor.isAdmin ? this.reportStatus() : Promise.resolve(undefined),
    ]);
    // An approver only for one account's keys (its `approvals.approvers`) is an approver here too.
    const approves = actor.isApprover || (awaiting.ok && awaiting.value.approves);
    if (!known && !actor.isAdmin && !approves) return { kind: 'stranger', slackUserId };
    return {
      kind: 'person',
      slackUserId,
      isAdmin: actor.isAdmin,
      isApprover: approves,
      keys,
      myRequests: pending,
      // What they may decide: per account, that account's approvers; never their own requests.
      ...(approves
        ? { awaiting: awaiting.ok ? done(awaiting.value.requests) : refused(awaiting.refusal) }
        : {}),
      ...(reports ? { reports } : {}),
      deletionEnabled: this.deps.deletionEnabled,
    };
  }

  private async myKeys(actor: Actor): Promise<MyKeysSection> {
    // Not "no keys": Slack could not say who this is, so no IAM user is guessed for them.
    if (actor.identityUnconfirmed) return { kind: 'identity-unconfirmed' };
    const owner = actor.iamUser;
    if (!owner) return { kind: 'unmapped' };
    if (!mayManage(actor, owner)) return { kind: 'refused', refusal: { reason: 'not-allowed' } };
    const listed = await this.deps.queries.listEverywhere(actor, owner);
    if (!listed.ok) return { kind: 'refused', refusal: listed.refusal };
    const now = this.deps.clock.now();
    const thresholds = thresholdsFor(this.deps.reports);
    const keys: HomeKey[] = listed.value.listings.flatMap(({ account, keys: listing }) =>
      listing.map((key) => withStaleReasons({ ...key, account }, thresholds, now)),
    );
    const { owner: spelled, unreadable, absentFrom } = listed.value;
    return { kind: 'listed', value: { owner: spelled, keys: sortWorstFirst(keys), unreadable, absentFrom } };
  }

  private async reportStatus(): Promise<Outcome<ReportStatus[]>> {
    const entries = this.deps.reports.map((entry, index) => ({
      index,
      channel: entry.channel,
      schedule: entry.schedule,
      timezone: entry.timezone,
    }));
    try {
      const runs = await this.deps.runs.last(entries.map((entry) => reportId(entry.index, entry.channel)));
      return done(
        entries.map((entry) => {
          const last = runs.find((run) => run.report === reportId(entry.index, entry.channel));
          return last ? { ...entry, last } : entry;
        }),
      );
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }
}
