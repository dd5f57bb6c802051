import type { ApprovalService } from '../approvals/domain/approval-service';
import { HomeKeyActions } from './domain/home-key-actions';
import { HomeService } from './domain/home-service';
import type { ReportRuns } from './domain/ports/report-runs';
import { reportRunRecorder, type ReportRunRecorder } from './domain/report-run-recorder';
import { homePublisher, type PublishHome } from './slack/publish-home';
import { MessageLinks } from '../../platform/slack/message-links';
import { DynamoReportRuns } from './store/dynamo-report-runs';
import type { KeysFeature } from '../keys';
import type { FeatureContext } from '../../platform/feature-context';

export interface ReportRunsPart {
  runs: ReportRuns;
  /** Handed to the reports feature, which calls it after each posted run. */
  recorder: ReportRunRecorder;
}

/** The store of the reports' last runs: made before the reports feature, which writes it. */
export function createReportRuns(context: FeatureContext): ReportRunsPart {
  const { store, log } = context;
  const runs = new DynamoReportRuns(store.doc, store.tableName, (error) =>
    log.error({ err: error }, 'a last-report item in the table is not one Keywarden wrote; skipped'),
  );
  return {
    runs,
    recorder: reportRunRecorder({ runs, entries: context.config.policy.reports, clock: context.clock, log }),
  };
}

export interface HomeFeature {
  homeKeys: HomeKeyActions;
  publishHome: PublishHome;
}

/** App Home: each person's own state, published on app_home_opened and after each click on it. */
export function createHomeFeature(
  context: FeatureContext,
  parts: { keys: KeysFeature; approvals: ApprovalService; runs: ReportRuns },
): HomeFeature {
  const { config, accounts, people, client, clock, log } = context;
  const home = new HomeService({
    people,
    accounts,
    queries: parts.keys.queries,
    approvals: parts.approvals,
    runs: parts.runs,
    reports: config.policy.reports,
    deletionEnabled: config.policy.approvals !== undefined,
    clock,
  });
  return {
    homeKeys: new HomeKeyActions({
      accounts,
      commands: parts.keys.commands,
      rotation: parts.keys.rotation,
      approvals: parts.approvals,
    }),
    publishHome: homePublisher({ home, links: new MessageLinks(client, log), client, clock, log }),
  };
}
