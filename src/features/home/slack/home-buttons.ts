import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { ApprovalService } from '../../approvals/domain/approval-service';
import type { HomeKeyActions } from '../domain/home-key-actions';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { RunResult } from '../../reports/domain/scheduled-reports';
import { KEY_ID, type KeyId } from '../../../kernel/types';
import { requestOpenedBlocks } from '../../approvals/slack/approval-request';
import { rotationStartedBlocks } from '../../creation/slack/created';
import { NOT_A_HOME_BUTTON, RUN_NOW_STARTED, runNowText, WITHDRAWN_NOTICE } from './home-texts';
import { statusChangeBlocks } from '../../keys/slack/status-change';
import { refusalText } from '../../../platform/slack/blocks/texts';
import { decodeJson } from '../../../platform/slack/json-value';
import { askedForReason } from '../../approvals/slack/ask-reason';
import { homeButton, type HomeButtonDeps } from './home-button';
import type { Account } from '../../../kernel/accounts';
import type { Outcome } from '../../../kernel/outcome';

export interface HomeActionDeps extends HomeButtonDeps {
  accounts: IamAccounts;
  homeKeys: HomeKeyActions;
  approvals: ApprovalService;
  approvalsChannel?: string;
  /** The reports feature's run-now, as the clicking admin (it checks the role itself). */
  runReport(slackUserId: string, index: number): Promise<RunResult | 'not-allowed'>;
}

/** What a key's buttons carry (see HomeKeyValue): the key and the name of its account. */
const keyValue = z.object({
  account: z.string().min(1).max(64),
  keyId: z
    .string()
    .regex(KEY_ID)
    .transform((text) => text as KeyId),
});
const requestId = z.string().regex(/^[0-9a-f-]{36}$/);
const reportIndex = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number);

function parseKey(value: string, accounts: IamAccounts): { account: Account; keyId: KeyId } | string {
  const parsed = decodeJson(keyValue, value);
  if (!parsed) return NOT_A_HOME_BUTTON;
  const account = accounts.byName(parsed.account);
  if (!account) {
    return refusalText({
      reason: 'unknown-account',
      name: parsed.account,
      known: accounts.all().map((known) => known.name),
    });
  }
  return { account, keyId: parsed.keyId };
}

function notice<T>(outcome: Outcome<T>, onDone: (value: T) => string): string {
  return outcome.ok ? onDone(outcome.value) : refusalText(outcome.refusal);
}

type KeyVerb = 'rotate' | 'deactivate' | 'request-deletion';

/** Rotate, Deactivate and Request deletion next to a key on the Home. */
export function homeKeyAction(verb: KeyVerb, deps: HomeActionDeps) {
  return homeButton(`home.${verb}`, deps, async ({ actor, value, openModal }) => {
    const key = parseKey(value, deps.accounts);
    if (typeof key === 'string') return key;
    const asked =
      verb === 'request-deletion' &&
      (await askedForReason(deps.approvals, openModal, { source: 'home', target: key.keyId }));
    if (asked) return '';
    switch (verb) {
      case 'rotate':
        return notice(
          await deps.homeKeys.rotate(actor, key.account, key.keyId),
          (started) => rotationStartedBlocks(started.created).text,
        );
      case 'deactivate':
        return notice(
          await deps.homeKeys.deactivate(actor, key.account, key.keyId),
          (change) => statusChangeBlocks(change).text,
        );
      case 'request-deletion':
        return notice(
          await deps.homeKeys.requestDeletion(actor, key.keyId),
          (request) => requestOpenedBlocks(request, deps.approvalsChannel ?? '').text,
        );
    }
  });
}

/** Withdraw next to one of the person's own requests; the service refuses anyone else's. */
export function homeWithdrawAction(deps: HomeActionDeps) {
  return homeButton('home.withdraw', deps, async ({ actor, value }) => {
    const id = requestId.safeParse(value);
    if (!id.success) return NOT_A_HOME_BUTTON;
    return notice(await deps.approvals.withdraw(actor, id.data), () => WITHDRAWN_NOTICE);
  });
}

/** Run now on a report entry: the admin sees it running, then the Home with the new run. */
export function homeRunReportAction(deps: HomeActionDeps) {
  return homeButton('home.run-report', deps, async ({ actor, value }) => {
    const index = reportIndex.safeParse(value);
    if (!index.success) return NOT_A_HOME_BUTTON;
    if (actor.isAdmin) await deps.publishHome(actor.slackUserId, RUN_NOW_STARTED);
    try {
      return runNowText(await deps.runReport(actor.slackUserId, index.data));
    } catch (error) {
      // An entry the policy no longer has (the Home was published before a restart with fewer).
      if (error instanceof RangeError) return NOT_A_HOME_BUTTON;
      throw error;
    }
  });
}

/** The "Open request" link opens Slack by itself; its click still arrives and is only acknowledged. */
export function homeLinkAction() {
  return async ({ ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
  };
}
