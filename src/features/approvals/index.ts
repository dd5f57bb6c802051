import type { SlackUserId } from '../../kernel/types';
import type { ModalView } from '@slack/types';
import type { ApprovalService } from './domain/approval-service';
import { createApprovalsDomain } from './domain/create-approvals';
import type { ApprovalRequest } from './domain/approval';
import type { PendingRequests } from './domain/pending-requests';
import { RequestEndings, type RequestEnded } from './domain/request-endings';
import { decisionButton, withdrawButton } from './slack/approval-buttons';
import {
  APPROVE_ACTION,
  APPROVE_WITH_NOTE_ACTION,
  REJECT_ACTION,
  requestOpenedBlocks,
  WITHDRAW_ACTION,
} from './slack/approval-request';
import { askedForReason, type ReasonButton } from './slack/ask-reason';
import { decisionModalButton } from './slack/decision-buttons';
import { DECISION_CALLBACK } from './slack/decision-modal';
import { decisionSubmission } from './slack/decision-submission';
import { HomeNotices } from './slack/home-notices';
import { DeletionContinuations, type DeletionContinuation } from './slack/deletion-continuations';
import { DELETION_REASON_CALLBACK, type DeletionSource } from './slack/deletion-reason-modal';
import { deletionReasonSubmission } from './slack/deletion-reason-submission';
import { keyDeletionButton } from './slack/key-deletion-button';
import { APPROVALS_NEXT_ACTION, APPROVALS_PREVIOUS_ACTION } from './slack/pending-page';
import { pendingPageButton } from './slack/pending-page-buttons';
import { SlackApprovalNotifier } from './slack/slack-approval-notifier';
import { StepUpPrompts, type StepUpPrompt } from './slack/step-up-prompts';
import { StepUpGates, type StepUpGate } from './domain/step-up';
import { DynamoApprovalPages } from './store/dynamo-approval-pages';
import { DynamoApprovalStore } from './store/dynamo-approval-store';
import { KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION, type KeysApi } from '../keys';
import { mayManage, type Actor } from '../../kernel/authorization';
import { ContainmentOffer } from './domain/containment';
import { KeyStatusNotes } from './domain/key-status-notes';
import { asKeyId, KEY_ID } from '../../kernel/types';
import { MessageLinks } from '../../platform/slack/message-links';
import type { Reply } from '../../platform/slack/blocks/primitives';
import { noSuchKey } from '../../platform/slack/blocks/texts';
import { outcomeNotice } from '../../platform/slack/blocks/outcome-reply';
import { plainReply } from '../../platform/slack/blocks/primitives';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';

export interface ApprovalsApi {
  service: ApprovalService;
  pending: PendingRequests;
  /** Registers what the Request deletion modal does when it was opened from `source`'s button. */
  onDeletionRequested(source: DeletionSource, continuation: DeletionContinuation): void;
  /**
   * For a Request deletion button: where the policy wants a person's reason, opens the modal that
   * asks for one instead of requesting; true when it did.
   */
  askForReason(openModal: (view: ModalView) => Promise<void>, button: ReasonButton): Promise<boolean>;
  /**
   * The answer to a request made: that it was posted, and where. `asker`: who asked; where they may
   * turn the key off and it is still Active, the answer carries a "Deactivate now" button.
   */
  opened(request: ApprovalRequest, asker?: Actor): Reply;
  /** Registers what to do when a request ends (a workflow step completes with its decision). */
  onRequestEnded(listener: RequestEnded): void;
  /**
   * approvals.stepUp: approvals for which `gate` says so are refused as `step-up-required` until
   * they come back through service.approve() with the approver's step-up evidence; the approver is
   * answered with `prompt` (the way to verify) instead of that refusal.
   */
  requireStepUp(gate: StepUpGate, prompt: StepUpPrompt): void;
  /** How a decision taken in a modal opened from the App Home is told: the Home republished with it. */
  onHomeDecision(publish: (userId: SlackUserId, notice: string) => Promise<void>): void;
}

