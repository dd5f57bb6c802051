import type { Access } from '../../../platform/access/access';
import type { Actor } from '../../../kernel/authorization';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import { resolveTarget } from './target';
import type { KeysCommand } from '../domain/command';
import {
  everyAccountListBlocks,
  keyListBlocks,
  lastUsedBlocks,
  statusChangeBlocks,
  userNowhere,
  type KeysApi,
} from '../../keys';
import { auditExportReply, auditPageBlocks, type AuditApi, type AuditTrail } from '../../audit';
import { createdBlocks, rotationStartedBlocks, type CreationApi } from '../../creation';
import { pendingPageBlocks, type ApprovalsApi } from '../../approvals';
import { rotationRefusalReply, type RotationApi } from '../../rotation';
import type { ReportsApi } from '../../reports';
import { activityReply, exposedReply, type ExposureApi } from '../../exposure';
import type { OrganizationApi } from '../../organization';
import type { Clock } from '../../../kernel/types';
import { helpBlocks } from './help';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply, refusalReply } from '../../../platform/slack/blocks/outcome-reply';

/** What `/keys` runs on: the slices below it, through their index. */
export interface CommandDeps {
  access: Access;
  accounts: IamAccounts;
  keys: KeysApi;
  audit: AuditApi;
  creation: CreationApi;
  approvals: ApprovalsApi;
  rotation: RotationApi;
  reports: ReportsApi;
  exposure: ExposureApi;
  organization: OrganizationApi;
  /** Whether a listed key gets a Request deletion button (the policy has an approvals channel). */
  deletionButton: boolean;
  clock: Clock;
}

/** Where the command was typed (its conversation), for answers that depend on it. */
export interface CommandPlace {
  channel?: string;
}

type Handler<K extends KeysCommand['kind']> = (
  deps: CommandDeps,
  actor: Actor,
  command: Extract<KeysCommand, { kind: K }>,
  place: CommandPlace,
) => Promise<Reply>;

const help: Handler<'help'> = async (deps, actor) => {
  const reasonRule = deps.approvals.service.personReasonRule();
  return helpBlocks({
    isAdmin: actor.isAdmin,
    accounts: deps.accounts.all(),
    ...(reasonRule ? { reasonRule } : {}),
  });
};

const list: Handler<'list'> = async (deps, actor, command) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user, 'read');
  if (!target.ok) return refusalReply(target.refusal);
  const { owner, account } = target.value;
  const options = { deletionButton: deps.deletionButton };
  // USER@ACCOUNT narrows the list to that account; otherwise every account is listed, as the Home does.
  if (command.user?.account !== undefined) {
    return outcomeReply(await deps.keys.queries.list(actor, owner, account), (listing) =>
      keyListBlocks(listing, deps.clock.now(), options),
    );
  }
  const everywhere = await deps.keys.queries.listEverywhere(actor, owner);
  if (!everywhere.ok) return refusalReply(everywhere.refusal);
  const nowhere = userNowhere(everywhere.value);
  if (nowhere) return refusalReply(nowhere);
  return everyAccountListBlocks(everywhere.value, deps.clock.now(), options);
};

const lastUsed: Handler<'last-used'> = async (deps, actor, command) =>
  outcomeReply(await deps.keys.queries.lastUsed(actor, command.keyId), (view) =>
    lastUsedBlocks(view, deps.clock.now()),
  );

/** A target refused before the slice is asked (a stranger's bare `/keys create`): audited all the same. */
async function refusedTarget(
  deps: CommandDeps,
  actor: Actor,
  action: 'create' | 'rotate',
  refusal: Parameters<typeof refusalReply>[0],
): Promise<Reply> {
  await deps.audit.refused(actor, action, refusal);
  return refusalReply(refusal);
}

const create: Handler<'create'> = async (deps, actor, command) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user, 'change');
  if (!target.ok) return refusedTarget(deps, actor, 'create', target.refusal);
  const { owner, account } = target.value;
  return outcomeReply(await deps.creation.creation.create(actor, owner, account), (result) =>
    createdBlocks(result, actor.slackUserId),
  );
};

