import { createExposureDomain } from './domain/create-exposure';
import type { IncidentActions } from './domain/incident-actions';
import { ExposureIntake } from './domain/exposure-intake';
import {
  INCIDENT_DELETE_ACTION,
  INCIDENT_REACTIVATE_ACTION,
  INCIDENT_REFRESH_ACTION,
  REACTIVATE_CALLBACK,
} from './slack/action-ids';
import { requestDeletionButton, reactivateButton, refreshActivityButton } from './slack/incident-buttons';
import { reactivateSubmission, steppedUpReactivation } from './slack/reactivate-submission';
import { SlackIncidentNotifier } from './slack/slack-incident-notifier';
import { DELETION_SOURCE } from './slack/action-ids';
import './slack/texts';
import { DynamoIncidents } from './store/dynamo-incidents';
import type { KeysApi } from '../keys';
import type { ApprovalsApi } from '../approvals';
import type { StepUpApi } from '../stepup';
import { asKeyId } from '../../kernel/types';
import { outcomeNotice } from '../../platform/slack/blocks/outcome-reply';
import { noSuchKey } from '../../platform/slack/blocks/texts';
import { plainReply } from '../../platform/slack/blocks/primitives';
import {
  CloudTrailActivity,
  type CloudTrailActivityOptions,
} from '../../platform/aws/exposure/cloudtrail-activity';
import { IamPermissionReader } from '../../platform/aws/exposure/iam-permissions';
import { createSqsClient, type SqsClientOptions } from '../../platform/aws/exposure/sqs-client';
import { SqsPoller, type SqsPollerOptions } from '../../platform/aws/exposure/sqs-poller';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { InFlight } from '../../platform/process/in-flight';
import type { Metrics } from '../../platform/metrics/metrics';
import { countAwsCalls } from '../../platform/metrics/aws-call-metrics';
import { Heartbeats } from '../../kernel/heartbeat';

/** Tests and the sandbox point the queue and CloudTrail at stand-ins and shorten the waits. */
export interface ExposureOptions {
  sqs?: SqsClientOptions &
    Pick<SqsPollerOptions, 'waitTimeSeconds' | 'baseBackoffMs' | 'maxBackoffMs' | 'visibilityTimeoutSeconds'>;
  cloudTrail?: Omit<CloudTrailActivityOptions, 'log' | 'metrics'>;
  /** The responder's claim (RESPONDER_LEASE_MS), renewed every third of it; tests shorten it. */
  responderLeaseMs?: number;
}

export interface ExposureApi {
  actions: IncidentActions;
  /** Starts the queue's long poll (KEYWARDEN_EXPOSURE_QUEUE_URL); nothing without it. */
  start(): void;
  /** Aborts the pending poll and ends the loop; the messages' work drains with InFlight. */
  stop(): Promise<void>;
  /** Ends the renewals a drain cut short and releases CloudTrail's clients, once the drain is over. */
  close(): void;
}

/** The response to a leaked key: the queue's intake, the incident card and its buttons, the commands' domain. */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: KeysApi; approvals: ApprovalsApi; stepUp?: StepUpApi | undefined },
  settings: { inFlight: InFlight; metrics: Metrics | undefined; options?: ExposureOptions },
): ExposureApi {
  const { config, accounts, store, client, clock, log } = context;
  const { inFlight, metrics, options } = settings;
  const policy = config.policy.exposure;
  const defaultRegions = [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1'];
  const activity = new CloudTrailActivity(accounts, { ...options?.cloudTrail, metrics, log });
  const incidents = new DynamoIncidents(store.doc, store.tableName);
  // The messages' visibility and the incidents' claims, renewed while their work runs.
  const heartbeats = new Heartbeats();
  const { response, actions } = createExposureDomain({
    accounts,
    accountById: (accountId) => accounts.byId(accountId),
    keys: lower.keys.commands,
    incidents,
    notifier: new SlackIncidentNotifier(client, policy?.channel ?? '', clock),
    activity,
    permissions: new IamPermissionReader(accounts, log),
    people: context.people,
    audit: context.audit,
    clock,
    log,
    policy: policy && { ...policy, regions: policy.regions ?? defaultRegions },
    defaultRegions,
    background: (work) => {
      void inFlight
        .track(work)
        .catch((error: unknown) => log.error({ err: error }, 'incident follow-up failed'));
    },
    onReport: (kind) => metrics?.exposures.labels(kind).inc(),
    heartbeats,
    ...(options?.responderLeaseMs ? { leaseMs: options.responderLeaseMs } : {}),
    // Fails closed: a policy that names reactivate-exposed without the stepup slice installed refuses.
    reactivationNeedsStepUp: () =>
      lower.stepUp?.requiredForReactivation() ??
      config.policy.approvals?.stepUp?.for.includes('reactivate-exposed') ??
      false,
  });

  slack.buttons.on(INCIDENT_DELETE_ACTION, requestDeletionButton(actions, lower.approvals));
  slack.buttons.on(INCIDENT_REACTIVATE_ACTION, reactivateButton(actions));
  slack.buttons.on(INCIDENT_REFRESH_ACTION, refreshActivityButton(actions));
  slack.app.view(REACTIVATE_CALLBACK, reactivateSubmission(actions, lower.stepUp));
  lower.stepUp?.onReactivation(steppedUpReactivation(actions));
  lower.approvals.onDeletionRequested(DELETION_SOURCE, {
    accepts: (target) => asKeyId(target) !== undefined,
    request: async (actor, target, reason) => {
      const keyId = asKeyId(target);
      if (!keyId) return plainReply(noSuchKey(target));
      return outcomeNotice(
        await lower.approvals.service.request(actor, keyId, reason),
        (request) => lower.approvals.opened(request).text,
      );
    },
  });

  let poller: SqsPoller | undefined;
  if (config.exposureQueueUrl && response) {
    const queueUrl = config.exposureQueueUrl;
    const sqs = createSqsClient(queueUrl, options?.sqs);
    if (metrics) countAwsCalls(sqs, metrics);
    const intake = new ExposureIntake(response, context.audit, clock, log);
    poller = new SqsPoller({
      client: sqs,
      queueUrl,
      handle: (message) => intake.handle(message),
      track: (work) => inFlight.track(work),
      log,
      heartbeats,
      ...options?.sqs,
    });
  }
  return {
    actions,
    start: () => poller?.start(),
    stop: async () => {
      await poller?.stop();
    },
    close: () => {
      heartbeats.stopAll();
      activity.close();
    },
  };
}

export { activityReply } from './slack/activity-reply';
export { exposedReply } from './slack/exposed-reply';
export { DEFAULT_ACTIVITY_DAYS, MAX_ACTIVITY_DAYS } from './domain/incident-actions';
