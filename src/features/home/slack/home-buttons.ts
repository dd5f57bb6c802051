import { z } from 'zod';
import type { HomeKeyActions } from '../domain/home-key-actions';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { ApprovalsApi } from '../../approvals';
import type { ReportsApi } from '../../reports';
import { KEY_ID, type KeyId } from '../../../kernel/types';
import { rotationStartedBlocks } from '../../creation';
import { rotationRefusalReply, type RetireButtons } from '../../rotation';
import { HOME_DEACTIVATE_ACTION, HOME_DELETE_ACTION } from './home-actions';
import type { HomeKeyValue } from './home-keys';
import { NOT_A_HOME_BUTTON, RUN_NOW_STARTED, runNowText, WITHDRAWN_NOTICE } from './home-texts';
import { statusChangeBlocks } from '../../keys';
import { outcomeNotice, refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { decodeJson } from '../../../platform/slack/json-value';
import type { ButtonListener } from '../../../platform/bolt/action-router';
import { homeButton } from './home-button';
import type { PublishHome } from './publish-home';
import type { Account } from '../../../kernel/accounts';
import { isUuid } from '../../../kernel/ids';

export interface HomeButtonDeps {
  accounts: IamAccounts;
  homeKeys: HomeKeyActions;
  approvals: Pick<ApprovalsApi, 'service' | 'askForReason' | 'opened'>;
  /** The reports feature's run-now, as the clicking admin (it checks the role itself). */
  runReport: ReportsApi['runNow'];
  publishHome: PublishHome;
  /** Whether deletions can be requested (approvals configured): a rotation at two keys offers it. */
  deletionEnabled: boolean;
}

/** What a key's buttons carry (see HomeKeyValue): the key and the name of its account. */
const keyValue = z.object({
  account: z.string().min(1).max(64),
  keyId: z
    .string()
    .regex(KEY_ID)
    .transform((text) => text as KeyId),
});
const requestId = z.string().refine(isUuid);
const reportIndex = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number);

function parseKey(value: string, accounts: IamAccounts): { account: Account; keyId: KeyId } | string | Reply {
  const parsed = decodeJson(keyValue, value);
  if (!parsed) return NOT_A_HOME_BUTTON;
  const account = accounts.byName(parsed.account);
  if (!account) {
    return refusalReply({
      reason: 'unknown-account',
      name: parsed.account,
      known: accounts.all().map((known) => known.name),
    });
  }
  return { account, keyId: parsed.keyId };
}

type KeyVerb = 'rotate' | 'deactivate' | 'request-deletion';

/** Rotate, Deactivate and Request deletion next to a key on the Home. */
export function homeKeyButton(verb: KeyVerb, deps: HomeButtonDeps): ButtonListener {
  return homeButton(deps.publishHome, async function actOnHomeKey({ actor, value, openModal }) {
    const key = parseKey(value, deps.accounts);
    if (typeof key === 'string' || !('keyId' in key)) return key;
    const asked =
      verb === 'request-deletion' &&
      (await deps.approvals.askForReason(openModal, { source: 'home', target: key.keyId, clicker: actor }));
    if (asked) return '';
    const clicker = await actor();
    switch (verb) {
      case 'rotate': {
        const started = await deps.homeKeys.rotate(clicker, key.account, key.keyId);
        if (started.ok) return rotationStartedBlocks(started.value.created).text;
        // At two keys, as `/keys rotate` answers: the Home's own buttons retire the older key first.
        return rotationRefusalReply(started.refusal, {
          deletionButton: deps.deletionEnabled,
          buttons: homeRetireButtons(key.account),
        });
      }
      case 'deactivate':
        return outcomeNotice(
          await deps.homeKeys.deactivate(clicker, key.account, key.keyId),
          (change) => statusChangeBlocks(change).text,
        );
      case 'request-deletion':
        return outcomeNotice(
          await deps.homeKeys.requestDeletion(clicker, key.keyId),
          (request) => deps.approvals.opened(request).text,
        );
    }
  });
}

/** The Home's Deactivate and Request deletion, for a key of `account`: answered on the Home. */
function homeRetireButtons(account: Account): RetireButtons {
  return {
    deactivate: HOME_DEACTIVATE_ACTION,
    requestDeletion: HOME_DELETE_ACTION,
    value: (older) => JSON.stringify({ account: account.name, keyId: older.keyId } satisfies HomeKeyValue),
  };
}

/** Withdraw next to one of the person's own requests; the service refuses anyone else's. */
export function homeWithdrawButton(deps: HomeButtonDeps): ButtonListener {
  return homeButton(deps.publishHome, async function withdrawFromHome({ actor, value }) {
    const id = requestId.safeParse(value);
    if (!id.success) return NOT_A_HOME_BUTTON;
    return outcomeNotice(
      await deps.approvals.service.withdraw(await actor(), id.data),
      () => WITHDRAWN_NOTICE,
    );
  });
}

/** Run now on a report entry: the admin sees it running, then the Home with the new run. */
export function homeRunReportButton(deps: HomeButtonDeps): ButtonListener {
  return homeButton(deps.publishHome, async function runReportFromHome({ actor, value }) {
    const index = reportIndex.safeParse(value);
    if (!index.success) return NOT_A_HOME_BUTTON;
    const clicker = await actor();
    if (clicker.isAdmin) await deps.publishHome(clicker.slackUserId, RUN_NOW_STARTED);
    try {
      return runNowText(await deps.runReport(clicker.slackUserId, index.data));
    } catch (error) {
      // An entry the policy no longer has (the Home was published before a restart with fewer).
      if (error instanceof RangeError) return NOT_A_HOME_BUTTON;
      throw error;
    }
  });
}

/** The "Open request" link opens Slack by itself; its click still arrives and is only acknowledged. */
export const homeLinkButton: ButtonListener = async () => undefined;