const rotate: Handler<'rotate'> = async (deps, actor, command, place) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user, 'change');
  if (!target.ok) return refusedTarget(deps, actor, 'rotate', target.refusal);
  const { owner, account } = target.value;
  const started = await deps.rotation.rotation.start(actor, owner, account);
  // At two keys, the way on as buttons (retire the older key first).
  if (!started.ok) return rotationRefusalReply(started.refusal, { deletionButton: deps.deletionButton });
  // Typed in the conversation the guide was posted to: the guide (and the secret beside it) is the
  // answer; a third message saying so would only repeat them.
  const guide = started.value.rotation.message;
  if (guide && guide.channel === place.channel) return { text: '', blocks: [] };
  return rotationStartedBlocks(started.value.created);
};

const activate: Handler<'activate'> = async (deps, actor, command) =>
  outcomeReply(await deps.keys.commands.setStatus(actor, command.keyId, 'Active'), statusChangeBlocks);

const deactivate: Handler<'deactivate'> = async (deps, actor, command) =>
  outcomeReply(await deps.keys.commands.setStatus(actor, command.keyId, 'Inactive'), statusChangeBlocks);

const deleteKey: Handler<'delete'> = async (deps, actor, command) =>
  outcomeReply(await deps.approvals.service.request(actor, command.keyId, command.reason), (request) =>
    deps.approvals.opened(request, actor),
  );

const approvals: Handler<'approvals'> = async (deps, actor) =>
  outcomeReply(await deps.approvals.pending.page(actor), (page) => pendingPageBlocks(page, deps.clock.now()));

const audit: Handler<'audit'> = async (deps, actor, command) => {
  const target = command.target;
  const firstPage = async (trail: AuditTrail) =>
    outcomeReply(await deps.audit.queries.page(actor, trail), (page) => auditPageBlocks(page, trail));
  if (target && 'keyId' in target) return firstPage({ keyId: target.keyId });
  if (target) {
    const resolved = await resolveTarget(deps.access, deps.accounts, actor, target, 'read');
    if (!resolved.ok) return refusalReply(resolved.refusal);
    const { owner, account } = resolved.value;
    // An account named explicitly narrows the trail to it; a bare USER shows every account's events.
    return firstPage(target.account === undefined ? { owner } : { owner, account: account.name });
  }
  return firstPage({ all: true });
};

const auditExport: Handler<'audit-export'> = async (deps, actor, command) =>
  auditExportReply(deps.audit.export, actor, command.days);

const stale: Handler<'stale'> = async (deps, actor) => deps.reports.stale(actor);

const exposed: Handler<'exposed'> = async (deps, actor, command) =>
  outcomeReply(await deps.exposure.actions.reportByHand(actor, command.keyId, command.reason), exposedReply);

const activity: Handler<'activity'> = async (deps, actor, command) =>
  outcomeReply(await deps.exposure.actions.activity(actor, command.keyId, command.days), activityReply);

const accounts: Handler<'accounts'> = async (deps, actor) => deps.organization.accounts(actor);

const accountsRefresh: Handler<'accounts-refresh'> = async (deps, actor) => deps.organization.refresh(actor);

/** One handler per subcommand (the type makes a missing one a compile error). */
export const HANDLERS: { [K in KeysCommand['kind']]: Handler<K> } = {
  help,
  list,
  'last-used': lastUsed,
  create,
  rotate,
  activate,
  deactivate,
  delete: deleteKey,
  approvals,
  audit,
  'audit-export': auditExport,
  stale,
  exposed,
  activity,
  accounts,
  'accounts-refresh': accountsRefresh,
};

export async function runCommand(
  deps: CommandDeps,
  actor: Actor,
  command: KeysCommand,
  place: CommandPlace = {},
): Promise<Reply> {
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind>;
  return handler(deps, actor, command, place);
}
