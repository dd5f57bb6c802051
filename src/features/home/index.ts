import { HomeKeyActions } from './domain/home-key-actions';
import { HomeService } from './domain/home-service';
import { reportRunRecorder } from './domain/report-run-recorder';
import { appHomeOpened } from './slack/app-home-opened';
import {
  HOME_APPROVE_ACTION,
  HOME_DEACTIVATE_ACTION,
  HOME_DELETE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_REJECT_ACTION,
  HOME_ROTATE_ACTION,
  HOME_RUN_REPORT_ACTION,
  HOME_WITHDRAW_ACTION,
} from './slack/home';
import {
  homeKeyButton,
  homeLinkButton,
  homeRunReportButton,
  homeWithdrawButton,
  type HomeButtonDeps,
} from './slack/home-buttons';
import { homePublisher } from './slack/publish-home';
import { DynamoReportRuns } from './store/dynamo-report-runs';
import type { ReportRun } from './domain/ports/report-runs';
import { reportId } from '../../kernel/ports/run-claims';
import { decisionModalButton, type ApprovalsApi } from '../approvals';
import type { KeysApi } from '../keys';
import type { ReportsApi } from '../reports';
import type { RotationApi } from '../rotation';
import { asKeyId, KEY_ID } from '../../kernel/types';
import { outcomeNotice } from '../../platform/slack/blocks/outcome-reply';
import { plainReply } from '../../platform/slack/blocks/primitives';
import { noSuchKey } from '../../platform/slack/blocks/texts';
import { MessageLinks } from '../../platform/slack/message-links';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';

/** What higher slices may ask of the Home: the reports' last runs it keeps. */
export interface HomeApi {
  /** The last posted run of each `reports` entry that has run. */
  lastReportRuns(): Promise<ReportRun[]>;
}

/**
 * App Home: each person's own state, published on app_home_opened and after each click on it. It
 * keeps the reports' last runs (the reports tell it after each posted run).
 */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: KeysApi; approvals: ApprovalsApi; rotation: RotationApi; reports: ReportsApi },
): HomeApi {
  const { config, accounts, people, store, client, clock, log } = context;
  const runs = new DynamoReportRuns(store.doc, store.tableName, (error) =>
    log.error({ err: error }, 'a last-report item in the table is not one Keywarden wrote; skipped'),
  );
  lower.reports.onRunPosted(reportRunRecorder({ runs, entries: config.policy.reports, clock, log }));
  const home = new HomeService({
    people,
    accounts,
    queries: lower.keys.queries,
    approvals: lower.approvals.service,
    pending: lower.approvals.pending,
    runs,
    reports: config.policy.reports,
    deletionEnabled: config.policy.approvals !== undefined,
    clock,
  });
  const publishHome = homePublisher({ home, links: new MessageLinks(client, log), client, clock, log });
  const homeKeys = new HomeKeyActions({
    accounts,
    commands: lower.keys.commands,
    rotation: lower.rotation.rotation,
    approvals: lower.approvals.service,
  });
  const deps: HomeButtonDeps = {
    accounts,
    homeKeys,
    approvals: lower.approvals,
    runReport: lower.reports.runNow,
    publishHome,
    deletionEnabled: config.policy.approvals !== undefined,
  };
  slack.app.event('app_home_opened', appHomeOpened(publishHome));
  // Approve… and Reject… on the Home decide in a modal: its outcome comes back here, at the Home's top.
  lower.approvals.onHomeDecision((userId, notice) => publishHome(userId, notice));
  slack.buttons.on(HOME_ROTATE_ACTION, homeKeyButton('rotate', deps));
  slack.buttons.on(HOME_DEACTIVATE_ACTION, homeKeyButton('deactivate', deps));
  slack.buttons.on(HOME_DELETE_ACTION, homeKeyButton('request-deletion', deps));
  slack.buttons.on(HOME_WITHDRAW_ACTION, homeWithdrawButton(deps));
  slack.buttons.on(HOME_APPROVE_ACTION, decisionModalButton('approve', lower.approvals.service));
  slack.buttons.on(HOME_REJECT_ACTION, decisionModalButton('reject', lower.approvals.service));
  slack.buttons.on(HOME_RUN_REPORT_ACTION, homeRunReportButton(deps));
  slack.buttons.on(HOME_OPEN_REQUEST_ACTION, homeLinkButton);
  // The Home's Request deletion modal: the request as the Home makes it, the answer on the Home.
  lower.approvals.onDeletionRequested('home', {
    accepts: (target) => KEY_ID.test(target),
    request: async (actor, target, reason) => {
      const keyId = asKeyId(target);
      if (!keyId) return plainReply(noSuchKey(target));
      return outcomeNotice(
        await homeKeys.requestDeletion(actor, keyId, reason),
        (request) => lower.approvals.opened(request).text,
      );
    },
    answer: (userId, text) => publishHome(userId, text),
  });
  return {
    lastReportRuns: () =>
      runs.last(config.policy.reports.map((entry, index) => reportId(index, entry.channel))),
  };
}

export type { ReportRun } from './domain/ports/report-runs';
