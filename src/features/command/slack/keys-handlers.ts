import type { Access } from '../../../platform/access/access';
import type { Actor } from '../../../kernel/authorization';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import { resolveTarget } from '../../../platform/access/target';
import type { KeysCommand } from '../domain/command';
import type { ApprovalService } from '../../approvals/domain/approval-service';
import type { AuditQueries, AuditTrail } from '../../audit/domain/audit-queries';
import type { KeyCreation } from '../../creation/domain/key-creation';
import type { KeyCommands } from '../../keys/domain/key-commands';
import type { KeyRotation } from '../../rotation/domain/key-rotation';
import type { KeyQueries } from '../../keys/domain/key-queries';
import type { Clock } from '../../../kernel/types';
import type { PendingRequests } from '../../approvals/domain/pending-requests';
import { requestOpenedBlocks } from '../../approvals/slack/approval-request';
import { auditPageBlocks } from '../../audit/slack/audit';
import { pendingPageBlocks } from '../../approvals/slack/pending-page';
import { helpBlocks } from './help';
import { keyListBlocks } from '../../keys/slack/key-list';
import { lastUsedBlocks } from '../../keys/slack/last-used';
import type { Reply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply, refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { createdBlocks, rotationStartedBlocks } from '../../creation/slack/created';
import { statusChangeBlocks } from '../../keys/slack/status-change';
import { auditExportReply, type AuditExportCommandDeps } from '../../audit/slack/audit-export-command';
import { staleReply, type StaleCommandDeps } from '../../reports/slack/stale-command';

export interface CommandDeps {
  access: Access;
  accounts: IamAccounts;
  queries: KeyQueries;
  commands: KeyCommands;
  approvals: ApprovalService;
  pendingRequests: PendingRequests;
  creation: KeyCreation;
  rotation: KeyRotation;
  auditQueries: AuditQueries;
  auditExport: AuditExportCommandDeps;
  stale: StaleCommandDeps;
  approvalsChannel?: string;
  clock: Clock;
}

type Handler<K extends KeysCommand['kind']> = (
  deps: CommandDeps,
  actor: Actor,
  command: Extract<KeysCommand, { kind: K }>,
) => Promise<Reply>;

const help: Handler<'help'> = async () => helpBlocks();

const list: Handler<'list'> = async (deps, actor, command) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user);
  if (!target.ok) return refusalReply(target.refusal);
  const { owner, account } = target.value;
  return outcomeReply(await deps.queries.list(actor, owner, account), (listing) =>
    keyListBlocks(listing, deps.clock.now(), { deletionButton: deps.approvalsChannel !== undefined }),
  );
};

const lastUsed: Handler<'last-used'> = async (deps, actor, command) =>
  outcomeReply(await deps.queries.lastUsed(actor, command.keyId), (view) =>
    lastUsedBlocks(view, deps.clock.now()),
  );

const create: Handler<'create'> = async (deps, actor, command) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user);
  if (!target.ok) return refusalReply(target.refusal);
  const { owner, account } = target.value;
  return outcomeReply(await deps.creation.create(actor, owner, account), createdBlocks);
};

const rotate: Handler<'rotate'> = async (deps, actor, command) => {
  const target = await resolveTarget(deps.access, deps.accounts, actor, command.user);
  if (!target.ok) return refusalReply(target.refusal);
  const { owner, account } = target.value;
  return outcomeReply(await deps.rotation.start(actor, owner, account), ({ created }) =>
    rotationStartedBlocks(created),
  );
};

const activate: Handler<'activate'> = async (deps, actor, command) =>
  outcomeReply(await deps.commands.setStatus(actor, command.keyId, 'Active'), statusChangeBlocks);

const deactivate: Handler<'deactivate'> = async (deps, actor, command) =>
  outcomeReply(await deps.commands.setStatus(actor, command.keyId, 'Inactive'), statusChangeBlocks);

const deleteKey: Handler<'delete'> = async (deps, actor, command) =>
  outcomeReply(await deps.approvals.request(actor, command.keyId, command.reason), (request) =>
    requestOpenedBlocks(request, deps.approvalsChannel ?? ''),
  );

const approvals: Handler<'approvals'> = async (deps, actor) =>
  outcomeReply(await deps.pendingRequests.page(actor), (page) => pendingPageBlocks(page, deps.clock.now()));

const audit: Handler<'audit'> = async (deps, actor, command) => {
  const target = command.target;
  const firstPage = async (trail: AuditTrail) =>
    outcomeReply(await deps.auditQueries.page(actor, trail), (page) => auditPageBlocks(page, trail));
  if (target && 'keyId' in target) return firstPage({ keyId: target.keyId });
  if (target) {
    const resolved = await resolveTarget(deps.access, deps.accounts, actor, target);
    if (!resolved.ok) return refusalReply(resolved.refusal);
    const { owner, account } = resolved.value;
    // An account named explicitly narrows the trail to it; a bare USER shows every account's events.
    return firstPage(target.account === undefined ? { owner } : { owner, account: account.name });
  }
  return firstPage({ all: true });
};

const auditExport: Handler<'audit-export'> = async (deps, actor, command) =>
  auditExportReply(deps.auditExport, actor, command.days);

const stale: Handler<'stale'> = async (deps, actor) => staleReply(deps.stale, actor);

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
};

export async function runCommand(deps: CommandDeps, actor: Actor, command: KeysCommand): Promise<Reply> {
  const handler = HANDLERS[command.kind] as Handler<typeof command.kind>;
  return handler(deps, actor, command);
}