/** Two-person deletion: the service, its store and its Slack messages, buttons and modals. */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: Pick<KeysApi, 'commands'> },
): ApprovalsApi {
  const { config, store, client, clock, log } = context;
  const stepUpGates = new StepUpGates();
  const stepUpPrompts = new StepUpPrompts();
  const corrupt = (error: unknown) =>
    log.error({ err: error }, 'an approval item in the table is not one Keywarden wrote; skipped');
  const endings = new RequestEndings(log);
  const approvalStore = new DynamoApprovalStore(store.doc, store.tableName, corrupt);
  const notifier = new SlackApprovalNotifier(
    client,
    config.policy.approvals?.channel ?? '',
    clock,
    new MessageLinks(client, log),
  );
  const { service, pending } = createApprovalsDomain({
    endings,
    accounts: context.accounts,
    store: approvalStore,
    pages: new DynamoApprovalPages(store.doc, store.tableName, corrupt),
    notifier,
    audit: context.audit,
    clock,
    log,
    people: context.people,
    stepUp: stepUpGates,
    policy: config.policy.approvals && {
      ...config.policy.approvals,
      approvers: config.policy.roles.approvers,
      accounts: Object.fromEntries(
        config.policy.accounts.flatMap((account) =>
          account.approvals ? [[account.name, account.approvals]] : [],
        ),
      ),
      ous: Object.fromEntries(
        config.policy.policies.flatMap((entry) => (entry.approvals ? [[entry.ou, entry.approvals]] : [])),
      ),
    },
  });
  const opened = (request: ApprovalRequest, asker?: Actor) =>
    requestOpenedBlocks(
      request,
      config.policy.approvals?.channel ?? '',
      asker && mayManage(asker, request.owner) ? KEY_DEACTIVATE_ACTION : undefined,
    );
  // "Deactivate now" in the Request deletion modal, for a key still Active its clicker may turn off.
  const continuations = new DeletionContinuations();
  const containment = {
    offer: new ContainmentOffer(context.accounts),
    log,
    keyOf: async (source: DeletionSource, actor: Actor, target: string) =>
      continuations.get(source)?.keyOf?.(actor, target),
  };
  continuations.register('list', {
    accepts: (target) => KEY_ID.test(target),
    request: async (actor, target, reason) => {
      const keyId = asKeyId(target);
      if (!keyId) return plainReply(noSuchKey(target));
      return outcomeNotice(await service.request(actor, keyId, reason), (request) => opened(request).text);
    },
  });

  // A key turned off (or on) while its deletion waits: its card says so, rewritten in place.
  const notes = new KeyStatusNotes({ store: approvalStore, notifier, log });
  lower.keys.commands.onStatusChanged((change) => notes.keyStatusChanged(change));

  slack.buttons.on(APPROVE_ACTION, decisionButton('approve', service, stepUpPrompts));
  slack.buttons.on(REJECT_ACTION, decisionModalButton('reject', service));
  slack.buttons.on(APPROVE_WITH_NOTE_ACTION, decisionModalButton('approve', service));
  slack.buttons.on(WITHDRAW_ACTION, withdrawButton(service));
  slack.buttons.on(KEY_DELETE_ACTION, keyDeletionButton(service, opened, containment));
  slack.buttons.on(APPROVALS_NEXT_ACTION, pendingPageButton('next', pending, clock));
  slack.buttons.on(APPROVALS_PREVIOUS_ACTION, pendingPageButton('previous', pending, clock));
  const homeNotices = new HomeNotices();
  slack.app.view(DECISION_CALLBACK, decisionSubmission(service, stepUpPrompts, homeNotices));
  slack.app.view(
    DELETION_REASON_CALLBACK,
    deletionReasonSubmission(service, continuations, lower.keys.commands),
  );

  return {
    service,
    pending,
    onDeletionRequested: (source, continuation) => continuations.register(source, continuation),
    askForReason: (openModal, button) => askedForReason(service, openModal, button, containment),
    opened,
    onRequestEnded: (listener) => endings.register(listener),
    onHomeDecision: (publish) => homeNotices.set(publish),
    requireStepUp: (gate, prompt) => {
      stepUpGates.set(gate);
      stepUpPrompts.set(prompt);
    },
  };
}

// What higher slices show of approvals, and the modal the Home's Approve / Reject open.
export type { ApprovalService } from './domain/approval-service';
export type { ApprovalRequest } from './domain/approval';
export type { DeletionContinuation } from './slack/deletion-continuations';
export { decisionModalButton } from './slack/decision-buttons';
export { pendingPageBlocks } from './slack/pending-page';
export type { ApprovalRefusal } from './domain/refusals';
export type { RequestEnded } from './domain/request-endings';
export type { StepUpEvidence, PendingDecision } from './domain/step-up';
export { decisionText } from './slack/approval-texts';
