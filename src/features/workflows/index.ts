import { DeletionSteps } from './domain/deletion-steps';
import { KeySteps } from './domain/key-steps';
import { deactivateKeyStep } from './slack/deactivate-key-step';
import { keyStatusStep } from './slack/key-status-step';
import { requestDeletionStep } from './slack/request-deletion-step';
import { SlackStepCompletions } from './slack/slack-step-completions';
import { DEACTIVATE_KEY_STEP, KEY_STATUS_STEP, REQUEST_KEY_DELETION_STEP } from './slack/step-ids';
import { DynamoPendingSteps } from './store/dynamo-pending-steps';
import type { ApprovalsApi } from '../approvals';
import type { KeysApi } from '../keys';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { StepSweepCounts } from './domain/deletion-steps';

export interface WorkflowsApi {
  /** Completes runs whose request ended while none could be completed (a restart, Slack down); part of the sweep. */
  sweep(): Promise<StepSweepCounts>;
}

/** Keywarden's actions as Workflow Builder custom steps (manifest.yml `functions`, app.function). */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: KeysApi; approvals: ApprovalsApi },
): WorkflowsApi {
  const { store, client, clock, log } = context;
  const corrupt = (error: unknown) =>
    log.error({ err: error }, 'a workflow step item in the table is not one Keywarden wrote; skipped');
  const deletions = new DeletionSteps({
    approvals: lower.approvals.service,
    pending: new DynamoPendingSteps(store.doc, store.tableName, corrupt),
    completions: new SlackStepCompletions(client),
    clock,
    log,
  });
  const keys = new KeySteps({ ...lower.keys, audit: context.audit, clock, log });
  lower.approvals.onRequestEnded((request) => deletions.ended(request));

  slack.app.function(REQUEST_KEY_DELETION_STEP, requestDeletionStep(deletions));
  slack.app.function(DEACTIVATE_KEY_STEP, deactivateKeyStep(keys));
  slack.app.function(KEY_STATUS_STEP, keyStatusStep(keys));

  return { sweep: () => deletions.sweep() };
}
