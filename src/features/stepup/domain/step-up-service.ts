import type { ApprovalRequest, ApprovalService, StepUpEvidence } from '../../approvals/domain';
import type { Actor } from '../../../kernel/authorization';
import { Auditor } from '../../../kernel/auditor';
import { codeOf } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { People } from '../../../kernel/ports/people';
import { asSlackUserId, type Clock, type SlackUserId } from '../../../kernel/types';
import type { AttemptLimiter } from './attempt-limiter';
import type { ApproverDirectory } from './ports/approver-directory';
import type { IdentityProvider, SignIn } from '../../../kernel/ports/identity-provider';
import type { StepUpNotifier } from './ports/step-up-notifier';
import type { StepUpTickets } from './ports/step-up-tickets';
import { judgeSignIn, type StepUpRule } from './sign-in-policy';
import type { StepUpFailure, StepUpResult } from './step-up-result';
import { hashOf, matches, parseState, randomSecret, SECRET, stateOf } from './step-up-secrets';
import type { StepUpReactivations } from './step-up-reactivations';
import { subjectOf, TICKET_TTL_MS, type StepUpPurpose, type StepUpTicket } from './step-up-ticket';

export interface StepUpDeps {
  rule: StepUpRule & { for: readonly string[] };
  tickets: StepUpTickets;
  idp: IdentityProvider;
  directory: ApproverDirectory;
  approvals: Pick<ApprovalService, 'approve'>;
  /** What a verified `reactivate-exposed` ticket runs (the exposure slice registers it). */
  reactivations: Pick<StepUpReactivations, 'complete'>;
  people: Pick<People, 'actor'>;
  notifier: StepUpNotifier;
  audit: AuditLog;
  limiter: AttemptLimiter;
  clock: Clock;
  log: Logger;
}

export type StartResult =
  { ok: true; redirect: string } | { ok: false; failure: StepUpFailure; verb?: StepUpTicket['verb'] };

/** A browser's request: the cookie secret it carries (or is given), and its address for rate limits. */
export interface BrowserRequest {
  browser: string | undefined;
  address: string;
}

/**
 * The step-up of an approval, or of an exposure re-activation (approvals.stepUp.for). Approve (or
 * Re-activate…) issues a ticket bound to its action; its link starts an authorization code flow at
 * the provider; the callback uses the ticket once, has openid-client verify the sign-in, checks it
 * against the policy and against the ticket's person, and only then hands the action back: an
 * approval to the approvals slice, through the same approve() and conditional write as a click; a
 * re-activation to the handler the exposure slice registered. Every failure does nothing, is
 * audited, and is told to the person where one is known.
 */
export class StepUpService {
  private readonly auditor: Auditor;

  constructor(private readonly deps: StepUpDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /** Deletions' approvals wait for a step-up when the policy names `delete`. */
  requiredFor(_request: ApprovalRequest): boolean {
    return this.deps.rule.for.includes('delete');
  }

  /** Exposure re-activations wait for a step-up when the policy names `reactivate-exposed`. */
  requiredForReactivation(): boolean {
    return this.deps.rule.for.includes('reactivate-exposed');
  }

  /** A ticket for this action; the token for its person's link (shown to them only). */
  async issue(actor: Actor, purpose: StepUpPurpose): Promise<string> {
    const token = randomSecret();
    const now = this.deps.clock.now();
    await this.deps.tickets.create({
      ...purpose,
      id: hashOf(token),
      approver: actor.slackUserId,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + TICKET_TTL_MS),
    });
    return token;
  }

  /** The link was opened: the provider's sign-in page to go to, or why not. */
  async start(
    token: string | undefined,
    request: BrowserRequest & { browser: string },
  ): Promise<StartResult> {
    const ticket = token && SECRET.test(token) ? await this.deps.tickets.get(hashOf(token)) : undefined;
    if (!ticket) return this.anonymous('unknown-link', request.address);
    if (!this.deps.limiter.allow(ticket.approver)) return this.fail(ticket, 'rate-limited');
    const now = this.deps.clock.now();
    if (ticket.usedAt) return this.fail(ticket, 'used');
    if (now >= ticket.expiresAt) return this.fail(ticket, 'expired');
    const secret = randomSecret();
    const flow = {
      stateHash: hashOf(secret),
      nonce: randomSecret(),
      codeVerifier: randomSecret(),
      browserHash: hashOf(request.browser),
    };
    let redirect: string;
    try {
      redirect = await this.deps.idp.authorizationUrl({
        state: stateOf(ticket.id, secret),
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
        loginHint: await this.emailOf(ticket.approver),
        acrValues: this.deps.rule.acrValues,
        maxAgeSeconds: this.deps.rule.maxAgeSeconds,
      });
    } catch (error) {
      return this.fail(ticket, this.idpFailure(error), error);
    }
    if (!(await this.deps.tickets.startFlow(ticket.id, flow, now))) {
      const current = await this.deps.tickets.get(ticket.id);
      return this.fail(ticket, current?.usedAt ? 'used' : 'expired');
    }
    return { ok: true, redirect };
  }

