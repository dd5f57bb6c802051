import type { ApprovalsApi } from '../approvals';
import { StepUpService } from './domain/step-up-service';
import { StepUpReactivations, type ReactivationHandler } from './domain/step-up-reactivations';
import type { PendingReactivation } from './domain/step-up-ticket';
import { AttemptLimiter } from './domain/attempt-limiter';
import { DynamoStepUpTickets } from './store/dynamo-step-up-tickets';
import { SlackStepUpNotifier } from './slack/slack-step-up-notifier';
import { STEP_UP_LINK_ACTION, stepUpPrompt } from './slack/step-up-prompt';
import { STEP_UP_CALLBACK_PATH, STEP_UP_START_PATH, stepUpRoutes } from './http/step-up-routes';
import type { Config } from '../../platform/config';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';
import type { HttpRoutes } from '../../platform/bolt/http-routes';
import type { Reply } from '../../platform/slack/blocks/primitives';
import type { Actor } from '../../kernel/authorization';
import { OpenIdConnectClient } from '../../platform/oidc/openid-connect-client';
import { WebApiDirectory } from '../../platform/slack/web-api-directory';

/** The routes the step-up serves on PORT; none without approvals.stepUp. */
export function stepUpPaths(config: Config): string[] {
  return config.policy.approvals?.stepUp && config.stepUp ? [STEP_UP_START_PATH, STEP_UP_CALLBACK_PATH] : [];
}

/**
 * What higher slices use of the step-up (installed only with approvals.stepUp): the exposure
 * slice's Re-activate… steps up when `for` names `reactivate-exposed`.
 */
export interface StepUpApi {
  /** approvals.stepUp.for holds `reactivate-exposed`. */
  requiredForReactivation(): boolean;
  /** A ticket for this re-activation, and the admin's ephemeral "Verify with ..." answer. */
  promptReactivation(actor: Actor, reactivation: PendingReactivation): Promise<Reply>;
  /** What a verified re-activation ticket runs; registered once, by the exposure slice. */
  onReactivation(handler: ReactivationHandler): void;
}

/**
 * approvals.stepUp: approvals of deletions count only after the approver signs in again at the
 * organization's OpenID Connect provider. Without it in the policy, nothing is installed and
 * approvals work as they always did.
 */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { approvals: Pick<ApprovalsApi, 'service' | 'requireStepUp'>; routes: HttpRoutes },
): StepUpApi | undefined {
  const { config, store, client, clock, log } = context;
  const policy = config.policy.approvals?.stepUp;
  if (!policy || !config.stepUp) return undefined;
  const { publicUrl, clientSecret } = config.stepUp;
  const reactivations = new StepUpReactivations();
  const service = new StepUpService({
    rule: policy,
    tickets: new DynamoStepUpTickets(store.doc, store.tableName),
    idp: new OpenIdConnectClient({
      issuer: policy.issuer,
      clientId: policy.clientId,
      clientSecret,
      redirectUri: `${publicUrl}${STEP_UP_CALLBACK_PATH}`,
    }),
    directory: new WebApiDirectory(client),
    approvals: lower.approvals.service,
    reactivations,
    people: context.people,
    notifier: new SlackStepUpNotifier(client, log),
    audit: context.audit,
    limiter: new AttemptLimiter(clock),
    clock,
    log,
  });
  const provider = new URL(policy.issuer).host;
  const prompt = stepUpPrompt(service, `${publicUrl}${STEP_UP_START_PATH}`, provider);
  lower.approvals.requireStepUp(
    { requiredFor: (request) => service.requiredFor(request) },
    (actor, decision) => prompt(actor, { verb: 'approve', decision }),
  );
  // The link button: Slack opens its URL and sends the click too, which only needs its ack.
  slack.buttons.on(STEP_UP_LINK_ACTION, async () => undefined);
  const routes = stepUpRoutes(service, publicUrl, log);
  lower.routes.on(STEP_UP_START_PATH, routes.start);
  lower.routes.on(STEP_UP_CALLBACK_PATH, routes.callback);
  return {
    requiredForReactivation: () => service.requiredForReactivation(),
    promptReactivation: (actor, reactivation) => prompt(actor, { verb: 'reactivate-exposed', reactivation }),
    onReactivation: (handler) => reactivations.set(handler),
  };
}

export type { PendingReactivation } from './domain/step-up-ticket';
export type { ReactivationHandler, ReactivationOutcome } from './domain/step-up-reactivations';