  /** The provider sent the browser back: the approval recorded (or the key re-activated), or why not. */
  async finish(callback: URL, request: BrowserRequest): Promise<StepUpResult> {
    const state = parseState(callback.searchParams.get('state') ?? undefined);
    const ticket = state ? await this.deps.tickets.get(state.ticketId) : undefined;
    if (!state || !ticket) return this.anonymous('forged-state', request.address);
    if (!this.deps.limiter.allow(ticket.approver)) return this.fail(ticket, 'rate-limited');
    const { flow } = ticket;
    if (!flow || !matches(state.secret, flow.stateHash)) return this.fail(ticket, 'forged-state');
    if (!matches(request.browser, flow.browserHash)) return this.fail(ticket, 'other-browser');
    const now = this.deps.clock.now();
    if (ticket.usedAt) return this.fail(ticket, 'used');
    if (now >= ticket.expiresAt) return this.fail(ticket, 'expired');
    // Used before the code is redeemed: a callback that arrives twice (two replicas) counts once.
    if (!(await this.deps.tickets.use(ticket.id, flow.stateHash, now))) {
      const current = await this.deps.tickets.get(ticket.id);
      return this.fail(ticket, current?.usedAt ? 'used' : 'expired');
    }
    let signIn: SignIn;
    try {
      signIn = await this.deps.idp.redeem(callback, {
        state: stateOf(ticket.id, state.secret),
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
      });
    } catch (error) {
      return this.fail(ticket, this.idpFailure(error), error);
    }
    const judged = judgeSignIn(this.deps.rule, signIn, this.deps.clock.now());
    if (!judged.ok) return this.fail(ticket, judged.failure, undefined, signIn);
    const who = await this.whoSignedIn(signIn);
    if (who === 'unconfirmed') return this.fail(ticket, 'identity-unconfirmed', undefined, signIn);
    if (who !== ticket.approver) return this.fail(ticket, 'wrong-person', undefined, signIn);
    const actor = await this.deps.people.actor(ticket.approver);
    const result = await this.complete(actor, ticket, judged.evidence);
    await this.deps.notifier.tell(ticket.approver, ticket, result);
    return result;
  }

  /** The ticket's action, as its person, with the sign-in's evidence; the slice that owns it checks everything again. */
  private async complete(
    actor: Actor,
    ticket: StepUpPurpose,
    evidence: StepUpEvidence,
  ): Promise<StepUpResult> {
    if (ticket.verb === 'reactivate-exposed') {
      const outcome = await this.deps.reactivations.complete(actor, ticket.reactivation, evidence);
      return outcome.ok
        ? { ok: true, reactivated: outcome.text }
        : { ok: false, failure: 'reactivation-refused', text: outcome.text };
    }
    const { requestId, message, note } = ticket.decision;
    // The approvals slice checks everything again (rights, state, expiry) and audits what it does.
    const outcome = await this.deps.approvals.approve(actor, requestId, message, note, evidence);
    return outcome.ok
      ? { ok: true, request: outcome.value }
      : { ok: false, failure: 'approval-refused', refusal: outcome.refusal };
  }

  /**
   * The Slack member the sign-in names, by the identity rules: a `slack_user_id` claim where the
   * provider sends one, else its verified email, looked up as the identity mapping looks emails up.
   */
  private async whoSignedIn(signIn: SignIn): Promise<SlackUserId | undefined | 'unconfirmed'> {
    if (signIn.slackUserId) return asSlackUserId(signIn.slackUserId);
    if (!signIn.email || signIn.emailVerified === false) return undefined;
    try {
      return await this.deps.directory.userByEmail(signIn.email);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'step-up: Slack could not say whose email signed in');
      return 'unconfirmed';
    }
  }

  /** The login_hint; without it the provider simply asks who is signing in. */
  private async emailOf(approver: SlackUserId): Promise<string | undefined> {
    try {
      return await this.deps.directory.emailOf(approver);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'step-up: no login hint, Slack did not answer');
      return undefined;
    }
  }

  private idpFailure(error: unknown): StepUpFailure {
    return codeOf(error) === 'OIDC_UNAVAILABLE' ? 'idp-unavailable' : 'idp-rejected';
  }

  private async fail(
    ticket: StepUpTicket,
    failure: StepUpFailure,
    error?: unknown,
    signIn?: SignIn,
  ): Promise<{ ok: false; failure: StepUpFailure; verb: StepUpTicket['verb'] }> {
    // Who signed in, for the review, where it was someone: the subject and the method, never a token.
    const who = signIn ? ` (sub=${signIn.subject} amr=${signIn.amr.join(',') || '-'})` : '';
    this.deps.log.warn(
      { err: error, failure, ...subjectOf(ticket), acr: signIn?.acr, amr: signIn?.amr },
      'step-up refused',
    );
    const detail = `step-up: ${failure}${who}`;
    await (ticket.verb === 'approve'
      ? this.auditor.as(ticket.approver).refused('approve', { requestId: ticket.decision.requestId, detail })
      : this.auditor
          .as(ticket.approver)
          .refused('exposure', { keyId: ticket.reactivation.keyId, detail: `reactivate ${detail}` }));
    const result = { ok: false as const, failure, verb: ticket.verb };
    await this.deps.notifier.tell(ticket.approver, ticket, result);
    return result;
  }

  /** A link or state no ticket has: nobody to tell, but the attempt is on the record. */
  private async anonymous(
    failure: StepUpFailure,
    address: string,
  ): Promise<{ ok: false; failure: StepUpFailure }> {
    if (!this.deps.limiter.allow(`address:${address}`)) return { ok: false, failure: 'rate-limited' };
    this.deps.log.warn({ failure }, 'step-up refused: no such ticket');
    await this.auditor.as('system').refused('approve', { detail: `step-up: ${failure}` });
    return { ok: false, failure };
  }
}
